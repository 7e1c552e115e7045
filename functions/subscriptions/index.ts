import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDeliveryStore } from '../../shared/adapters/dynamo/delivery-store.js';
import { DynamoSubscriptionStore } from '../../shared/adapters/dynamo/subscription-store.js';
import { loadConfig } from '../lib/config.js';
import { awsDigestDelivery } from '../lib/digest-delivery.js';
import { makeHandler } from './handler.js';

const config = loadConfig();
const dynamo = new DynamoDBClient({});
const now = () => new Date();
export const handler = makeHandler({
  subscriptions: new DynamoSubscriptionStore(dynamo, config.TABLE_NAME),
  deliveries: new DynamoDeliveryStore(dynamo, config.TABLE_NAME),
  now,
  timezone: config.KOE_TIMEZONE,
  ...awsDigestDelivery(config, dynamo, now),
});
