import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from './koe-function.js';

/** How long a failed scheduled run waits for its replay: the longest SQS keeps a message. */
export const JOB_DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * Where a scheduled job's run ends up when it could not be done: EventBridge Scheduler sends it here when it
 * cannot invoke the function after its retries, Lambda when the function failed after its own (Scheduler
 * invokes asynchronously, so a crash of the job itself is Lambda's to retry and dead-letter). Either way the
 * message body is the job's event, `{"schedule", "scheduledTime"}`, ready to replay (docs/deploy-aws.md).
 * Apart from the analysis dead letters, whose replay (`koe dlq replay`) feeds the analysis queue.
 */
export class JobDeadLetters extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: JOB_DEAD_LETTER_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.queue, {
      'AwsSolutions-SQS3': 'This queue is itself a dead-letter queue: of the scheduled jobs (Scheduler and Lambda).',
      'Serverless-SQSRedrivePolicy':
        'The end of the line: a failed scheduled run waits here (14 days, the JobDeadLetters alarm) until it is replayed.',
    });
  }
}
