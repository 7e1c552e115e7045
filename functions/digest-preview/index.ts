import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore } from '../../shared/adapters/dynamo/rollup-store.js';
import { DynamoTrendStore } from '../../shared/adapters/dynamo/trend-store.js';
import { makeDigestRenderer } from '../../shared/reports/digest-renderer.js';
import { loadConfig } from '../lib/config.js';
import { makeHandler } from './handler.js';

const config = loadConfig();
const dynamo = new DynamoDBClient({});
const now = () => new Date();
export const handler = makeHandler({
  render: makeDigestRenderer({
    rollups: new DynamoRollupStore(dynamo, config.TABLE_NAME),
    trends: new DynamoTrendStore(dynamo, config.TABLE_NAME),
    items: new DynamoFeedbackStore(dynamo, config.TABLE_NAME),
    now,
  }),
  timezone: config.KOE_TIMEZONE,
  ...(config.DASHBOARD_URL ? { dashboardUrl: config.DASHBOARD_URL } : {}),
  now,
});
