import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore } from '../../shared/adapters/dynamo/rollup-store.js';
import { DynamoTaxonomyStore } from '../../shared/adapters/dynamo/taxonomy-store.js';
import { DynamoTrendStore } from '../../shared/adapters/dynamo/trend-store.js';
import type { Config } from '../lib/config.js';
import type { Platform } from '../lib/platform.js';
import type { MetricsDeps } from './handler.js';

/** functions/metrics's dependencies, on AWS and locally. */
export const metricsDeps = (config: Config, platform: Pick<Platform, 'dynamo' | 'now'>): MetricsDeps => ({
  items: new DynamoFeedbackStore(platform.dynamo, config.TABLE_NAME),
  rollups: new DynamoRollupStore(platform.dynamo, config.TABLE_NAME),
  trends: new DynamoTrendStore(platform.dynamo, config.TABLE_NAME),
  taxonomy: new DynamoTaxonomyStore(platform.dynamo, config.TABLE_NAME),
  now: platform.now,
  timezone: config.KOE_TIMEZONE,
  topThemes: config.KOE_TOP_THEMES,
});
