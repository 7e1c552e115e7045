import { sqsDeadLetters } from '../lib/aws/sqs.js';
import { loadConfig } from '../lib/config.js';
import { adminDeps } from './deps.js';
import { makeHandler } from './handler.js';

// The Lambda composition root: config once, the AWS parts this function uses, its deps builder (deps.ts).
const config = loadConfig();
export const handler = makeHandler(adminDeps(config, { deadLetters: sqsDeadLetters(config) }));
