import { type DynamoDBClient, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AuditEntry, FeedbackItem, TriageState } from '../../feedback/model.js';
import type { FeedbackStore } from '../../feedback/ports.js';
import type { LabelledPage, TriageStore } from '../../triage/ports.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { getItem, getItems } from './item-reads.js';
import {
  AUDIT_PREFIX,
  auditSortKey,
  feedbackPartition,
  itemKey,
  LABELS_PARTITION,
  queuePartition,
  queueSortKey,
} from './keys.js';
import { conditionalWrite, dynamoCall, queryAll } from './query.js';

/** Triage changes on the feedback item (compare-and-set on `triage.version`) and its audit trail, on Koe's one table. */
export class DynamoTriageStore implements Pick<FeedbackStore, 'get'>, TriageStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<FeedbackItem | undefined> {
    return getItem(this.client, this.tableName, id);
  }

  async updateTriage(item: FeedbackItem, expectedVersion: number | undefined, next: TriageState): Promise<boolean> {
    const level = next.level;
    const inQueue = level !== undefined && next.score !== undefined;
    return conditionalWrite(() =>
      this.client.send(
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
      ),
    );
  }

  async appendAudit(id: string, entry: AuditEntry): Promise<void> {
    const labelled = entry.action === 'override' ? { gsi1pk: LABELS_PARTITION, gsi1sk: `${entry.at}#${id}` } : {};
    await dynamoCall(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall(
            { pk: feedbackPartition(id), sk: auditSortKey(entry), id, ...labelled, entry },
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
      ExpressionAttributeValues: marshall({ ':pk': feedbackPartition(id), ':audit': AUDIT_PREFIX }),
      ConsistentRead: true,
    });
    return items.map((i) => unmarshall(i).entry as AuditEntry).sort((a, b) => a.version - b.version);
  }

  async labelled(limit: number, cursor?: string): Promise<LabelledPage> {
    const startKey = cursor
      ? decodeCursor(cursor, {
          shape: () => ({ pk: /^FB#[^#]{1,128}$/, sk: /^AUDIT#/, gsi1pk: LABELS_PARTITION, gsi1sk: /^[^#]+#[^#]+$/ }),
        }).k
      : undefined;
    const out = await dynamoCall(() =>
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
    const found = await getItems(this.client, this.tableName, ids);
    const items = ids.map((id) => found.get(id)).filter((i): i is FeedbackItem => i?.triage?.override !== undefined);
    return {
      items,
      ...(out.LastEvaluatedKey
        ? { nextCursor: encodeCursor({ k: unmarshall(out.LastEvaluatedKey) as Record<string, string> }) }
        : {}),
    };
  }
}
