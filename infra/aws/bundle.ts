import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { functionEntry, KOE_BUNDLING } from './constructs/koe-function.js';

/**
 * Builds `functions/<fn>/index.ts` into `<outDir>/index.mjs` as the CDK does for Lambda (KOE_BUNDLING: ESM,
 * Node 22, minified, the AWS SDK left to the runtime), without Docker or a synth. For loading a bundle the
 * way Lambda does (test/integration/functions/bundled.test.ts, bench/bundles.ts); `outDir` must lie inside
 * the repository so the bundle finds the SDK in node_modules, as Lambda finds the runtime's.
 */
export const buildFunctionBundle = async (fn: string, outDir: string): Promise<string> => {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'index.mjs');
  await build({
    entryPoints: [functionEntry(fn)],
    outfile,
    bundle: true,
    platform: 'node',
    format: KOE_BUNDLING.format,
    target: KOE_BUNDLING.target,
    mainFields: [...KOE_BUNDLING.mainFields],
    banner: { js: KOE_BUNDLING.banner },
    minify: KOE_BUNDLING.minify,
    keepNames: KOE_BUNDLING.keepNames,
    sourcemap: KOE_BUNDLING.sourceMap,
    external: [...KOE_BUNDLING.externalModules],
    logLevel: 'error',
  });
  return outfile;
};
