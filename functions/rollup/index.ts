import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore } from '../../shared/adapters/dynamo/rollup-store.js';
import { loadConfig } from '../lib/config.js';
import { makeHandler } from './handler.js';

const config = loadConfig();
const dynamo = new DynamoDBClient({});
export const handler = makeHandler({
  items: new DynamoFeedbackStore(dynamo, config.TABLE_NAME),
  rollups: new DynamoRollupStore(dynamo, config.TABLE_NAME),
  now: () => new Date(),
  timezone: config.KOE_TIMEZONE,
  topThemes: config.KOE_TOP_THEMES,
});
