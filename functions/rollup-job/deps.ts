import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore } from '../../shared/adapters/dynamo/rollup-store.js';
import type { Config } from '../lib/config.js';
import type { Platform } from '../lib/platform.js';
import type { RollupJobDeps } from './handler.js';

/** functions/rollup-job's dependencies, on AWS and locally. */
export const rollupJobDeps = (config: Config, platform: Pick<Platform, 'dynamo' | 'now'>): RollupJobDeps => ({
  items: new DynamoFeedbackStore(platform.dynamo, config.TABLE_NAME),
  rollups: new DynamoRollupStore(platform.dynamo, config.TABLE_NAME),
  now: platform.now,
  timezone: config.KOE_TIMEZONE,
  topThemes: config.KOE_TOP_THEMES,
});
