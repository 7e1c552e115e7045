import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Analysis, UrgencyLevel } from '../../analysis/types.js';
import { URGENCY_LEVELS } from '../../analysis/types.js';
import { DependencyError, ValidationError } from '../../errors.js';
import type { FeedbackItem, TriageStatus } from '../../feedback/model.js';
import type { FeedbackStore, PutOutcome, QueuePage, QueueQuery } from '../../feedback/ports.js';

const ITEM_SK = 'ITEM';
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'] as const;

const itemKey = (id: string) => ({ pk: { S: `FB#${id}` }, sk: { S: ITEM_SK } });

/** Urgency-queue partition: one per triage status and level, so a level reads in order. */
export const queuePartition = (status: TriageStatus, level: UrgencyLevel) => `QUEUE#${status}#${level}`;

/** Within a level: higher score first, then older first (score inverted so ascending order works). */
export const queueSortKey = (score: number, occurredAt: string, id: string) =>
  `${String(100 - Math.max(0, Math.min(100, Math.round(score)))).padStart(3, '0')}#${occurredAt}#${id}`;

/** Items-by-day partition (UTC day of occurredAt), for roll-ups over a window. */
export const dayPartition = (occurredAt: string) => `DAY#${occurredAt.slice(0, 10)}`;

type Cursor = { l: number; k?: Record<string, unknown> };

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
const decodeCursor = (raw: string): Cursor => {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof parsed.l !== 'number') throw new Error('no level');
    return parsed;
  } catch {
    throw new ValidationError('Invalid cursor', [{ path: 'cursor', message: 'not a cursor returned by this API' }]);
  }
};

const decodeDayCursor = (raw: string): { d: string; k?: Record<string, unknown> } => {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as {
      d: string;
      k?: Record<string, unknown>;
    };
    if (!/^\d{4}-\d{2}-\d{2}$/.test(parsed.d)) throw new Error('no day');
    return parsed;
  } catch {
    throw new ValidationError('Invalid cursor', [{ path: 'cursor', message: 'not a cursor returned by this API' }]);
  }
};

const fromRecord = (record: Record<string, unknown>): FeedbackItem => {
  const item = { ...record };
  for (const key of KEY_ATTRIBUTES) delete item[key];
  return item as unknown as FeedbackItem;
};

/** FeedbackStore on one DynamoDB table (works the same against AWS and dynalite). */
export class DynamoFeedbackStore implements FeedbackStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async putNew(item: FeedbackItem): Promise<PutOutcome> {
    const record = {
      ...item,
      pk: `FB#${item.id}`,
      sk: ITEM_SK,
      gsi2pk: dayPartition(item.occurredAt),
      gsi2sk: `${item.occurredAt}#${item.id}`,
    };
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall(record, { removeUndefinedValues: true, convertClassInstanceToMap: false }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { status: 'created', item };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        const existing = await this.get(item.id);
        if (existing) return { status: 'duplicate', item: existing };
      }
      throw new DependencyError('DynamoDB', { cause: error });
    }
  }

  async get(id: string): Promise<FeedbackItem | undefined> {
    const out = await this.call(() =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: itemKey(id), ConsistentRead: true })),
    );
    return out.Item ? fromRecord(unmarshall(out.Item)) : undefined;
  }

  async remove(id: string): Promise<void> {
    await this.call(() => this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: itemKey(id) })));
  }

  async saveAnalysis(id: string, revision: number, analysis: Analysis, analyzedAt: string): Promise<boolean> {
    const current = await this.get(id);
    if (!current) return false;
    const status = current.triage?.status ?? 'open';
    const level = analysis.urgency.level;
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: itemKey(id),
          UpdateExpression:
            'SET #analysis = :analysis, #status = :analyzed, analyzedRevision = :rev, analyzedAt = :at, ' +
            'triage = :triage, gsi1pk = :qpk, gsi1sk = :qsk REMOVE failure',
          ConditionExpression:
            'attribute_exists(pk) AND revision = :rev AND (attribute_not_exists(analyzedRevision) OR analyzedRevision < :rev)',
          ExpressionAttributeNames: { '#analysis': 'analysis', '#status': 'status' },
          ExpressionAttributeValues: marshall(
            {
              ':analysis': analysis,
              ':analyzed': 'analyzed',
              ':rev': revision,
              ':at': analyzedAt,
              ':triage': { ...current.triage, status, level, score: analysis.urgency.score },
              ':qpk': queuePartition(status, level),
              ':qsk': queueSortKey(analysis.urgency.score, current.occurredAt, id),
            },
            { removeUndefinedValues: true },
          ),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new DependencyError('DynamoDB', { cause: error });
    }
  }

  async markFailed(id: string, revision: number, reason: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: itemKey(id),
          UpdateExpression: 'SET #status = :failed, failure = :reason',
          ConditionExpression: 'attribute_exists(pk) AND revision = :rev AND #status <> :analyzed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall({
            ':failed': 'failed',
            ':reason': reason.slice(0, 500),
            ':rev': revision,
            ':analyzed': 'analyzed',
          }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw new DependencyError('DynamoDB', { cause: error });
    }
  }

  async queue(query: QueueQuery): Promise<QueuePage> {
    const levels = query.levels?.length ? URGENCY_LEVELS.filter((l) => query.levels?.includes(l)) : URGENCY_LEVELS;
    const cursor: Cursor = query.cursor ? decodeCursor(query.cursor) : { l: 0 };
    const items: FeedbackItem[] = [];
    let levelIndex = cursor.l;
    let startKey = cursor.k;
    while (levelIndex < levels.length && items.length < query.limit) {
      const level = levels[levelIndex] as UrgencyLevel;
      const out: QueryCommandOutput = await this.call(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: marshall({
              ':pk': queuePartition('open', level),
              ...(query.channel ? { ':c': query.channel } : {}),
            }),
            ...(query.channel ? { FilterExpression: 'channel = :c' } : {}),
            Limit: query.limit - items.length,
            ExclusiveStartKey: startKey ? marshall(startKey) : undefined,
          }),
        ),
      );
      items.push(...(out.Items ?? []).map((i) => fromRecord(unmarshall(i))));
      if (out.LastEvaluatedKey) {
        startKey = unmarshall(out.LastEvaluatedKey);
      } else {
        startKey = undefined;
        levelIndex++;
      }
    }
    const more = levelIndex < levels.length;
    return { items, nextCursor: more ? encodeCursor({ l: levelIndex, k: startKey }) : undefined };
  }

  async listByOccurredAt(from: string, to: string, cursor?: string) {
    // Walk the UTC day partitions that overlap [from, to); the cursor remembers the day and the key.
    type DayCursor = { d: string; k?: Record<string, unknown> };
    const encode = (c: DayCursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
    let state: DayCursor = { d: from.slice(0, 10) };
    if (cursor) state = decodeDayCursor(cursor);
    const lastDay = new Date(Date.parse(to) - 1).toISOString().slice(0, 10);
    while (state.d <= lastDay) {
      const { d: day, k: startKey } = state;
      const out: QueryCommandOutput = await this.call(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
            ExpressionAttributeValues: marshall({ ':pk': `DAY#${day}`, ':from': from, ':to': to }),
            ExclusiveStartKey: startKey ? marshall(startKey) : undefined,
          }),
        ),
      );
      const items = (out.Items ?? []).map((i) => fromRecord(unmarshall(i))).filter((i) => i.occurredAt < to);
      const nextDay = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      let next: DayCursor | undefined;
      if (out.LastEvaluatedKey) next = { d: day, k: unmarshall(out.LastEvaluatedKey) };
      else if (nextDay <= lastDay) next = { d: nextDay };
      if (items.length > 0 || !next) return { items, nextCursor: next ? encode(next) : undefined };
      state = next;
    }
    return { items: [] };
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      throw new DependencyError('DynamoDB', { cause: error });
    }
  }
}
