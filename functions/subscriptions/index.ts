import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDeliveryStore } from '../../shared/adapters/dynamo/delivery-store.js';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore } from '../../shared/adapters/dynamo/rollup-store.js';
import { DynamoSubscriptionStore } from '../../shared/adapters/dynamo/subscription-store.js';
import { DynamoTrendStore } from '../../shared/adapters/dynamo/trend-store.js';
import { SesMailer } from '../../shared/adapters/ses/ses-mailer.js';
import { makeDigestRenderer } from '../../shared/reports/digest-renderer.js';
import { RefusingMailer } from '../../shared/reports/refusing-mailer.js';
import { loadConfig } from '../lib/config.js';
import { makeHandler } from './handler.js';

const config = loadConfig();
const dynamo = new DynamoDBClient({});
const now = () => new Date();
export const handler = makeHandler({
  subscriptions: new DynamoSubscriptionStore(dynamo, config.TABLE_NAME),
  deliveries: new DynamoDeliveryStore(dynamo, config.TABLE_NAME),
  now,
  timezone: config.KOE_TIMEZONE,
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
