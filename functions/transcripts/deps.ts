import { DynamoTranscriptStore } from '../../shared/adapters/dynamo/transcript-store.js';
import type { TranscriptIngestDeps } from '../../shared/transcripts/ingest.js';
import type { Config } from '../lib/config.js';
import type { Platform } from '../lib/platform.js';

/** functions/transcripts's dependencies, on AWS and locally. */
export const transcriptsDeps = (
  config: Config,
  platform: Pick<Platform, 'dynamo' | 'now' | 'analysisQueue' | 'pseudonymKey'>,
): TranscriptIngestDeps => ({
  store: new DynamoTranscriptStore(platform.dynamo, config.TABLE_NAME),
  queue: platform.analysisQueue,
  now: platform.now,
  pseudonymKey: platform.pseudonymKey,
});
