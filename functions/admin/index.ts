import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsDeadLetterQueue } from '../../shared/adapters/sqs/dead-letter-queue.js';
import { loadConfig, requireSetting } from '../lib/config.js';
import { makeHandler } from './handler.js';

const config = loadConfig();
export const handler = makeHandler({
  deadLetters: new SqsDeadLetterQueue(
    new SQSClient({}),
    requireSetting(config, 'ANALYSIS_DLQ_URL'),
    requireSetting(config, 'ANALYSIS_QUEUE_URL'),
  ),
});
