import {
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Analysis, UrgencyLevel } from '../../analysis/types.js';
import { URGENCY_LEVELS } from '../../analysis/types.js';
import { StoreRejectedError } from '../../errors.js';
import type { FeedbackItem, TriageState } from '../../feedback/model.js';
import type {
  FeedbackStore,
  PendingItem,
  PendingItems,
  PendingPage,
  PutOutcome,
  QueueCount,
  QueueFilter,
  QueuePage,
  QueueQuery,
} from '../../feedback/ports.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { getItem, getItems } from './item-reads.js';
import {
  dayPartition,
  fromItemRecord,
  itemKey,
  newItemRecord,
  PENDING_PARTITION,
  pendingSortKey,
  queuePartition,
  queueSortKey,
} from './keys.js';
import { conditionalWrite, dynamoCall } from './query.js';

/** Most index pages one queue request reads when filters discard items (the cursor resumes). */
const MAX_QUEUE_READS = 20;

const ID = /^FB#[^#]{1,128}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Most Query pages one queue count reads (each at most 1 MB); past it the count is a lower bound. */
const MAX_COUNT_READS = 10;

interface FilterExpression {
  conditions: string[];
  values: Record<string, unknown>;
  names: Record<string, string>;
}

const queueLevels = (filter: QueueFilter): UrgencyLevel[] =>
  filter.levels?.length ? URGENCY_LEVELS.filter((l) => filter.levels?.includes(l)) : [...URGENCY_LEVELS];

/** The queue filters as one DynamoDB filter expression (a page and a count apply the same). */
const queueFilterExpression = (filter: QueueFilter): FilterExpression => {
  const conditions: string[] = [];
  const values: Record<string, unknown> = {};
  const names: Record<string, string> = {};
  const anyOf = (prefix: string, list: readonly string[], condition: (placeholder: string) => string) => {
    const parts = list.map((value, i) => {
      values[`:${prefix}${i}`] = value;
      return condition(`:${prefix}${i}`);
    });
    conditions.push(parts.length === 1 ? (parts[0] as string) : `(${parts.join(' OR ')})`);
  };
  if (filter.channels?.length) anyOf('c', filter.channels, (v) => `channel = ${v}`);
  if (filter.sources?.length) anyOf('s', filter.sources, (v) => `#src = ${v}`);
  if (filter.sources?.length) names['#src'] = 'source';
  if (filter.topics?.length || filter.assignee || filter.overdueBefore) names['#t'] = 'triage';
  if (filter.topics?.length) anyOf('topic', filter.topics, (v) => `contains(#t.topics, ${v})`);
  if (filter.assignee) {
    conditions.push('#t.assignee = :a');
    values[':a'] = filter.assignee;
  }
  if (filter.overdueBefore) {
    conditions.push('#t.dueAt < :now');
    values[':now'] = filter.overdueBefore;
  }
  return { conditions, values, names };
};

/** The feedback items on Koe's one table (new items, reads, analysis results, the queue and window reads), the same on AWS and dynalite. */
export class DynamoFeedbackStore implements FeedbackStore, PendingItems {
  constructor(
    protected readonly client: DynamoDBClient,
    protected readonly tableName: string,
  ) {}

  async putNew(item: FeedbackItem): Promise<PutOutcome> {
    const created = await conditionalWrite(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall(newItemRecord(item), { removeUndefinedValues: true, convertClassInstanceToMap: false }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (created) return { status: 'created', item };
    const existing = await this.get(item.id);
    // Written a moment ago and gone now: deleted by a concurrent compensation; the caller retries.
    if (!existing) throw new StoreRejectedError('DynamoDB (item vanished during a duplicate check)');
    return { status: 'duplicate', item: existing };
  }

  async get(id: string): Promise<FeedbackItem | undefined> {
    return getItem(this.client, this.tableName, id);
  }

  async getMany(ids: readonly string[]): Promise<Map<string, FeedbackItem>> {
    return getItems(this.client, this.tableName, ids);
  }

  async remove(id: string): Promise<void> {
    await dynamoCall(() => this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: itemKey(id) })));
  }

  async saveAnalysis(
    read: FeedbackItem,
    analysis: Analysis,
    triage: TriageState,
    analyzedAt: string,
  ): Promise<boolean> {
    // Compare-and-set on the revision and on triage.version as read: a triage action or a new revision
    // that lands between the read and this write makes it fail, and the use case decides again.
    const expected = read.triage?.version;
    const level: UrgencyLevel = triage.level ?? analysis.urgency.level;
    return conditionalWrite(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: itemKey(read.id),
          UpdateExpression:
            'SET #analysis = :analysis, #status = :analyzed, analyzedRevision = :rev, analyzedAt = :at, ' +
            'triage = :triage, gsi1pk = :qpk, gsi1sk = :qsk REMOVE failure',
          ConditionExpression:
            'attribute_exists(pk) AND revision = :rev AND (attribute_not_exists(analyzedRevision) OR analyzedRevision < :rev) AND ' +
            (expected === undefined ? 'attribute_not_exists(triage.#version)' : 'triage.#version = :tv'),
          ExpressionAttributeNames: { '#analysis': 'analysis', '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: marshall(
            {
              ':analysis': analysis,
              ':analyzed': 'analyzed',
              ':rev': read.revision,
              ':at': analyzedAt,
              ':triage': triage,
              ':qpk': queuePartition(triage.status, level),
              ':qsk': queueSortKey(analysis.urgency.score, read.occurredAt, read.id),
              ...(expected === undefined ? {} : { ':tv': expected }),
            },
            { removeUndefinedValues: true },
          ),
        }),
      ),
    );
  }

  async markFailed(id: string, revision: number, reason: string): Promise<void> {
    // False when the item moved on or was analyzed meanwhile: a late failure never hides a success.
    await conditionalWrite(() =>
      this.client.send(
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
      ),
    );
  }

  async listPending(queuedBefore: string, limit: number, cursor?: string): Promise<PendingPage> {
    const state = cursor
      ? decodeCursor(cursor, {
          shape: () => ({ pk: ID, sk: 'ITEM', gsi1pk: PENDING_PARTITION, gsi1sk: /^[^#]+#[^#]+$/ }),
        })
      : {};
    const out: QueryCommandOutput = await dynamoCall(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
          FilterExpression: '#status = :queued',
          ProjectionExpression: 'id, revision, gsi1sk',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall({
            ':pk': PENDING_PARTITION,
            ':before': queuedBefore,
            ':queued': 'queued',
          }),
          Limit: limit,
          ExclusiveStartKey: state.k ? marshall(state.k) : undefined,
        }),
      ),
    );
    const items: PendingItem[] = (out.Items ?? []).map((record) => {
      const { id, revision, gsi1sk } = unmarshall(record) as { id: string; revision: number; gsi1sk: string };
      return { id, revision, queuedSince: gsi1sk.slice(0, gsi1sk.indexOf('#')) };
    });
    const next = out.LastEvaluatedKey
      ? encodeCursor({ k: unmarshall(out.LastEvaluatedKey) as Record<string, string> })
      : undefined;
    return { items, ...(next ? { nextCursor: next } : {}) };
  }

  async claimPending(item: PendingItem, queuedAt: string): Promise<boolean> {
    // Moves the item's place in the pending index to now: one sweeper wins, and the next sweep leaves it alone until the deadline passes again.
    return conditionalWrite(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: itemKey(item.id),
          UpdateExpression: 'SET gsi1sk = :now',
          ConditionExpression: 'gsi1pk = :pending AND gsi1sk = :was AND #status = :queued AND revision = :rev',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall({
            ':now': pendingSortKey(queuedAt, item.id),
            ':was': pendingSortKey(item.queuedSince, item.id),
            ':pending': PENDING_PARTITION,
            ':queued': 'queued',
            ':rev': item.revision,
          }),
        }),
      ),
    );
  }

  async queue(query: QueueQuery): Promise<QueuePage> {
    const levels = queueLevels(query);
    const status = query.status ?? 'open';
    // Acknowledging stops the SLA clock (see isOverdue): only open items can be overdue.
    if (query.overdueBefore && status !== 'open') return { items: [] };
    const cursor = query.cursor
      ? decodeCursor(query.cursor, {
          level: (l) => l >= 0 && l <= levels.length,
          shape: (s) => ({
            pk: ID,
            sk: 'ITEM',
            gsi1pk: queuePartition(status, levels[s.l ?? 0] ?? 'low'),
            gsi1sk: /^\d{3}#[^#]+#[^#]+$/,
          }),
        })
      : { l: 0 };
    const filter = queueFilterExpression(query);
    const items: FeedbackItem[] = [];
    let levelIndex = cursor.l ?? 0;
    let startKey: Record<string, unknown> | undefined = cursor.k;
    let reads = 0;
    while (levelIndex < levels.length && items.length < query.limit && reads < MAX_QUEUE_READS) {
      const level = levels[levelIndex] as UrgencyLevel;
      reads++;
      const out: QueryCommandOutput = await dynamoCall(() =>
        this.client.send(
          new QueryCommand({
            ...this.queueQueryInput(queuePartition(status, level), filter),
            Limit: query.limit - items.length,
            ExclusiveStartKey: startKey ? marshall(startKey) : undefined,
          }),
        ),
      );
      items.push(...(out.Items ?? []).map((i) => fromItemRecord(unmarshall(i))));
      if (out.LastEvaluatedKey) {
        startKey = unmarshall(out.LastEvaluatedKey);
      } else {
        startKey = undefined;
        levelIndex++;
      }
    }
    const more = levelIndex < levels.length;
    return {
      items,
      ...(more
        ? {
            nextCursor: encodeCursor({ l: levelIndex, ...(startKey ? { k: startKey as Record<string, string> } : {}) }),
          }
        : {}),
    };
  }

  async countQueue(filter: QueueFilter, cap: number): Promise<QueueCount> {
    const status = filter.status ?? 'open';
    if (filter.overdueBefore && status !== 'open') return { count: 0, atLeast: false };
    const expression = queueFilterExpression(filter);
    let count = 0;
    let reads = 0;
    for (const level of queueLevels(filter)) {
      let startKey: QueryCommandOutput['LastEvaluatedKey'];
      do {
        // A Query page reads at most 1 MB whatever it selects: the bound keeps a count of a wide filter cheap.
        if (reads++ >= MAX_COUNT_READS) return { count, atLeast: true };
        const out: QueryCommandOutput = await dynamoCall(() =>
          this.client.send(
            new QueryCommand({
              ...this.queueQueryInput(queuePartition(status, level), expression),
              Select: 'COUNT',
              ExclusiveStartKey: startKey,
            }),
          ),
        );
        count += out.Count ?? 0;
        if (count >= cap) return { count: cap, atLeast: true };
        startKey = out.LastEvaluatedKey;
      } while (startKey);
    }
    return { count, atLeast: false };
  }

  private queueQueryInput(partition: string, filter: FilterExpression) {
    return {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': partition, ...filter.values }),
      ...(Object.keys(filter.names).length ? { ExpressionAttributeNames: filter.names } : {}),
      ...(filter.conditions.length ? { FilterExpression: filter.conditions.join(' AND ') } : {}),
    };
  }

  async listByOccurredAt(from: string, to: string, cursor?: string) {
    // Walk the UTC day partitions that overlap [from, to); the cursor remembers the day and the key.
    if (!(from < to)) return { items: [] };
    let state = cursor
      ? decodeCursor(cursor, {
          day: true,
          shape: (s) => ({ pk: ID, sk: 'ITEM', gsi2pk: `DAY#${s.d}`, gsi2sk: /^[^#]+#[^#]+$/ }),
        })
      : { d: from.slice(0, 10) };
    const lastDay = new Date(Date.parse(to) - 1).toISOString().slice(0, 10);
    while ((state.d ?? '') <= lastDay && DAY.test(state.d ?? '')) {
      const day = state.d as string;
      const startKey = state.k;
      const out: QueryCommandOutput = await dynamoCall(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
            ExpressionAttributeValues: marshall({ ':pk': dayPartition(day), ':from': from, ':to': to }),
            ExclusiveStartKey: startKey ? marshall(startKey) : undefined,
          }),
        ),
      );
      const items = (out.Items ?? []).map((i) => fromItemRecord(unmarshall(i))).filter((i) => i.occurredAt < to);
      const nextDay = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      let next: { d: string; k?: Record<string, string> } | undefined;
      if (out.LastEvaluatedKey) next = { d: day, k: unmarshall(out.LastEvaluatedKey) as Record<string, string> };
      else if (nextDay <= lastDay) next = { d: nextDay };
      if (items.length > 0 || !next) return { items, ...(next ? { nextCursor: encodeCursor(next) } : {}) };
      state = next;
    }
    return { items: [] };
  }
}
