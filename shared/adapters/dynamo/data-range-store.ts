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
 * The data range as one small item (`META` / `DATA_RANGE`), widened at ingest with two conditional
 * updates: DynamoDB has no min/max in an update expression, so each bound is set only when it widens
 * the range. A lost condition is the normal case (the range already covers the batch) and costs one write.
 */
export class DynamoDataRangeStore implements DataRangeStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async widen(first: string, last: string): Promise<void> {
    await Promise.all([this.setIf('firstAt', first, '>'), this.setIf('lastAt', last, '<')]);
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
