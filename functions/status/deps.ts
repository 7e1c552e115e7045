import { DynamoDataRangeStore } from '../../shared/adapters/dynamo/data-range-store.js';
import type { StatusDeps } from '../../shared/status/get-status.js';
import type { Config } from '../lib/config.js';
import type { Platform } from '../lib/platform.js';

/** functions/status's dependencies, on AWS and locally. */
export const statusDeps = (
  config: Config,
  platform: Pick<Platform, 'dynamo' | 'now'> & Required<Pick<Platform, 'analysisBacklog'>>,
): StatusDeps => ({
  backlog: platform.analysisBacklog,
  dataRange: new DynamoDataRangeStore(platform.dynamo, config.TABLE_NAME),
  now: platform.now,
});
