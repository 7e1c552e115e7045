import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDeliveryStore, DynamoJobCursor } from '../../shared/adapters/dynamo/delivery-store.js';
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
  cursor: new DynamoJobCursor(dynamo, config.TABLE_NAME),
  now,
  ...awsDigestDelivery(config, dynamo, now),
});
