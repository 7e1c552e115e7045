import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import type { Mailer, OutgoingEmail } from '../../reports/delivery-ports.js';
import { buildMime } from '../mime/mime.js';

/** Where local e-mail goes: a folder of .eml files and/or an SMTP server. */
export interface LocalMailerOptions {
  /** `<dataDir>/outbox/email`; absent = no files. */
  outboxDir?: string | undefined;
  /** `smtp://user:pass@host:port` or `smtps://…` (KOE_SMTP_URL); absent = no SMTP. */
  smtpUrl?: string | undefined;
  now?: () => Date;
}

const safe = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * The local stack's mailer: writes each message as an .eml file (open it in any mail client) and, when
 * KOE_SMTP_URL is set, sends the very same bytes by SMTP. Throws if a configured target fails.
 */
export class LocalMailer implements Mailer {
  private transport?: Transporter;

  constructor(private readonly options: LocalMailerOptions) {
    if (options.smtpUrl) this.transport = createTransport(options.smtpUrl);
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const now = (this.options.now ?? (() => new Date()))();
    const raw = await buildMime(email, now);
    let id = email.messageId;
    if (this.options.outboxDir) {
      await mkdir(this.options.outboxDir, { recursive: true });
      const file = `${now.toISOString().replace(/[:.]/g, '-')}-${safe(email.name)}.eml`;
      await writeFile(join(this.options.outboxDir, file), raw);
      id = file;
    }
    if (this.transport) {
      const info = await this.transport.sendMail({ envelope: { from: email.from, to: email.to }, raw });
      id = info.messageId ?? id;
    }
    return { messageId: id };
  }

  /** Closes the SMTP connection pool, if any. */
  close(): void {
    this.transport?.close();
  }
}
