import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import type { SweepDeps } from '../../shared/feedback/sweep-stuck.js';
import type { Config } from '../lib/config.js';
import type { Platform } from '../lib/platform.js';

/** functions/sweep-job's dependencies, on AWS and locally. */
export const sweepJobDeps = (
  config: Config,
  platform: Pick<Platform, 'dynamo' | 'now' | 'analysisQueue'>,
): SweepDeps => ({
  store: new DynamoFeedbackStore(platform.dynamo, config.TABLE_NAME),
  queue: platform.analysisQueue,
  now: platform.now,
});
