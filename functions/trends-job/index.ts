import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { snsSpikeAlerter } from '../lib/aws/sns.js';
import { loadConfig } from '../lib/config.js';
import { trendsJobDeps } from './deps.js';
import { makeHandler } from './handler.js';

// The Lambda composition root: config once, the AWS parts this function uses, its deps builder (deps.ts).
const config = loadConfig();
export const handler = makeHandler(
  trendsJobDeps(config, {
    dynamo: new DynamoDBClient({}),
    now: () => new Date(),
    spikeAlerter: snsSpikeAlerter(config),
  }),
);
