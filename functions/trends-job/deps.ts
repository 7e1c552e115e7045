import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore } from '../../shared/adapters/dynamo/rollup-store.js';
import { DynamoTrendStore } from '../../shared/adapters/dynamo/trend-store.js';
import type { Config } from '../lib/config.js';
import type { Platform } from '../lib/platform.js';
import type { TrendsJobDeps } from './handler.js';

/** functions/trends-job's dependencies, on AWS and locally. */
export const trendsJobDeps = (
  config: Config,
  platform: Pick<Platform, 'dynamo' | 'now' | 'spikeAlerter'>,
): TrendsJobDeps => {
  const trends = new DynamoTrendStore(platform.dynamo, config.TABLE_NAME);
  return {
    rollups: new DynamoRollupStore(platform.dynamo, config.TABLE_NAME),
    // Items only to quote each discovered theme in the stored report.
    items: new DynamoFeedbackStore(platform.dynamo, config.TABLE_NAME),
    trends,
    now: platform.now,
    timezone: config.KOE_TIMEZONE,
    spikes: { marks: trends, alerter: platform.spikeAlerter, now: platform.now, dashboardUrl: config.DASHBOARD_URL },
  };
};
