import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Alert, AlertSender } from '../../alerts/ports.js';
import { toSlackPayload } from '../../alerts/slack-payload.js';

/** AlertSender on an SNS topic: the alert as JSON for apps and HTTPS subscribers, a short text for e-mail. */
export class SnsAlertSender implements AlertSender {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async send(alert: Alert): Promise<void> {
    const subject = `Koe: ${alert.level} feedback ${alert.id}`.slice(0, 100);
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: subject,
        MessageStructure: 'json',
        Message: JSON.stringify({
          default: JSON.stringify(alert),
          email:
            toSlackPayload(alert).text +
            (alert.reasons.length
              ? `\n\n${alert.reasons.map((r) => `- ${r.code}${r.excerpt ? `: ${r.excerpt}` : ''}`).join('\n')}`
              : ''),
          https: JSON.stringify(alert),
        }),
      }),
    );
  }
}
