import {
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ConflictError } from '../../errors.js';
import type { ClaimResult, DeliveryRecord, DeliveryStore, JobCursor } from '../../reports/delivery-ports.js';
import type { Period } from '../../rollups/periods.js';
import { withoutKeys } from './keys.js';
import { conditionalWrite, dynamoCall, queryAll } from './query.js';
import { subscriptionPk } from './subscription-store.js';

/** gsi1 partition of failed deliveries waiting for a retry, sorted by `nextAttemptAt`. */
export const RETRY_PARTITION = 'DELIVERY#RETRY';

// The period's start first, so a subscription's deliveries sort by time whatever their granularity.
const deliverySk = (period: { start: string; key: string }) => `DELIVERY#${period.start}#${period.key}`;
const keyOf = (record: Pick<DeliveryRecord, 'subscriptionId' | 'periodStart' | 'period'>) =>
  marshall({
    pk: subscriptionPk(record.subscriptionId),
    sk: deliverySk({ start: record.periodStart, key: record.period }),
  });

const fromItem = (raw: Record<string, unknown>): DeliveryRecord => withoutKeys<DeliveryRecord>(raw);

/**
 * Delivery records on the Koe table, `SUB#<id>` / `DELIVERY#<period start>#<period key>`: one per
 * (subscription, period). Every change is a conditional update, so two runs never both send a digest.
 * A failed record waiting for a retry is indexed in gsi1 under `DELIVERY#RETRY` by `nextAttemptAt`.
 */
export class DynamoDeliveryStore implements DeliveryStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async claim(
    subscriptionId: string,
    period: Period,
    options: { now: Date; leaseMs: number; force?: boolean },
  ): Promise<ClaimResult> {
    const now = options.now.toISOString();
    const staleBefore = new Date(options.now.getTime() - options.leaseMs).toISOString();
    const key = marshall({ pk: subscriptionPk(subscriptionId), sk: deliverySk(period) });
    let out: UpdateItemCommandOutput | undefined;
    const claimed = await conditionalWrite(async () => {
      out = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression:
            'SET subscriptionId = :sid, #period = :period, periodStart = :start, #status = :pending, ' +
            'attempts = if_not_exists(attempts, :zero) + :one, claimedAt = :now ' +
            'REMOVE nextAttemptAt, gsi1pk, gsi1sk',
          ConditionExpression: `attribute_not_exists(pk) OR #status = :failed OR (#status = :pending AND claimedAt < :stale)${
            options.force ? ' OR #status IN (:sent, :skipped)' : ''
          }`,
          ExpressionAttributeNames: { '#status': 'status', '#period': 'period' },
          ExpressionAttributeValues: marshall({
            ':sid': subscriptionId,
            ':period': period.key,
            ':start': period.start,
            ':pending': 'pending',
            ':failed': 'failed',
            ':zero': 0,
            ':one': 1,
            ':now': now,
            ':stale': staleBefore,
            ...(options.force ? { ':sent': 'sent', ':skipped': 'skipped' } : {}),
          }),
          ReturnValues: 'ALL_NEW',
        }),
      );
    });
    if (claimed) return { outcome: 'claimed', record: fromItem(unmarshall(out?.Attributes ?? {})) };
    const current = await dynamoCall(() =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: key, ConsistentRead: true })),
    );
    const record = fromItem(unmarshall(current.Item ?? {}));
    // Lost to a concurrent claim that has since failed again: treat as busy, the next run retries it.
    return { outcome: record.status === 'sent' || record.status === 'skipped' ? 'done' : 'busy', record };
  }

  async complete(
    record: DeliveryRecord,
    outcome: { status: 'sent'; sentAt: string; messageId: string } | { status: 'skipped'; reason: string },
  ): Promise<DeliveryRecord> {
    const values =
      outcome.status === 'sent'
        ? { ':status': 'sent', ':sentAt': outcome.sentAt, ':messageId': outcome.messageId }
        : { ':status': 'skipped', ':reason': outcome.reason };
    const set =
      outcome.status === 'sent'
        ? '#status = :status, sentAt = :sentAt, messageId = :messageId'
        : '#status = :status, reason = :reason';
    return this.update(record, `SET ${set} REMOVE nextAttemptAt, gsi1pk, gsi1sk`, values);
  }

  async fail(record: DeliveryRecord, failure: { error: string; nextAttemptAt?: string }): Promise<DeliveryRecord> {
    if (failure.nextAttemptAt) {
      return this.update(
        record,
        'SET #status = :status, lastError = :error, nextAttemptAt = :next, gsi1pk = :retry, gsi1sk = :retryKey',
        {
          ':status': 'failed',
          ':error': failure.error,
          ':next': failure.nextAttemptAt,
          ':retry': RETRY_PARTITION,
          ':retryKey': `${failure.nextAttemptAt}#${record.subscriptionId}#${record.period}`,
        },
      );
    }
    // Out of attempts: failed for good, no longer indexed for retries.
    return this.update(record, 'SET #status = :status, lastError = :error REMOVE nextAttemptAt, gsi1pk, gsi1sk', {
      ':status': 'failed',
      ':error': failure.error,
    });
  }

  async recent(subscriptionId: string, limit: number): Promise<DeliveryRecord[]> {
    const out = await dynamoCall(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: marshall({ ':pk': subscriptionPk(subscriptionId), ':prefix': 'DELIVERY#' }),
          ScanIndexForward: false,
          Limit: limit,
          ConsistentRead: true,
        }),
      ),
    );
    return (out.Items ?? []).map((i) => fromItem(unmarshall(i)));
  }

  async retryable(now: Date): Promise<DeliveryRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      // `~` sorts after every character of the key's tail, so an exact `now` is included.
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :until',
      ExpressionAttributeValues: marshall({ ':pk': RETRY_PARTITION, ':until': `${now.toISOString()}~` }),
    });
    return items.map((i) => fromItem(unmarshall(i)));
  }

  private async update(
    record: DeliveryRecord,
    expression: string,
    values: Record<string, unknown>,
  ): Promise<DeliveryRecord> {
    let out: UpdateItemCommandOutput | undefined;
    const settled = await conditionalWrite(async () => {
      out = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: keyOf(record),
          UpdateExpression: expression,
          // Only the holder of this attempt's claim may settle it.
          ConditionExpression: '#status = :pending AND attempts = :attempts',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall(
            { ...values, ':pending': 'pending', ':attempts': record.attempts },
            { removeUndefinedValues: true },
          ),
          ReturnValues: 'ALL_NEW',
        }),
      );
    });
    if (!settled)
      throw new ConflictError(
        `delivery ${record.subscriptionId}/${record.period} attempt ${record.attempts} was taken over`,
      );
    return fromItem(unmarshall(out?.Attributes ?? {}));
  }
}

/** The scheduled jobs' cursors on the Koe table: `JOB#<name>` / `CURSOR`, `lastRunAt`. */
export class DynamoJobCursor implements JobCursor {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async lastRun(job: string): Promise<Date | undefined> {
    const out = await dynamoCall(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: `JOB#${job}`, sk: 'CURSOR' }),
          ConsistentRead: true,
        }),
      ),
    );
    const at = out.Item ? (unmarshall(out.Item).lastRunAt as string | undefined) : undefined;
    return at ? new Date(at) : undefined;
  }

  async advance(job: string, to: Date): Promise<void> {
    // False when a later run got there first.
    await conditionalWrite(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: `JOB#${job}`, sk: 'CURSOR' }),
          UpdateExpression: 'SET lastRunAt = :to',
          ConditionExpression: 'attribute_not_exists(lastRunAt) OR lastRunAt < :to',
          ExpressionAttributeValues: marshall({ ':to': to.toISOString() }),
        }),
      ),
    );
  }
}
