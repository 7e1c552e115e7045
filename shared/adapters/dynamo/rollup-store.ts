import { createHash } from 'node:crypto';
import type { AttributeValue, DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { StoreRejectedError } from '../../errors.js';
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

/** Sort key of one shard of the `all` row's key-phrase map. */
export const phraseShardKey = (shard: number, shards: number): string =>
  `PHRASES#${String(shards).padStart(3, '0')}#${String(shard).padStart(3, '0')}`;

/**
 * Target size of one phrase shard. DynamoDB items stop at 400 KB (names and values, UTF-8);
 * a third of that leaves room for the estimate to be off and for the key attributes.
 */
const SHARD_BYTES = 128 * 1024;
const MAX_SHARDS = 999;

const phraseBytes = (phrase: string) => Buffer.byteLength(phrase, 'utf8') + 8;

const shardOf = (phrase: string, shards: number): number =>
  shards === 1 ? 0 : createHash('sha1').update(phrase).digest().readUInt32BE(0) % shards;

/**
 * A phrase map as a DynamoDB map, built by hand: phrases are customers' words, and `marshall` refuses
 * an object whose own key is `constructor` (it checks `value.constructor` to tell maps from classes).
 */
const phraseMap = (phrases: Record<string, number>): AttributeValue => ({
  M: Object.fromEntries(Object.entries(phrases).map(([phrase, n]) => [phrase, { N: String(n) }])),
});

/** A stored phrase map as entries (never through `unmarshall`, which builds a class-checked object). */
const phraseEntries = (map: AttributeValue): Array<[string, number]> =>
  Object.entries(map.M ?? {}).map(([phrase, n]) => [phrase, Number(n.N)]);

/** Splits a phrase map into as few hash shards as keep each under SHARD_BYTES (sorted keys in each). */
export const shardPhrases = (phrases: Record<string, number>): Array<Record<string, number>> => {
  const entries = Object.entries(phrases);
  const total = entries.reduce((acc, [p]) => acc + phraseBytes(p), 0);
  for (let shards = Math.max(1, Math.ceil(total / SHARD_BYTES)); shards <= MAX_SHARDS; shards *= 2) {
    const parts = Array.from({ length: shards }, () => ({ bytes: 0, entries: [] as Array<[string, number]> }));
    for (const entry of entries) {
      const part = parts[shardOf(entry[0], shards)]!;
      part.entries.push(entry);
      part.bytes += phraseBytes(entry[0]);
    }
    // Hashing is uneven; double until every shard fits.
    if (parts.every((p) => p.bytes <= SHARD_BYTES * 2)) return parts.map((p) => Object.fromEntries(p.entries));
  }
  throw new StoreRejectedError('DynamoDB (key-phrase map too large to store)');
};

const byKey = (a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * RollupStore on the single table. One partition per period and time zone holds a row item per
 * (dimension, value) and the `all` row's key phrases in hash shards, so no item nears 400 KB however
 * many phrases a busy day has. A put overwrites: it writes every row, then deletes rows the new
 * roll-up no longer has (a topic that an override removed, fewer phrase shards).
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
      const shards = isAll ? shardPhrases(row.metrics.keyPhrases) : [];
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
        metrics: { ...row.metrics, keyPhrases: {} },
        ...(isAll ? { computedAt, phraseShards: shards.length } : {}),
      });
      shards.forEach((phrases, i) => {
        items.push({ pk, sk: phraseShardKey(i, shards.length), phrases });
      });
    }
    const written = new Set(items.map((i) => i.sk as string));
    const requests: WriteRequest[] = items.map(({ phrases, ...item }) => ({
      PutRequest: {
        Item: {
          ...marshall(item, { removeUndefinedValues: true }),
          ...(phrases ? { phrases: phraseMap(phrases as Record<string, number>) } : {}),
        },
      },
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
    const all = rows.find((r) => r.dimension === 'all');
    if (options.keyPhrases && all) {
      const shards = Number(allItem.phraseShards ?? 0);
      const prefix = `PHRASES#${String(shards).padStart(3, '0')}#`;
      const shardItems =
        shards === 0 ? [] : whole ? items.filter((i) => String(i.sk).startsWith(prefix)) : await this.query(pk, prefix);
      const phrases: Array<[string, number]> = [];
      for (const shard of shardItems) phrases.push(...(shard.phrases as Array<[string, number]>));
      all.metrics = { ...all.metrics, keyPhrases: Object.fromEntries(phrases.sort(byKey)) };
    }
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
    return items.map(({ phrases, ...item }) => ({
      ...unmarshall(item),
      ...(phrases?.M ? { phrases: phraseEntries(phrases) } : {}),
    }));
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
