import 'vitest';
import type { TestProject } from 'vitest/node';
import { ensureBuilt } from '../../infra/local/build.js';
import { startDynalite } from '../../infra/local/dynalite.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's dynalite: its 0600 Unix socket, as the local stack reaches it (no TCP port). */
    dynamoSocket: string;
  }
}

/**
 * One in-memory dynalite for the whole run, in its own process; each test file creates its own table. And
 * dist/ compiled once, before any file starts: the tests that run `npm start` or `koe` as a user does spawn the
 * compiled entry points, which would otherwise each rebuild a stale dist/ at the same time.
 */
export default async function setup(project: TestProject) {
  await ensureBuilt();
  const engine = await startDynalite();
  project.provide('dynamoSocket', engine.socketPath);
  return async () => engine.stop();
}
