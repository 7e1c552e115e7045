import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsAnalysisBacklog } from '../../../shared/adapters/sqs/analysis-backlog.js';
import { SqsAnalysisQueue } from '../../../shared/adapters/sqs/analysis-queue.js';
import { SqsDeadLetterQueue } from '../../../shared/adapters/sqs/dead-letter-queue.js';
import { type Config, requireSetting } from '../config.js';

let client: SQSClient | undefined;
const sqs = () => {
  client ??= new SQSClient({});
  return client;
};

/** The analysis queue on AWS (ANALYSIS_QUEUE_URL). */
export const sqsAnalysisQueue = (config: Config) =>
  new SqsAnalysisQueue(sqs(), requireSetting(config, 'ANALYSIS_QUEUE_URL'));

/** The analysis dead-letter queue on AWS, replaying to the analysis queue. */
export const sqsDeadLetters = (config: Config) =>
  new SqsDeadLetterQueue(
    sqs(),
    requireSetting(config, 'ANALYSIS_DLQ_URL'),
    requireSetting(config, 'ANALYSIS_QUEUE_URL'),
  );

/** The analysis backlog from the two queues' SQS counters. */
export const sqsAnalysisBacklog = (config: Config) =>
  new SqsAnalysisBacklog(
    sqs(),
    requireSetting(config, 'ANALYSIS_QUEUE_URL'),
    requireSetting(config, 'ANALYSIS_DLQ_URL'),
  );
