import type { Config } from '../lib/config.js';
import type { Platform } from '../lib/platform.js';
import type { AdminDeps } from './handler.js';

/** functions/admin's dependencies, on AWS and locally. */
export const adminDeps = (_config: Config, platform: Pick<Platform, 'deadLetters'>): AdminDeps => ({
  deadLetters: platform.deadLetters,
});
