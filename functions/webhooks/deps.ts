import { DynamoTranscriptStore } from '../../shared/adapters/dynamo/transcript-store.js';
import type { WebhookDeps } from '../../shared/webhooks/receive.js';
import type { Config } from '../lib/config.js';
import type { Platform } from '../lib/platform.js';
import { webhookSecretsFromConfig } from '../lib/webhook-secrets.js';

/** functions/webhooks's dependencies: secrets from the SSM parameter (AWS) or the file and variables (local). */
export const webhooksDeps = (
  config: Config,
  platform: Pick<Platform, 'dynamo' | 'now' | 'analysisQueue' | 'pseudonymKey'>,
): WebhookDeps => ({
  store: new DynamoTranscriptStore(platform.dynamo, config.TABLE_NAME),
  queue: platform.analysisQueue,
  secrets: webhookSecretsFromConfig(config),
  now: platform.now,
  pseudonymKey: platform.pseudonymKey,
});
