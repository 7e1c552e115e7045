import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingEmail } from '../../reports/delivery-ports.js';
import { buildMime } from '../mime/mime.js';

/**
 * Sends digests through SES v2 `SendEmail` with `Content.Raw`: the MIME Koe builds (inline PNGs by
 * Content-ID, text alternative) goes out byte for byte, tagged with the configuration set for
 * bounce/complaint and delivery metrics.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly options: { configurationSet?: string | undefined },
  ) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const raw = await buildMime(email);
    const out = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: email.from,
        Destination: { ToAddresses: email.to },
        Content: { Raw: { Data: raw } },
        ...(this.options.configurationSet ? { ConfigurationSetName: this.options.configurationSet } : {}),
      }),
    );
    return { messageId: out.MessageId ?? email.messageId };
  }
}
