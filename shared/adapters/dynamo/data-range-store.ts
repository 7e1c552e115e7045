import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DataRange, DataRangeStore } from '../../status/ports.js';
import { dayPartition } from './keys.js';
import { dynamoCall } from './query.js';

const KEY = { pk: { S: 'META' }, sk: { S: 'DATA_RANGE' } };

const dayOf = (at: string) => at.slice(0, 10);

/**
 * The data range as one small item (`META` / `DATA_RANGE`), widened at ingest with a conditional
 * update per bound: DynamoDB has no min/max in an update expression, so each bound is set only when it
 * widens the range. The item is written only when a bound moves to another **day**: live comments each
 * carry a later `occurredAt`, so exact bounds would cost a write per request (a third of the writes per
 * comment, all on one item). Within the bounds' days the exact first and last are read from the
 * items-by-day index (gsi2), whose entries sort by `occurredAt`: the item is stored before its range is
 * widened, so the index holds it. What this instance has stored (or found stored) is a lower bound of the
 * range: a batch whose days fall inside it costs no call, which is nearly every request.
 */
export class DynamoDataRangeStore implements DataRangeStore {
  /** A range the stored one is known to cover. */
  private known?: DataRange;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async widen(first: string, last: string): Promise<void> {
    const known = this.known;
    await Promise.all([
      known && dayOf(known.first) <= dayOf(first) ? undefined : this.setIf('firstAt', first, '>'),
      known && dayOf(last) <= dayOf(known.last) ? undefined : this.setIf('lastAt', last, '<'),
    ]);
    this.known = known
      ? { first: first < known.first ? first : known.first, last: last > known.last ? last : known.last }
      : { first, last };
  }

  async get(): Promise<DataRange | null> {
    const out = await dynamoCall(() =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: KEY, ConsistentRead: true })),
    );
    const first = out.Item?.firstAt?.S;
    const last = out.Item?.lastAt?.S;
    if (!first || !last) return null;
    // The stored bounds' days hold the exact ones: the day's first and last entries in the index.
    const [earliest, latest] = await Promise.all([this.edgeOfDay(first, true), this.edgeOfDay(last, false)]);
    return {
      first: earliest !== undefined && earliest < first ? earliest : first,
      last: latest !== undefined && latest > last ? latest : last,
    };
  }

  /** The `occurredAt` of the first (or last) entry of `at`'s day in the items-by-day index. */
  private async edgeOfDay(at: string, earliest: boolean): Promise<string | undefined> {
    const out = await dynamoCall(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :day',
          ExpressionAttributeValues: { ':day': { S: dayPartition(at) } },
          ProjectionExpression: 'gsi2sk',
          ScanIndexForward: earliest,
          Limit: 1,
        }),
      ),
    );
    // The sort key is `<occurredAt>#<id>`.
    return out.Items?.[0]?.gsi2sk?.S?.split('#')[0];
  }

  /** Sets `name` to `value` when absent or when the stored value is `op` the new one. */
  private async setIf(name: 'firstAt' | 'lastAt', value: string, op: '>' | '<'): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: KEY,
          UpdateExpression: 'SET #v = :v',
          ConditionExpression: `attribute_not_exists(#v) OR #v ${op} :v`,
          ExpressionAttributeNames: { '#v': name },
          ExpressionAttributeValues: { ':v': { S: value } },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      await dynamoCall(() => Promise.reject(error));
    }
  }
}
