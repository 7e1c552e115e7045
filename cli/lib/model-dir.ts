import { join, resolve } from 'node:path';

/** Where `koe train` writes and `koe analyze` reads models: KOE_MODEL_DIR, else `models/` in the data folder (KOE_DATA_DIR or .koe). */
export const modelDir = (env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string =>
  resolve(cwd, env.KOE_MODEL_DIR ?? join(env.KOE_DATA_DIR ?? '.koe', 'models'));
