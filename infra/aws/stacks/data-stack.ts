import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { AlertsTopic } from '../constructs/alerts-topic.js';
import { AnalysisQueues } from '../constructs/analysis-queues.js';
import { FeedbackTable } from '../constructs/feedback-table.js';
import { OperatorTopic } from '../constructs/operator-topic.js';

export interface KoeDataStackProps extends StackProps {
  /** Deliveries before an analysis message is dead-lettered. */
  maxReceiveCount: number;
  /** Subscribed to the operator topic (context `koe:alarmEmail`). */
  alarmEmail?: string;
}

/**
 * Everything that holds data and must outlive deployments: the table, the analysis queues, the
 * alerts topic and the operator (alarms) topic. Termination-protected; its resources are retained if the stack is deleted anyway.
 */
export class KoeDataStack extends Stack {
  readonly table: ITable;
  readonly analysisQueue: IQueue;
  readonly deadLetterQueue: IQueue;
  readonly maxReceiveCount: number;
  readonly alertsTopic: ITopic;
  readonly alertsKey: IKey;
  /** Where Koe's CloudWatch alarms go (kept here so a confirmed subscription survives app redeploys). */
  readonly operatorTopic: ITopic;

  constructor(scope: Construct, id: string, props: KoeDataStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    this.table = new FeedbackTable(this, 'Feedback').table;
    // For the first admin key: `koe keys create --table <TableName>` (docs/deploy-aws.md).
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The feedback table' });
    const queues = new AnalysisQueues(this, 'Analysis', { maxReceiveCount: props.maxReceiveCount });
    this.analysisQueue = queues.queue;
    this.deadLetterQueue = queues.deadLetterQueue;
    this.maxReceiveCount = props.maxReceiveCount;
    const alerts = new AlertsTopic(this, 'Alerts');
    this.alertsTopic = alerts.topic;
    this.alertsKey = alerts.key;
    this.operatorTopic = new OperatorTopic(this, 'Operators', { email: props.alarmEmail }).topic;

    Validations.of(queues.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the analysis queue.',
    });
  }
}
