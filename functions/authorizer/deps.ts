import type { AuthorizeDeps } from '../../shared/access/authorize.js';
import { DynamoKeyStore } from '../../shared/adapters/dynamo/key-store.js';
import type { Config } from '../lib/config.js';
import type { Platform } from '../lib/platform.js';

/**
 * The authorizer's dependencies. No bootstrap key here: on AWS IAM is the root of trust, so the first
 * admin key is written straight to the table with `koe keys create --table <name>`; the local stack adds
 * its run's key (KOE_BOOTSTRAP_KEY or a generated one).
 */
export const authorizerDeps = (config: Config, platform: Pick<Platform, 'dynamo'>): AuthorizeDeps => ({
  keys: new DynamoKeyStore(platform.dynamo, config.TABLE_NAME),
});
