import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../../../shared/adapters/ses/ses-mailer.js';
import { RefusingMailer } from '../../../shared/reports/refusing-mailer.js';
import type { Config } from '../config.js';

/** Sender of digests when none is configured: every send is refused (and recorded) before it gets here. */
export const AWS_DEFAULT_MAIL_FROM = 'koe@invalid';

/**
 * Digest mail through SES v2 and the deployment's configuration set. Without a sender (context
 * koe:senderEmail) the API still works; each send is recorded as failed, saying why.
 */
export const sesMailer = (config: Config) =>
  config.KOE_MAIL_FROM
    ? new SesMailer(new SESv2Client({}), { configurationSet: config.SES_CONFIGURATION_SET })
    : new RefusingMailer('no sender configured: deploy with -c koe:senderEmail=ADDRESS (see docs/email-digests.md)');
