import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { DynamoTriageStore } from '../../shared/adapters/dynamo/triage-store.js';
import type { Config } from '../lib/config.js';
import type { Platform } from '../lib/platform.js';
import type { QueryDeps } from './handler.js';

/** functions/query's dependencies, on AWS and locally. */
export const queryDeps = (
  config: Config,
  platform: Pick<Platform, 'dynamo' | 'now' | 'analysisBacklog'>,
): QueryDeps => ({
  store: new DynamoFeedbackStore(platform.dynamo, config.TABLE_NAME),
  audit: new DynamoTriageStore(platform.dynamo, config.TABLE_NAME),
  now: platform.now,
  ...(platform.analysisBacklog ? { analysisQueue: platform.analysisBacklog } : {}),
});
