import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { UrgencyLevel } from '../../analysis/types.js';
import { ValidationError } from '../../errors.js';
import type { AuditEntry, FeedbackItem, TriageStatus } from '../../feedback/model.js';

// The key layout of the feedback aggregate in Koe's one table (docs/data-model.md), in one place:
// every store, the benchmarks and the tests build their keys here.

/** Sort key of the item record itself (its audit entries share the partition). */
export const ITEM_SK = 'ITEM';

/** Longest item id a key may carry: ids are 27 characters; DynamoDB refuses partition keys over 2,048 bytes. */
export const MAX_ITEM_ID_LENGTH = 128;

/** The key attributes, which are no part of the record an item holds. */
export const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'] as const;

/** The record a stored item holds: the item without its key attributes (every store reads its records so). */
export const withoutKeys = <R>(item: Record<string, unknown>): R => {
  const record = { ...item };
  for (const key of KEY_ATTRIBUTES) delete record[key];
  return record as unknown as R;
};

/**
 * Partition of an item and its audit trail. Throws ValidationError naming `id` for an id no item can
 * have, so a hand-made path id is a 400 before it reaches the store (which would refuse it).
 */
export const feedbackPartition = (id: string): string => {
  if (id.length === 0 || id.length > MAX_ITEM_ID_LENGTH)
    throw new ValidationError('Invalid id', [
      { path: 'id', message: `must be 1 to ${MAX_ITEM_ID_LENGTH} characters, got ${id.length}` },
    ]);
  return `FB#${id}`;
};

/** The primary key of an item record, marshalled. */
export const itemKey = (id: string): Record<string, AttributeValue> => ({
  pk: { S: feedbackPartition(id) },
  sk: { S: ITEM_SK },
});

/** Urgency-queue partition: one per triage status and level, so a level reads in order. */
export const queuePartition = (status: TriageStatus, level: UrgencyLevel) => `QUEUE#${status}#${level}`;

/** Within a level: higher score first, then older first (score inverted so ascending order works). */
export const queueSortKey = (score: number, occurredAt: string, id: string) =>
  `${String(100 - Math.max(0, Math.min(100, Math.round(score)))).padStart(3, '0')}#${occurredAt}#${id}`;

/**
 * Index partition of items waiting for their first analysis (`gsi1`, sparse: analysis moves the item
 * to its urgency-queue partition). The sweeper reads it oldest first to find items stuck in `queued`.
 */
export const PENDING_PARTITION = 'PENDING';

/** Within the pending partition: by the time the item was (last) queued, then id. */
export const pendingSortKey = (queuedAt: string, id: string) => `${queuedAt}#${id}`;

/** Prefix of an item's audit records' sort keys. */
export const AUDIT_PREFIX = 'AUDIT#';

/** Audit-trail record of an item: sorts by time, then by triage version (unique per item). */
export const auditSortKey = (entry: AuditEntry) =>
  `${AUDIT_PREFIX}${entry.at}#${String(entry.version).padStart(8, '0')}`;

/** Index partition listing override audit records: the labelled evaluation set, newest first. */
export const LABELS_PARTITION = 'LABELS';

/** Items-by-day partition (UTC day of occurredAt), for roll-ups over a window. */
export const dayPartition = (occurredAt: string) => `DAY#${occurredAt.slice(0, 10)}`;

/** Within a day: by occurredAt, then id. */
export const daySortKey = (occurredAt: string, id: string) => `${occurredAt}#${id}`;

/** The record of a new item: the item with its table key, its day index key and its pending index key. */
export const newItemRecord = (item: FeedbackItem): Record<string, unknown> => ({
  ...item,
  pk: feedbackPartition(item.id),
  sk: ITEM_SK,
  gsi1pk: PENDING_PARTITION,
  gsi1sk: pendingSortKey(item.receivedAt, item.id),
  gsi2pk: dayPartition(item.occurredAt),
  gsi2sk: daySortKey(item.occurredAt, item.id),
});

/** The FeedbackItem of a stored record (its key attributes removed). */
export const fromItemRecord = (record: Record<string, unknown>): FeedbackItem => withoutKeys<FeedbackItem>(record);

/** The installation's promoted taxonomy topics: one item (shared/adapters/dynamo/taxonomy-store.ts). */
export const TAXONOMY_KEY = { pk: 'META', sk: 'TAXONOMY' } as const;
