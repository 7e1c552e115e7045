/** dist/, where the build goes (git-ignored). */
export declare const DIST: string;
/** True when dist/ is missing or older than a source file. */
export declare const isStale: () => boolean;
/** Builds dist/ with esbuild; resolves the milliseconds it took. */
export declare const build: () => Promise<number>;
/** Rebuilds when stale (says so on stderr). */
export declare const ensureBuilt: () => Promise<void>;
/** The file URL of a built entry (`koe`, `local`, `dynalite-child`, `analyze-worker`). */
export declare const entryUrl: (name: string) => string;
