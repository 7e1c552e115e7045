import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDataRangeStore } from '../../shared/adapters/dynamo/data-range-store.js';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { SqsAnalysisQueue } from '../../shared/adapters/sqs/analysis-queue.js';
import { loadConfig, requireSetting } from '../lib/config.js';
import { pseudonymKeyFromConfig } from '../lib/pseudonym-key.js';
import { makeHandler } from './handler.js';

const config = loadConfig();
const dynamo = new DynamoDBClient({});
export const handler = makeHandler({
  store: new DynamoFeedbackStore(dynamo, config.TABLE_NAME),
  dataRange: new DynamoDataRangeStore(dynamo, config.TABLE_NAME),
  queue: new SqsAnalysisQueue(new SQSClient({}), requireSetting(config, 'ANALYSIS_QUEUE_URL')),
  now: () => new Date(),
  pseudonymKey: pseudonymKeyFromConfig(config),
});
