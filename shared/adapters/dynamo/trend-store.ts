import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { SpikeMarks } from '../../alerts/spike-alerter.js';
import type { Granularity } from '../../rollups/periods.js';
import type { StoredTrends, TrendStore } from '../../trends/ports.js';
import { conditionalWrite, dynamoCall } from './query.js';

/** Partition of the trend reports of one granularity and time zone; the sort key is the period key. */
export const trendsPartition = (granularity: Granularity, timezone: string): string =>
  `TRENDS#${timezone}#${granularity}`;

/** The once-only record of one spike (its dedup key holds the period and the term). */
export const spikeKey = (dedupKey: string, timezone: string) => ({
  pk: { S: `SPIKE#${timezone}#${dedupKey}` },
  sk: { S: 'ALERT' },
});

/**
 * DynamoDB numbers stop at magnitude 1e-130 (smaller is an underflow error on AWS, though dynalite
 * accepts it); exact p-values of strong spikes go far below that, so they are stored as 0.
 */
const storable = (value: unknown): unknown => {
  if (typeof value === 'number') return Math.abs(value) < 1e-130 ? 0 : value;
  if (Array.isArray(value)) return value.map(storable);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, storable(v)]));
  }
  return value;
};

/** Trend reports and spike records on the single table. */
export class DynamoTrendStore implements TrendStore, SpikeMarks {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async putTrends(trends: StoredTrends): Promise<void> {
    await dynamoCall(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall(
            { pk: trendsPartition(trends.granularity, trends.timezone), sk: trends.period, trends: storable(trends) },
            { removeUndefinedValues: true },
          ),
        }),
      ),
    );
  }

  async getTrends(granularity: Granularity, timezone: string, period: string): Promise<StoredTrends | undefined> {
    const out = await dynamoCall(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: trendsPartition(granularity, timezone) }, sk: { S: period } },
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? (unmarshall(out.Item).trends as StoredTrends) : undefined;
  }

  async latestTrends(granularity: Granularity, timezone: string): Promise<StoredTrends | undefined> {
    const out = await dynamoCall(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: trendsPartition(granularity, timezone) } },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      ),
    );
    const item = out.Items?.[0];
    return item ? (unmarshall(item).trends as StoredTrends) : undefined;
  }

  async claimSpike(dedupKey: string, timezone: string, at: string): Promise<boolean> {
    return conditionalWrite(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: { ...spikeKey(dedupKey, timezone), at: { S: at } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async releaseSpike(dedupKey: string, timezone: string, at: string): Promise<void> {
    await conditionalWrite(() =>
      this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: spikeKey(dedupKey, timezone),
          ConditionExpression: '#at = :at',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':at': { S: at } },
        }),
      ),
    );
  }
}
