import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DataRange, DataRangeStore } from '../../status/ports.js';
import { dynamoCall } from './query.js';

const KEY = { pk: { S: 'META' }, sk: { S: 'DATA_RANGE' } };

/**
 * The data range as one small item (`META` / `DATA_RANGE`), widened at ingest with a conditional
 * update per bound: DynamoDB has no min/max in an update expression, so each bound is set only when it
 * widens the range. The range only ever widens, so what this instance has stored (or found stored) is a
 * lower bound of it: a batch inside that costs no call, which is nearly every request (it was two
 * writes per request, most of them failed conditions).
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
      known && known.first <= first ? undefined : this.setIf('firstAt', first, '>'),
      known && last <= known.last ? undefined : this.setIf('lastAt', last, '<'),
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
    return first && last ? { first, last } : null;
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
