import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { TABLE_INDEXES } from './feedback-table.js';
import type { KoeFunction } from './koe-function.js';

/**
 * Table access a function gets — only actions Koe's stores call (no Scan, ConditionCheckItem or
 * DescribeTable: no code issues them):
 * - `get`: GetItem on the table only (the authorizer reads a key by id);
 * - `r`: GetItem, and Query on the table and its indexes;
 * - `w`: GetItem (a conditional put that loses reads the winner back), PutItem and UpdateItem, but no Query;
 * - `rw`: both.
 * Deletes and batch operations only where the function's stores issue them (TableBindingOptions);
 * test/infra/least-privilege.test.ts checks each grant against the calls reachable from the function's code.
 */
export type TableAccess = 'get' | 'r' | 'w' | 'rw';

export interface TableBindingOptions {
  /** BatchGetItem too: analysis reads a batch's items in one call, the labels export a page's items. */
  batchGet?: boolean;
  /** DeleteItem too: a store that removes items or rows (ingest undoing an item it could not enqueue). */
  deletes?: boolean;
  /** BatchWriteItem too: the roll-up and subscription stores write rows 25 at a time. */
  batchWrite?: boolean;
}

const POINT_READS = ['dynamodb:GetItem'];
const RANGE_READS = ['dynamodb:Query'];
const WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];

/**
 * Grants table access and sets TABLE_NAME together, so a function never has one without the other.
 * Indexes are named one by one (no `index/*`): a new index is a deliberate grant.
 */
export const bindTable = (
  fn: KoeFunction,
  table: ITable,
  access: TableAccess,
  options: TableBindingOptions = {},
): void => {
  const reads = access === 'r' || access === 'rw';
  const writes = access === 'w' || access === 'rw';
  const tableActions = [
    ...POINT_READS,
    ...(options.batchGet ? ['dynamodb:BatchGetItem'] : []),
    ...(reads ? RANGE_READS : []),
    ...(writes ? WRITES : []),
    ...(options.deletes ? ['dynamodb:DeleteItem'] : []),
    ...(options.batchWrite ? ['dynamodb:BatchWriteItem'] : []),
  ];
  fn.addToRolePolicy(new PolicyStatement({ actions: tableActions, resources: [table.tableArn] }));
  if (reads)
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: RANGE_READS,
        resources: Object.values(TABLE_INDEXES).map((index) => `${table.tableArn}/index/${index}`),
      }),
    );
  fn.addEnvironment('TABLE_NAME', table.tableName);
};

/**
 * TABLE_NAME without any grant: the config schema requires it of every function, but a function
 * that never touches the table (admin) must not get access just to boot.
 */
export const nameTable = (fn: KoeFunction, table: ITable): void => {
  fn.addEnvironment('TABLE_NAME', table.tableName);
};

/**
 * Lets the function enqueue analysis requests (SendMessage, which also authorizes SendMessageBatch) and sets
 * ANALYSIS_QUEUE_URL. Not queue.grantSendMessages: it adds GetQueueAttributes and GetQueueUrl, which no
 * sender calls (the URL comes from the environment).
 */
export const bindAnalysisQueue = (fn: KoeFunction, queue: IQueue): void => {
  fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
  fn.addEnvironment('ANALYSIS_QUEUE_URL', queue.queueUrl);
};

/** Lets the function read the analysis queue's and its DLQ's approximate counters (GetQueueAttributes only) and sets both URLs. */
export const bindQueueCounters = (fn: KoeFunction, queue: IQueue, deadLetterQueue: IQueue): void => {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['sqs:GetQueueAttributes'],
      resources: [queue.queueArn, deadLetterQueue.queueArn],
    }),
  );
  fn.addEnvironment('ANALYSIS_QUEUE_URL', queue.queueUrl);
  fn.addEnvironment('ANALYSIS_DLQ_URL', deadLetterQueue.queueUrl);
};

/**
 * Lets the function receive and delete dead letters (list, replay) and sets ANALYSIS_DLQ_URL. Not
 * queue.grantConsumeMessages: it adds ChangeMessageVisibility, GetQueueAttributes and GetQueueUrl, which
 * `koe dlq` never calls.
 */
export const bindDeadLetterQueue = (fn: KoeFunction, deadLetterQueue: IQueue): void => {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'],
      resources: [deadLetterQueue.queueArn],
    }),
  );
  fn.addEnvironment('ANALYSIS_DLQ_URL', deadLetterQueue.queueUrl);
};

/** The alerts topic and the key it is encrypted with. */
export interface AlertsTarget {
  topic: ITopic;
  key: IKey;
}

/** Lets the function publish alerts (the topic is KMS-encrypted) and sets ALERTS_TOPIC_ARN. */
export const bindAlertsTopic = (fn: KoeFunction, alerts: AlertsTarget): void => {
  // Not topic.grantPublish: it also grants `kms:GenerateDataKey*`; publishing to an encrypted topic
  // needs exactly these.
  fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: [alerts.topic.topicArn] }));
  alerts.key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
  fn.addEnvironment('ALERTS_TOPIC_ARN', alerts.topic.topicArn);
};

/** Parameter Store's path for reading a Secrets Manager secret through SSM. */
const SECRETS_MANAGER_REFERENCE = '/aws/reference/secretsmanager/';

/**
 * Lets the function read the webhook signing secrets and sets KOE_WEBHOOK_SECRETS_PARAMETER: GetParameter
 * on that one parameter (a SecureString under the AWS-managed key `aws/ssm` needs no KMS grant), and for a
 * `/aws/reference/secretsmanager/<name>` reference GetSecretValue on that secret.
 */
export const bindWebhookSecrets = (fn: KoeFunction, parameterName: string): void => {
  const stack = Stack.of(fn);
  const name = parameterName.startsWith('/') ? parameterName : `/${parameterName}`;
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['ssm:GetParameter'],
      resources: [stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.slice(1) })],
    }),
  );
  if (name.startsWith(SECRETS_MANAGER_REFERENCE)) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        // Secrets Manager appends six random characters to a secret's ARN: `-??????` matches exactly those.
        resources: [
          stack.formatArn({
            service: 'secretsmanager',
            resource: 'secret',
            resourceName: `${name.slice(SECRETS_MANAGER_REFERENCE.length)}-??????`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
  }
  fn.addEnvironment('KOE_WEBHOOK_SECRETS_PARAMETER', name);
};

/**
 * Lets the function read the pseudonym key and sets KOE_PSEUDONYM_KEY_PARAMETER to the secret's Parameter
 * Store reference (`/aws/reference/secretsmanager/<name>`): GetParameter on that reference and GetSecretValue
 * on the secret (Parameter Store reads it with the caller's permissions). Not secret.grantRead: it adds
 * DescribeSecret, which nothing calls.
 */
export const bindPseudonymKey = (fn: KoeFunction, secret: ISecret): void => {
  const stack = Stack.of(fn);
  const reference = `${SECRETS_MANAGER_REFERENCE}${secret.secretName}`;
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['ssm:GetParameter'],
      resources: [stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: reference.slice(1) })],
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
  );
  fn.addEnvironment('KOE_PSEUDONYM_KEY_PARAMETER', reference);
};
