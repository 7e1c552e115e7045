import { DynamoDataRangeStore } from '../../shared/adapters/dynamo/data-range-store.js';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import type { IngestDeps } from '../../shared/feedback/ingest.js';
import type { Config } from '../lib/config.js';
import type { Platform } from '../lib/platform.js';

/** functions/ingest's dependencies, on AWS and locally. */
export const ingestDeps = (
  config: Config,
  platform: Pick<Platform, 'dynamo' | 'now' | 'analysisQueue' | 'pseudonymKey'>,
): IngestDeps => ({
  store: new DynamoFeedbackStore(platform.dynamo, config.TABLE_NAME),
  dataRange: new DynamoDataRangeStore(platform.dynamo, config.TABLE_NAME),
  queue: platform.analysisQueue,
  now: platform.now,
  pseudonymKey: platform.pseudonymKey,
});
