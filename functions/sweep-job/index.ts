import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sqsAnalysisQueue } from '../lib/aws/sqs.js';
import { loadConfig } from '../lib/config.js';
import { sweepJobDeps } from './deps.js';
import { makeHandler } from './handler.js';

// The Lambda composition root: config once, the AWS parts this function uses, its deps builder (deps.ts).
const config = loadConfig();
export const handler = makeHandler(
  sweepJobDeps(config, {
    dynamo: new DynamoDBClient({}),
    now: () => new Date(),
    analysisQueue: sqsAnalysisQueue(config),
  }),
);
