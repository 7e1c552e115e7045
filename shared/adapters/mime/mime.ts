import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { OutgoingEmail } from '../../reports/delivery-ports.js';

/**
 * Builds the raw MIME of a digest: multipart/alternative of the plain-text part and a multipart/related
 * HTML part whose PNG charts are inline attachments referenced as `cid:` (mail clients do not render SVG).
 * Headers are RFC 2047 encoded, so Japanese subjects and names survive any mail server.
 */
export const buildMime = async (email: OutgoingEmail, date: Date = new Date()): Promise<Buffer> => {
  const composer = new MailComposer({
    from: email.from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId: email.messageId,
    date,
    headers: email.headers,
    textEncoding: 'base64',
    attachments: email.images.map((image) => ({
      filename: image.filename,
      content: image.content,
      contentType: image.contentType,
      cid: image.cid,
      contentDisposition: 'inline' as const,
    })),
  });
  return composer.compile().build();
};
