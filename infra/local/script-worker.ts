import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running the module `name` beside the caller: the compiled `./<name>.js` when the caller runs
 * from dist/, or the `./<name>.ts` source through tsx when it runs as TypeScript (tests, `npm run koe`). `here`
 * is the caller's import.meta.url, which must be its bundle's (its source says "build: keeps its own
 * import.meta.url", infra/local/build.js).
 */
export const startScriptWorker = (here: string, name: string, options: WorkerOptions = {}): Worker => {
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, here), options);
  // tsx's ESM API (its require() twin cannot find its own files from a worker): `tsx/esm` is exported to both.
  const tsx = new URL('./api/index.mjs', pathToFileURL(createRequire(here).resolve('tsx/esm'))).href;
  const source = new URL(`./${name}.ts`, here).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(source)}, ${JSON.stringify(here)}))`;
  return new Worker(boot, { ...options, eval: true });
};
