import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { snsAlertSender } from '../lib/aws/sns.js';
import { loadConfig } from '../lib/config.js';
import { analyzeDeps } from './deps.js';
import { makeHandler } from './handler.js';

// The Lambda composition root: config once, the AWS parts this function uses, its deps builder (deps.ts).
const config = loadConfig();
export const handler = makeHandler(
  analyzeDeps(config, {
    dynamo: new DynamoDBClient({}),
    now: () => new Date(),
    alertSender: snsAlertSender(config),
    ...(config.ANALYZER_MODE === 'local' ? {} : { comprehend: new ComprehendClient({}) }),
  }),
);
