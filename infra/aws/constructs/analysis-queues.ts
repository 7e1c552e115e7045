import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from './koe-function.js';

/** How the analyze consumer is tuned; the queue's visibility timeout is derived from it. */
export const ANALYZE_TUNING = {
  /** Comprehend round trips and the kuromoji dictionary load (first call) fit well inside this. */
  timeout: Duration.seconds(60),
  batchSize: 10,
  maxBatchingWindow: Duration.seconds(5),
} as const;

/**
 * AWS's rule for SQS event sources: at least six times the function timeout, plus the batching
 * window, so a message is not redelivered while a slow (throttled, retried) batch still holds it.
 */
export const analysisVisibilityTimeout = (): Duration =>
  Duration.seconds(6 * ANALYZE_TUNING.timeout.toSeconds() + ANALYZE_TUNING.maxBatchingWindow.toSeconds());

export interface AnalysisQueuesProps {
  /** Deliveries before a message is dead-lettered; the analyze function reads the same number. */
  maxReceiveCount: number;
}

/** The analysis queue and its dead-letter queue: encrypted, TLS only, retained on teardown. */
export class AnalysisQueues extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly maxReceiveCount: number;

  constructor(scope: Construct, id: string, props: AnalysisQueuesProps) {
    super(scope, id);
    this.maxReceiveCount = props.maxReceiveCount;
    // Dead letters are ids of accepted feedback still owed an analysis: keep them as long as SQS allows.
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.deadLetterQueue, {
      'Serverless-SQSRedrivePolicy':
        'The end of the line: a dead letter waits here (14 days, the DLQ alarms) until koe dlq replays it to the analysis queue.',
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: analysisVisibilityTimeout(),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
