import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AWS_DEFAULT_MAIL_FROM, sesMailer } from '../lib/aws/ses.js';
import { loadConfig } from '../lib/config.js';
import { digestsJobDeps } from './deps.js';
import { makeHandler } from './handler.js';

// The Lambda composition root: config once, the AWS parts this function uses, its deps builder (deps.ts).
const config = loadConfig();
export const handler = makeHandler(
  digestsJobDeps(config, {
    dynamo: new DynamoDBClient({}),
    now: () => new Date(),
    mailer: sesMailer(config),
    defaultMailFrom: AWS_DEFAULT_MAIL_FROM,
  }),
);
