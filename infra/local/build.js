// The compiled JavaScript that runs outside Lambda: `npx koe` and `npm start` load dist/, not TypeScript.
// `npm install`/`npm ci` builds it (`prepare`); `ensureBuilt` rebuilds it when a source is newer (a pull, an
// edit). tsx stays for tests, benches and `npm run koe` in development. Run as a script: builds once.
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the build goes (git-ignored). */
export const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.built');
// models/: the committed models are bundled (shared/analysis/model/load.ts imports them), so a retrained
// model makes dist/ stale like a source does.
const SOURCES = ['cli', 'infra/local', 'functions', 'shared', 'types', 'models', 'package.json', 'package-lock.json'];

/** Entry points by output name: each is dist/<name>.js. */
const ENTRIES = {
  koe: 'cli/main.ts',
  local: 'infra/local/main.ts',
  'dynalite-child': 'infra/local/dynalite-child.ts',
  // A worker thread of `koe analyze --threads N` (cli/lib/analyze-threads.ts finds it beside its own chunk).
  'analyze-worker': 'cli/lib/analyze-worker.ts',
  // The local stack's analysis consumer thread (infra/local/analysis-thread.ts finds it beside its own chunk).
  'analysis-worker': 'infra/local/analysis-worker.ts',
};

const newestSource = (path) => {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return /\.(ts|json)$/.test(path) ? info.mtimeMs : 0;
  let newest = info.mtimeMs; // a deleted or renamed file changes its folder
  for (const name of readdirSync(path))
    if (name !== 'node_modules') newest = Math.max(newest, newestSource(join(path, name)));
  return newest;
};

/** True when dist/ is missing or older than a source file. */
export const isStale = () => {
  const built = statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return SOURCES.some((source) => newestSource(join(ROOT, source)) > built);
};

/**
 * `import.meta.url` in a bundle is the bundle's file, not the source's: code that finds files next to its
 * source (fonts, the dashboard, kuromoji's dictionary) gets its source's URL, relative to the bundle so a
 * moved checkout still works. A file that wants the bundle's own URL says so with a `build: keeps` comment.
 */
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      let contents = await readFile(args.path, 'utf8');
      if (contents.includes('import.meta.url') && !contents.includes('build: keeps its own import.meta.url')) {
        const fromDist = relative(DIST, args.path).split('\\').join('/');
        contents = contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromDist)}, import.meta.url).href`);
      }
      return { contents, loader: 'ts' };
    });
  },
};

/** Builds dist/ with esbuild: ESM bundles of our code, node_modules left as imports. */
export const build = async () => {
  const esbuild = await import('esbuild');
  const started = performance.now();
  rmSync(DIST, { recursive: true, force: true }); // hashed chunk names: old ones would pile up
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: DIST,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    chunkNames: '[name]-[hash]', // beside the entries: one depth, so the source URLs above hold in every file
    logLevel: 'warning',
    plugins: [sourceUrls],
  });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return Math.round(performance.now() - started);
};

/** Rebuilds when stale (says so on stderr); then the entry `name` can be imported from dist/. */
export const ensureBuilt = async () => {
  if (existsSync(STAMP) && !isStale()) return;
  process.stderr.write('koe: compiling (sources changed since the last build)…\n');
  await build();
};

/** The file URL of a built entry. */
export const entryUrl = (name) => pathToFileURL(join(DIST, `${name}.js`)).href;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ms = await build();
  process.stdout.write(`koe: built ${relative(ROOT, DIST)}/ in ${ms} ms\n`);
}
