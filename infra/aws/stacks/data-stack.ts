import { CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { AlertsTopic } from '../constructs/alerts-topic.js';
import { AnalysisQueues } from '../constructs/analysis-queues.js';
import { asCdkInterface } from '../constructs/cdk-interface.js';
import { FeedbackTable } from '../constructs/feedback-table.js';
import { JobDeadLetters } from '../constructs/job-dead-letters.js';
import { OperatorTopic } from '../constructs/operator-topic.js';

export interface KoeDataStackProps extends StackProps {
  /** Deliveries before an analysis message is dead-lettered. */
  maxReceiveCount: number;
  /** Subscribed to the operator topic (context `koe:alarmEmail`). */
  alarmEmail?: string | undefined;
}

/**
 * Everything that holds data and must outlive deployments: the table, the analysis queues, the
 * scheduled jobs' dead letters, the alerts topic and the operator (alarms) topic. Termination-protected; its resources are retained if the stack is deleted anyway.
 */
export class KoeDataStack extends Stack {
  readonly table: ITable;
  readonly analysisQueue: IQueue;
  readonly deadLetterQueue: IQueue;
  readonly maxReceiveCount: number;
  /** Failed scheduled-job runs (from EventBridge Scheduler and from Lambda's asynchronous retries), to replay. */
  readonly jobDeadLetterQueue: IQueue;
  readonly alertsTopic: ITopic;
  readonly alertsKey: IKey;
  /** Where Koe's CloudWatch alarms go (kept here so a confirmed subscription survives app redeploys). */
  readonly operatorTopic: ITopic;
  /** The installation's secret for customer-id pseudonyms (HMAC key); generated once, never rotated. */
  readonly pseudonymKey: ISecret;

  constructor(scope: Construct, id: string, props: KoeDataStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    this.table = asCdkInterface<ITable>(new FeedbackTable(this, 'Feedback').table);
    // For the first admin key: `koe keys create --table <TableName>` (docs/deploy-aws.md).
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The feedback table' });
    const queues = new AnalysisQueues(this, 'Analysis', { maxReceiveCount: props.maxReceiveCount });
    this.analysisQueue = queues.queue;
    this.deadLetterQueue = queues.deadLetterQueue;
    this.maxReceiveCount = props.maxReceiveCount;
    this.jobDeadLetterQueue = new JobDeadLetters(this, 'JobDeadLetters').queue;
    // For replaying failed scheduled runs (docs/deploy-aws.md, "Scheduled jobs that fail").
    new CfnOutput(this, 'JobDeadLettersUrl', {
      value: this.jobDeadLetterQueue.queueUrl,
      description: 'Failed scheduled-job runs, to replay',
    });
    const alerts = new AlertsTopic(this, 'Alerts');
    this.alertsTopic = alerts.topic;
    this.alertsKey = alerts.key;
    this.operatorTopic = new OperatorTopic(this, 'Operators', { email: props.alarmEmail }).topic;

    const pseudonymKey = new Secret(this, 'PseudonymKey', {
      description: 'Koe: HMAC key of customer-id pseudonyms (rotating it would split every customer in two)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.pseudonymKey = asCdkInterface<ISecret>(pseudonymKey);
    Validations.of(pseudonymKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'A keyed-hash secret for pseudonyms: rotation would give the same customer a new pseudonym.',
    });

    Validations.of(queues.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the analysis queue.',
    });
  }
}
