import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { DependencyError } from '../../errors.js';
import {
  parseWebhookSecrets,
  type WebhookSecretMap,
  type WebhookSecrets,
  type WebhookTool,
} from '../../webhooks/secrets.js';

/** Default time a fetched secrets document is reused, in seconds (a rotation takes effect within it). */
export const SECRETS_MAX_AGE_SECONDS = 300;

/**
 * Webhook signing secrets from one SSM parameter (a SecureString holding the JSON document
 * `{"zendesk": "…", "intercom": ["new", "old"]}`), read through Powertools with decryption and
 * cached. A Secrets Manager secret is read the same way through its Parameter Store reference,
 * `/aws/reference/secretsmanager/<secret name>`, so no second client is needed.
 */
export class SsmWebhookSecrets implements WebhookSecrets {
  private readonly provider: SSMProvider;

  constructor(
    client: SSMClient,
    private readonly parameterName: string,
    private readonly maxAgeSeconds = SECRETS_MAX_AGE_SECONDS,
  ) {
    this.provider = new SSMProvider({ awsSdkV3Client: client });
  }

  async get(tool: WebhookTool): Promise<string[] | undefined> {
    let raw: unknown;
    try {
      raw = await this.provider.get(this.parameterName, {
        decrypt: true,
        maxAge: this.maxAgeSeconds,
        transform: 'json',
      });
    } catch (error) {
      throw new DependencyError('SSM (webhook secrets)', { cause: error });
    }
    const map: WebhookSecretMap = parseWebhookSecrets(raw ?? {}, this.parameterName);
    const list = map[tool];
    return list?.length ? list : undefined;
  }
}
