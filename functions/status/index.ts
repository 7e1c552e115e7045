import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDataRangeStore } from '../../shared/adapters/dynamo/data-range-store.js';
import { SqsAnalysisBacklog } from '../../shared/adapters/sqs/analysis-backlog.js';
import { loadConfig, requireSetting } from '../lib/config.js';
import { makeHandler } from './handler.js';

const config = loadConfig();
export const handler = makeHandler({
  backlog: new SqsAnalysisBacklog(
    new SQSClient({}),
    requireSetting(config, 'ANALYSIS_QUEUE_URL'),
    requireSetting(config, 'ANALYSIS_DLQ_URL'),
  ),
  dataRange: new DynamoDataRangeStore(new DynamoDBClient({}), config.TABLE_NAME),
  now: () => new Date(),
});
