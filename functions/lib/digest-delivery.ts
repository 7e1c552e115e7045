import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore } from '../../shared/adapters/dynamo/rollup-store.js';
import { DynamoTrendStore } from '../../shared/adapters/dynamo/trend-store.js';
import { SesMailer } from '../../shared/adapters/ses/ses-mailer.js';
import { makeDigestRenderer } from '../../shared/reports/digest-renderer.js';
import { RefusingMailer } from '../../shared/reports/refusing-mailer.js';
import type { Config } from './config.js';

/**
 * How digests are rendered and sent on AWS, for the two functions that send them (the hourly `report`
 * job and `subscriptions`' send-now route): figures from the table, mail through SES v2.
 */
export const awsDigestDelivery = (config: Config, dynamo: DynamoDBClient, now: () => Date) => ({
  render: makeDigestRenderer({
    rollups: new DynamoRollupStore(dynamo, config.TABLE_NAME),
    trends: new DynamoTrendStore(dynamo, config.TABLE_NAME),
    items: new DynamoFeedbackStore(dynamo, config.TABLE_NAME),
    now,
  }),
  // Without a sender (context koe:senderEmail) the API still works; each send is recorded as failed, saying why.
  mailer: config.KOE_MAIL_FROM
    ? new SesMailer(new SESv2Client({}), { configurationSet: config.SES_CONFIGURATION_SET })
    : new RefusingMailer('no sender configured: deploy with -c koe:senderEmail=ADDRESS (see docs/email-digests.md)'),
  from: config.KOE_MAIL_FROM ?? 'koe@invalid',
  dashboardUrl: config.DASHBOARD_URL,
});
