import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandOutput,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { DependencyError } from '../../errors.js';
import { storeError } from './query.js';

/** Most requests one BatchWriteItem call takes. */
export const BATCH_WRITE_SIZE = 25;

const MAX_ATTEMPTS = 12;

/**
 * Writes requests 25 per call, retrying UnprocessedItems with capped exponential backoff
 * (DynamoDB returns them under throttling; dynalite never does, AWS does).
 */
export const batchWrite = async (
  client: DynamoDBClient,
  tableName: string,
  requests: readonly WriteRequest[],
): Promise<void> => {
  for (let i = 0; i < requests.length; i += BATCH_WRITE_SIZE) {
    let pending: WriteRequest[] = requests.slice(i, i + BATCH_WRITE_SIZE);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new DependencyError('DynamoDB (unprocessed items after retries)');
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2_000, 25 * 2 ** attempt)));
      let out: BatchWriteItemCommandOutput;
      try {
        out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      } catch (error) {
        throw storeError(error);
      }
      pending = out.UnprocessedItems?.[tableName] ?? [];
    }
  }
};
