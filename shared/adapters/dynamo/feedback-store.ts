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
    const levels = query.levels?.length ? URGENCY_LEVELS.filter((l) => query.levels?.includes(l)) : URGENCY_LEVELS;
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
    const filters: string[] = [];
    const values: Record<string, unknown> = {};
    const names: Record<string, string> = {};
    if (query.channel) {
      filters.push('channel = :c');
      values[':c'] = query.channel;
    }
    if (query.topic || query.assignee || query.overdueBefore) names['#t'] = 'triage';
    if (query.topic) {
      filters.push('contains(#t.topics, :topic)');
      values[':topic'] = query.topic;
    }
    if (query.assignee) {
      filters.push('#t.assignee = :a');
      values[':a'] = query.assignee;
    }
    if (query.overdueBefore) {
      filters.push('#t.dueAt < :now');
      values[':now'] = query.overdueBefore;
    }
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
            TableName: this.tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: marshall({ ':pk': queuePartition(status, level), ...values }),
            ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
            ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
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
