import { Names } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ANALYZE_TUNING } from './analysis-queues.js';
import { type AlertsTarget, bindAlertsTopic, bindTable } from './bindings.js';
import { acknowledge, KoeFunction } from './koe-function.js';

/** Where the bundled kuromoji dictionary lands in the Lambda package (see the afterBundling hook). */
export const KUROMOJI_DICT_PATH = '/var/task/dict';

/** What the Comprehend analyzer calls: batch language, key phrases and sentiment, and PII detection. */
export const COMPREHEND_ACTIONS = [
  'comprehend:BatchDetectDominantLanguage',
  'comprehend:BatchDetectKeyPhrases',
  'comprehend:BatchDetectSentiment',
  'comprehend:DetectPiiEntities',
];

export interface AnalysisPipelineProps {
  table: ITable;
  queue: IQueue;
  /** A critical item alerts the people on duty right after its analysis. */
  alerts: AlertsTarget;
  /** The queue's redrive maxReceiveCount: the consumer marks an item failed on its last delivery. */
  maxReceiveCount: number;
  analyzerMode: 'local' | 'comprehend' | 'hybrid';
  hybridConfidenceThreshold: number;
  /** Most concurrent analyze instances the event source runs (koe:analyzeMaxConcurrency). */
  maxConcurrency: number;
  logRetention: RetentionDays;
  environment: Record<string, string>;
}

/** The analyze consumer: SQS batches with partial failures → Analyzer → item and urgency index. */
export class AnalysisPipeline extends Construct {
  readonly function: KoeFunction;

  constructor(scope: Construct, id: string, props: AnalysisPipelineProps) {
    super(scope, id);
    this.function = new KoeFunction(this, 'Analyze', {
      fn: 'analyze',
      description: 'Analyze queued feedback: language, sentiment, key phrases, topics, urgency',
      logRetention: props.logRetention,
      timeout: ANALYZE_TUNING.timeout,
      // kuromoji holds its whole dictionary in memory; 1.5 GB also buys ARM CPU for tokenizing.
      memorySize: 1536,
      environment: {
        ...props.environment,
        ANALYZER_MODE: props.analyzerMode,
        HYBRID_CONFIDENCE_THRESHOLD: String(props.hybridConfidenceThreshold),
        ANALYSIS_MAX_RECEIVE_COUNT: String(props.maxReceiveCount),
        KUROMOJI_DICT_PATH,
      },
      bundling: {
        // kuromoji reads its dictionary from files at run time, so they ship beside the bundle.
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) => [
            `cp -R "${inputDir}/node_modules/kuromoji/dict" "${outputDir}/dict"`,
          ],
        },
      },
    });
    // BatchGetItem: a batch's items are read in one call.
    bindTable(this.function, props.table, 'rw', { batchGet: true, deletes: true });
    bindAlertsTopic(this.function, props.alerts);
    // The mapping SqsEventSource would make (same construct id, so the same logical id), without its
    // grantConsumeMessages: Lambda's poller needs exactly these three (AWSLambdaSQSQueueExecutionRole), and
    // analyze itself calls no SQS API.
    this.function.addEventSourceMapping(`SqsEventSource:${Names.nodeUniqueId(props.queue.node)}`, {
      eventSourceArn: props.queue.queueArn,
      batchSize: ANALYZE_TUNING.batchSize,
      maxBatchingWindow: ANALYZE_TUNING.maxBatchingWindow,
      reportBatchItemFailures: true,
      // Caps the DynamoDB and Comprehend request rate a backlog can cause, and the account concurrency it takes.
      maxConcurrency: props.maxConcurrency,
    });
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
        resources: [props.queue.queueArn],
      }),
    );
    acknowledge(this.function, {
      'Serverless-LambdaEventSourceMappingDestination':
        "SQS event sources take no on-failure destination: the queue's redrive policy dead-letters a message after maxReceiveCount deliveries (koe dlq lists and replays them).",
    });
    // The four calls shared/adapters/comprehend-analyzer.ts makes; on built-in models they have no
    // resource-level permissions (KoeFunction's AwsSolutions-IAM5[Resource::*] says so).
    if (props.analyzerMode !== 'local')
      this.function.addToRolePolicy(new PolicyStatement({ actions: COMPREHEND_ACTIONS, resources: ['*'] }));
  }
}
