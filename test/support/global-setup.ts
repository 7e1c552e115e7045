import 'vitest';
import type { TestProject } from 'vitest/node';
import { startDynalite } from '../../infra/local/dynalite.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** One in-memory dynalite for the whole run; each test file creates its own table. */
export default async function setup(project: TestProject) {
  const engine = await startDynalite({ port: 0 });
  project.provide('dynamoEndpoint', engine.endpoint);
  return async () => engine.stop();
}
