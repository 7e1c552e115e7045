import { DynamoKeyStore } from '../../shared/adapters/dynamo/key-store.js';
import type { Config } from '../lib/config.js';
import type { Platform } from '../lib/platform.js';
import type { KeysHandlerDeps } from './handler.js';

/** functions/keys's dependencies, on AWS and locally. */
export const keysDeps = (config: Config, platform: Pick<Platform, 'dynamo' | 'now'>): KeysHandlerDeps => ({
  keys: new DynamoKeyStore(platform.dynamo, config.TABLE_NAME),
  now: platform.now,
});
