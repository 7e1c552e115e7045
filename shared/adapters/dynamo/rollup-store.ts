import type { DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { MetricAggregate } from '../../metrics/aggregate.js';
import { ALL_VALUE, DIMENSIONS, type Dimension } from '../../rollups/dimensions.js';
import type { Period } from '../../rollups/periods.js';
import type { RollupReadOptions, RollupStore, StoredRollup } from '../../rollups/ports.js';
import type { Rollup, RollupRow } from '../../rollups/roll-up.js';
import { batchWrite } from './batch-write.js';
import { queryAll } from './query.js';

/** Partition of one roll-up: every row and phrase shard of one period in one time zone. */
export const rollupPartition = (period: Pick<Period, 'granularity' | 'key' | 'timezone'>): string =>
  `ROLLUP#${period.timezone}#${period.granularity}#${period.key}`;

/** Sort key of a row: dimension, then value (values may hold `#`; the dimension never does). */
export const rollupRowKey = (dimension: Dimension, value: string): string => `ROW#${dimension}#${value}`;

/**
 * RollupStore on the single table. One partition per period and time zone holds a row item per
 * (dimension, value). Rows are bounded by the roll-up (top discovered themes plus a tally, see
 * boundTopics), so no item nears 400 KB whatever the data. A put overwrites: it writes every row,
 * then deletes items the new roll-up no longer has (a topic an override removed, a theme that fell
 * out of the top, the key-phrase shards older versions stored).
 */
export class DynamoRollupStore implements RollupStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async putRollup(rollup: Rollup, computedAt: string): Promise<void> {
    const pk = rollupPartition(rollup.period);
    const before = await this.keys(pk);
    const items: Array<Record<string, unknown>> = [];
    for (const row of rollup.rows) {
      const isAll = row.dimension === 'all';
      items.push({
        pk,
        sk: rollupRowKey(row.dimension, row.value),
        period: row.period,
        granularity: rollup.period.granularity,
        timezone: rollup.period.timezone,
        start: rollup.period.start,
        end: rollup.period.end,
        dimension: row.dimension,
        value: row.value,
        metrics: row.metrics,
        ...(isAll ? { computedAt } : {}),
      });
    }
    const written = new Set(items.map((i) => i.sk as string));
    // Topic keys are taxonomy ids or `emergent:<words>`, never a bare `constructor` that marshall refuses.
    const requests: WriteRequest[] = items.map((item) => ({
      PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) },
    }));
    // Rows first, stale keys after: a reader in between sees the new numbers plus a leftover row, never a gap.
    for (const sk of before) {
      if (!written.has(sk)) requests.push({ DeleteRequest: { Key: { pk: { S: pk }, sk: { S: sk } } } });
    }
    await batchWrite(this.client, this.tableName, requests);
  }

  async getRollup(period: Period, options: RollupReadOptions = {}): Promise<StoredRollup | undefined> {
    const pk = rollupPartition(period);
    // Every dimension: one query for the whole partition. One dimension: its rows plus the `all` row,
    // which is read in every case because it marks the period as rolled up and carries computedAt.
    const whole = options.dimension === undefined;
    const items = whole ? await this.query(pk, '') : await this.query(pk, rollupRowKey('all', ALL_VALUE));
    const allItem = items.find((i) => i.sk === rollupRowKey('all', ALL_VALUE));
    if (!allItem) return undefined;
    const rowItems = whole
      ? items.filter((i) => String(i.sk).startsWith('ROW#'))
      : options.dimension === 'all'
        ? [allItem]
        : await this.query(pk, `ROW#${options.dimension}#`);
    const rows = rowItems.map(toRow).sort(compareRows);
    return { period, rows, computedAt: String(allItem.computedAt) };
  }

  /** Every sort key in a partition (keys only), to find rows an overwrite must delete. */
  private async keys(pk: string): Promise<string[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: pk } },
      ProjectionExpression: 'sk',
      ConsistentRead: true,
    });
    return items.flatMap((item) => (item.sk?.S ? [item.sk.S] : []));
  }

  private async query(pk: string, skPrefix: string): Promise<Array<Record<string, unknown>>> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: skPrefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
      ExpressionAttributeValues: skPrefix ? { ':pk': { S: pk }, ':prefix': { S: skPrefix } } : { ':pk': { S: pk } },
      ConsistentRead: true,
    });
    return items.map((item) => unmarshall(item));
  }
}

const compareRows = (a: RollupRow, b: RollupRow): number =>
  DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension) ||
  (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);

const toRow = (item: Record<string, unknown>): RollupRow => ({
  period: item.period as string,
  dimension: item.dimension as Dimension,
  value: item.value as string,
  metrics: item.metrics as MetricAggregate,
});
