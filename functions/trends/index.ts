import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore } from '../../shared/adapters/dynamo/rollup-store.js';
import { DynamoTrendStore } from '../../shared/adapters/dynamo/trend-store.js';
import { SnsSpikeAlerter } from '../../shared/adapters/sns/spike-alerter.js';
import { loadConfig, requireSetting } from '../lib/config.js';
import { makeHandler } from './handler.js';

const config = loadConfig();
const dynamo = new DynamoDBClient({});
const trends = new DynamoTrendStore(dynamo, config.TABLE_NAME);
const now = () => new Date();
export const handler = makeHandler({
  rollups: new DynamoRollupStore(dynamo, config.TABLE_NAME),
  // Items only to quote each discovered theme in the stored report.
  items: new DynamoFeedbackStore(dynamo, config.TABLE_NAME),
  trends,
  now,
  timezone: config.KOE_TIMEZONE,
  spikes: {
    marks: trends,
    alerter: new SnsSpikeAlerter(new SNSClient({}), requireSetting(config, 'ALERTS_TOPIC_ARN')),
    now,
    dashboardUrl: config.DASHBOARD_URL,
  },
});
