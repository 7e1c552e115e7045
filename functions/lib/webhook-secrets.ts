import { readFileSync } from 'node:fs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SsmWebhookSecrets } from '../../shared/adapters/ssm/webhook-secrets.js';
import {
  parseWebhookSecrets,
  StaticWebhookSecrets,
  type WebhookSecretMap,
  type WebhookSecrets,
} from '../../shared/webhooks/secrets.js';
import type { Config } from './config.js';

/**
 * The webhook signing secrets this configuration names: the SSM parameter (AWS) when set, otherwise
 * the secrets file and the KOE_WEBHOOK_SECRET_<TOOL> variables (local). A bad file fails at start-up.
 */
export const webhookSecretsFromConfig = (
  config: Config,
  ssm: () => SSMClient = () => new SSMClient({}),
): WebhookSecrets => {
  if (config.KOE_WEBHOOK_SECRETS_PARAMETER)
    return new SsmWebhookSecrets(ssm(), config.KOE_WEBHOOK_SECRETS_PARAMETER, config.KOE_WEBHOOK_SECRETS_MAX_AGE);
  let secrets: WebhookSecretMap = {};
  const file = config.KOE_WEBHOOK_SECRETS_FILE;
  if (file) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`Invalid configuration: KOE_WEBHOOK_SECRETS_FILE ${file}: ${(error as Error).message}`);
    }
    secrets = parseWebhookSecrets(json, file);
  }
  const fromEnv: WebhookSecretMap = {
    ...(config.KOE_WEBHOOK_SECRET_ZENDESK ? { zendesk: [config.KOE_WEBHOOK_SECRET_ZENDESK] } : {}),
    ...(config.KOE_WEBHOOK_SECRET_INTERCOM ? { intercom: [config.KOE_WEBHOOK_SECRET_INTERCOM] } : {}),
    ...(config.KOE_WEBHOOK_SECRET_GENERIC ? { generic: [config.KOE_WEBHOOK_SECRET_GENERIC] } : {}),
  };
  return new StaticWebhookSecrets({ ...secrets, ...fromEnv });
};
