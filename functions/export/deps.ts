import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import type { Config } from '../lib/config.js';
import type { Platform } from '../lib/platform.js';
import type { ExportDeps } from './handler.js';

/** functions/export's dependencies, on AWS and locally. */
export const exportDeps = (config: Config, platform: Pick<Platform, 'dynamo' | 'now'>): ExportDeps => ({
  store: new DynamoFeedbackStore(platform.dynamo, config.TABLE_NAME),
  now: platform.now,
});
