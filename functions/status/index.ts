import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sqsAnalysisBacklog } from '../lib/aws/sqs.js';
import { loadConfig } from '../lib/config.js';
import { statusDeps } from './deps.js';
import { makeHandler } from './handler.js';

// The Lambda composition root: config once, the AWS parts this function uses, its deps builder (deps.ts).
const config = loadConfig();
export const handler = makeHandler(
  statusDeps(config, {
    dynamo: new DynamoDBClient({}),
    now: () => new Date(),
    analysisBacklog: sqsAnalysisBacklog(config),
  }),
);
