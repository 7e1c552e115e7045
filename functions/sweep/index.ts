import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { SqsAnalysisQueue } from '../../shared/adapters/sqs/analysis-queue.js';
import { loadConfig, requireSetting } from '../lib/config.js';
import { makeHandler } from './handler.js';

const config = loadConfig();
export const handler = makeHandler({
  store: new DynamoFeedbackStore(new DynamoDBClient({}), config.TABLE_NAME),
  queue: new SqsAnalysisQueue(new SQSClient({}), requireSetting(config, 'ANALYSIS_QUEUE_URL')),
  now: () => new Date(),
});
