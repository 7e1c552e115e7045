import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SpikeAlerter, SpikeNotice } from '../../alerts/spike-alerter.js';
import { spikeHeadline } from '../../alerts/spike-message.js';

// SNS subjects must be printable ASCII without line breaks; Japanese labels stay in the body.
const subjectOf = (notice: SpikeNotice): string => {
  const label = /^[\x20-\x7e]+$/.test(notice.label) ? ` "${notice.label}"` : '';
  return `Koe: ${notice.status} pain point${label} in ${notice.period}`.slice(0, 100);
};

/** SpikeAlerter on the alerts SNS topic: a headline for e-mail, the notice as JSON for apps and webhooks. */
export class SnsSpikeAlerter implements SpikeAlerter {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async send(notice: SpikeNotice): Promise<void> {
    const headline = spikeHeadline(notice);
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: subjectOf(notice),
        MessageStructure: 'json',
        Message: JSON.stringify({
          default: JSON.stringify(notice),
          email: `${headline}${notice.link ? `\n\n${notice.link}` : ''}`,
          https: JSON.stringify(notice),
        }),
      }),
    );
  }
}
