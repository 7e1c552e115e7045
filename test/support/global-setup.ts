import 'vitest';
import type { TestProject } from 'vitest/node';
import { startDynalite } from '../../infra/local/dynalite.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's dynalite: its 0600 Unix socket, as the local stack reaches it (no TCP port). */
    dynamoSocket: string;
  }
}

/** One in-memory dynalite for the whole run, in its own process; each test file creates its own table. */
export default async function setup(project: TestProject) {
  const engine = await startDynalite();
  project.provide('dynamoSocket', engine.socketPath);
  return async () => engine.stop();
}
