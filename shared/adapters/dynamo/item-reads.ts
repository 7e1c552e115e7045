import {
  BatchGetItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  type KeysAndAttributes,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DependencyError } from '../../errors.js';
import type { FeedbackItem } from '../../feedback/model.js';
import { fromItemRecord, itemKey } from './keys.js';
import { dynamoCall } from './query.js';

/** Most keys one BatchGetItem call takes. */
const BATCH_GET_SIZE = 100;
const MAX_ATTEMPTS = 12;

/** Reads one item (consistent read); every store of the feedback aggregate reads through here. */
export const getItem = async (
  client: DynamoDBClient,
  tableName: string,
  id: string,
): Promise<FeedbackItem | undefined> => {
  const out = await dynamoCall(() =>
    client.send(new GetItemCommand({ TableName: tableName, Key: itemKey(id), ConsistentRead: true })),
  );
  return out.Item ? fromItemRecord(unmarshall(out.Item)) : undefined;
};

/**
 * Reads many items by id with BatchGetItem (100 keys a call, consistent reads), retrying
 * UnprocessedKeys with capped backoff; the map holds the ids that exist.
 */
export const getItems = async (
  client: DynamoDBClient,
  tableName: string,
  ids: readonly string[],
): Promise<Map<string, FeedbackItem>> => {
  const found = new Map<string, FeedbackItem>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += BATCH_GET_SIZE) {
    let pending: KeysAndAttributes | undefined = {
      Keys: unique.slice(i, i + BATCH_GET_SIZE).map(itemKey),
      ConsistentRead: true,
    };
    for (let attempt = 0; pending?.Keys?.length; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new DependencyError('DynamoDB (unprocessed keys after retries)');
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2_000, 25 * 2 ** attempt)));
      const request: KeysAndAttributes = pending;
      const out = await dynamoCall(() =>
        client.send(new BatchGetItemCommand({ RequestItems: { [tableName]: request } })),
      );
      for (const record of out.Responses?.[tableName] ?? []) {
        const item = fromItemRecord(unmarshall(record));
        found.set(item.id, item);
      }
      pending = out.UnprocessedKeys?.[tableName];
    }
  }
  return found;
};
