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
import type { AlertMarks } from '../../alerts/ports.js';
import type { Analysis, UrgencyLevel } from '../../analysis/types.js';
import { URGENCY_LEVELS } from '../../analysis/types.js';
import { DependencyError, ValidationError } from '../../errors.js';
import type { AuditEntry, FeedbackItem, TriageState, TriageStatus } from '../../feedback/model.js';
import type { FeedbackStore, PutOutcome, QueuePage, QueueQuery } from '../../feedback/ports.js';
import type { TranscriptStore } from '../../transcripts/ports.js';
import { triageAfterAnalysis } from '../../triage/effective.js';
import type { LabelledPage, TriageStore } from '../../triage/ports.js';
import { DEFAULT_SLA, type SlaMinutes } from '../../triage/sla.js';
import { dynamoCall, queryAll } from './query.js';

const ITEM_SK = 'ITEM';
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'] as const;

const itemKey = (id: string) => ({ pk: { S: `FB#${id}` }, sk: { S: ITEM_SK } });

/** Urgency-queue partition: one per triage status and level, so a level reads in order. */
export const queuePartition = (status: TriageStatus, level: UrgencyLevel) => `QUEUE#${status}#${level}`;

/** Within a level: higher score first, then older first (score inverted so ascending order works). */
export const queueSortKey = (score: number, occurredAt: string, id: string) =>
  `${String(100 - Math.max(0, Math.min(100, Math.round(score)))).padStart(3, '0')}#${occurredAt}#${id}`;

/** Audit-trail record of an item: sorts by time, then by triage version (unique per item). */
export const auditSortKey = (entry: AuditEntry) => `AUDIT#${entry.at}#${String(entry.version).padStart(8, '0')}`;

/** Index partition listing override audit records: the labelled evaluation set, newest first. */
export const LABELS_PARTITION = 'LABELS';

/** Most index pages one queue request reads when filters discard items (the cursor resumes). */
const MAX_QUEUE_READS = 20;

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

/** Options of the store: the SLA decides `triage.dueAt` when an item is analyzed. */
export interface DynamoFeedbackStoreOptions {
  sla?: SlaMinutes;
}

const SAVE_ATTEMPTS = 5;

/** FeedbackStore (and its triage, audit and alert marks) on one DynamoDB table, the same on AWS and dynalite. */
export class DynamoFeedbackStore implements FeedbackStore, TriageStore, AlertMarks, TranscriptStore {
  private readonly sla: SlaMinutes;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    options: DynamoFeedbackStoreOptions = {},
  ) {
    this.sla = options.sla ?? DEFAULT_SLA;
  }

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

  /** Transcripts: writes a conversation's new content as `item.revision` if the stored revision is `expectedRevision`. */
  async replaceContent(item: FeedbackItem, expectedRevision: number): Promise<boolean> {
    const content: Record<string, unknown> = {
      text: item.text,
      turns: item.turns,
      redacted: item.redacted,
      channel: item.channel,
      occurredAt: item.occurredAt,
      contentHash: item.contentHash,
      revision: item.revision,
      status: 'queued',
      gsi2pk: dayPartition(item.occurredAt),
      gsi2sk: `${item.occurredAt}#${item.id}`,
      ...(item.ratings ? { ratings: item.ratings } : {}),
      ...(item.customer ? { customer: item.customer } : {}),
      ...(item.metadata ? { metadata: item.metadata } : {}),
      ...(item.journeyStage ? { journeyStage: item.journeyStage } : {}),
      ...(item.languageHint ? { languageHint: item.languageHint } : {}),
    };
    const names = Object.fromEntries(Object.keys(content).map((k, i) => [`#c${i}`, k]));
    const values = Object.fromEntries(Object.values(content).map((v, i) => [`:c${i}`, v]));
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: itemKey(item.id),
          UpdateExpression: `SET ${Object.keys(content)
            .map((_, i) => `#c${i} = :c${i}`)
            .join(', ')} REMOVE failure`,
          ConditionExpression: 'attribute_exists(pk) AND #rev = :expected',
          ExpressionAttributeNames: { ...names, '#rev': 'revision' },
          ExpressionAttributeValues: marshall(
            { ...values, ':expected': expectedRevision },
            { removeUndefinedValues: true, convertClassInstanceToMap: false },
          ),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new DependencyError('DynamoDB', { cause: error });
    }
  }

  async get(id: string): Promise<FeedbackItem | undefined> {
    const out = await dynamoCall(() =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: itemKey(id), ConsistentRead: true })),
    );
    return out.Item ? fromRecord(unmarshall(out.Item)) : undefined;
  }

  async remove(id: string): Promise<void> {
    await dynamoCall(() => this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: itemKey(id) })));
  }

  async saveAnalysis(id: string, revision: number, analysis: Analysis, analyzedAt: string): Promise<boolean> {
    // Compare-and-set on triage.version as well as the revision: a triage action that lands between
    // our read and our write makes us re-read, so neither its change nor an override is lost.
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
      const current = await this.get(id);
      if (!current || current.revision !== revision || (current.analyzedRevision ?? 0) >= revision) return false;
      const triage = triageAfterAnalysis(current.triage, analysis, current.receivedAt, this.sla);
      const level = triage.level ?? analysis.urgency.level;
      const expected = current.triage?.version;
      try {
        await this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: itemKey(id),
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
                ':rev': revision,
                ':at': analyzedAt,
                ':triage': triage,
                ':qpk': queuePartition(triage.status, level),
                ':qsk': queueSortKey(analysis.urgency.score, current.occurredAt, id),
                ...(expected === undefined ? {} : { ':tv': expected }),
              },
              { removeUndefinedValues: true },
            ),
          }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException))
          throw new DependencyError('DynamoDB', { cause: error });
      }
    }
    throw new DependencyError('DynamoDB (item kept changing during analysis)');
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
    const status = query.status ?? 'open';
    // Acknowledging stops the SLA clock (see isOverdue): only open items can be overdue.
    if (query.overdueBefore && status !== 'open') return { items: [] };
    const cursor: Cursor = query.cursor ? decodeCursor(query.cursor) : { l: 0 };
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
    let levelIndex = cursor.l;
    let startKey = cursor.k;
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

  async updateTriage(item: FeedbackItem, expectedVersion: number | undefined, next: TriageState): Promise<boolean> {
    const level = next.level;
    const inQueue = level !== undefined && next.score !== undefined;
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: itemKey(item.id),
          UpdateExpression: `SET triage = :triage${inQueue ? ', gsi1pk = :qpk, gsi1sk = :qsk' : ''}`,
          ConditionExpression:
            'attribute_exists(pk) AND ' +
            (expectedVersion === undefined ? 'attribute_not_exists(triage.#version)' : 'triage.#version = :tv'),
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: marshall(
            {
              ':triage': next,
              ...(inQueue
                ? {
                    ':qpk': queuePartition(next.status, level),
                    ':qsk': queueSortKey(next.score ?? 0, item.occurredAt, item.id),
                  }
                : {}),
              ...(expectedVersion === undefined ? {} : { ':tv': expectedVersion }),
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

  async appendAudit(id: string, entry: AuditEntry): Promise<void> {
    const labelled = entry.action === 'override' ? { gsi1pk: LABELS_PARTITION, gsi1sk: `${entry.at}#${id}` } : {};
    await dynamoCall(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall(
            { pk: `FB#${id}`, sk: auditSortKey(entry), id, ...labelled, entry },
            { removeUndefinedValues: true },
          ),
        }),
      ),
    );
  }

  async history(id: string): Promise<AuditEntry[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: marshall({ ':pk': `FB#${id}`, ':audit': 'AUDIT#' }),
      ConsistentRead: true,
    });
    return items.map((i) => unmarshall(i).entry as AuditEntry).sort((a, b) => a.version - b.version);
  }

  async labelled(limit: number, cursor?: string): Promise<LabelledPage> {
    let startKey: Record<string, unknown> | undefined;
    if (cursor) startKey = decodeCursor(cursor).k;
    const out: QueryCommandOutput = await dynamoCall(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: marshall({ ':pk': LABELS_PARTITION }),
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: startKey ? marshall(startKey) : undefined,
        }),
      ),
    );
    const ids = [...new Set((out.Items ?? []).map((i) => unmarshall(i).id as string))];
    const items = (await Promise.all(ids.map((id) => this.get(id)))).filter(
      (i): i is FeedbackItem => i?.triage?.override !== undefined,
    );
    const next = out.LastEvaluatedKey ? encodeCursor({ l: 0, k: unmarshall(out.LastEvaluatedKey) }) : undefined;
    return { items, nextCursor: next };
  }

  async markAlerted(id: string, at: string, staleBefore: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: itemKey(id),
          UpdateExpression: 'SET alertedAt = :at',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(alertSentAt) AND ' +
            '(attribute_not_exists(alertedAt) OR alertedAt < :stale)',
          ExpressionAttributeValues: marshall({ ':at': at, ':stale': staleBefore }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new DependencyError('DynamoDB', { cause: error });
    }
  }

  async confirmAlerted(id: string, at: string, sentAt: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: itemKey(id),
          UpdateExpression: 'SET alertSentAt = if_not_exists(alertSentAt, :sent)',
          ConditionExpression: 'alertedAt = :at',
          ExpressionAttributeValues: marshall({ ':at': at, ':sent': sentAt }),
        }),
      );
    } catch (error) {
      // Someone took the lease over after ours expired; they will confirm their own send.
      if (error instanceof ConditionalCheckFailedException) return;
      throw new DependencyError('DynamoDB', { cause: error });
    }
  }

  async clearAlerted(id: string, at: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: itemKey(id),
          UpdateExpression: 'REMOVE alertedAt',
          ConditionExpression: 'alertedAt = :at',
          ExpressionAttributeValues: marshall({ ':at': at }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw new DependencyError('DynamoDB', { cause: error });
    }
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
      const out: QueryCommandOutput = await dynamoCall(() =>
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
}
