import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DependencyError, KoeError, StoreRejectedError } from '../../errors.js';

/** Error names of a store that is busy or down for a while: a retry can succeed. */
const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TransactionInProgressException',
]);

/**
 * Failures that a 5xx status would make look transient but that no retry heals: the embedded engine's
 * damaged LevelDB block (infra/local/dynalite-child.ts). Koe reports them as its own fault (500, cause
 * logged), never "unavailable, retry later".
 */
const PERMANENT_NAMES = new Set(['StoreCorruptionException']);

/** Socket errors: the store is unreachable (not started yet, restarting, network down). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // The local engine listens on a Unix socket: while it restarts the socket file is absent.
  'ENOENT',
]);

/**
 * True when a DynamoDB failure is the store being unavailable (throttling, a timeout, a refused or
 * reset connection, a 5xx) — worth a retry — rather than the store refusing this request.
 */
export const isTransientStoreError = (error: unknown): boolean => {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!e) return false;
  if (e.name && PERMANENT_NAMES.has(e.name)) return false;
  if (e.name && TRANSIENT_NAMES.has(e.name)) return true;
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  return status !== undefined && (status >= 500 || status === 429);
};

/**
 * Maps a DynamoDB failure to Koe's errors: unavailable (DependencyError → 503, retry) only when it
 * is transient; a request the store refuses — ValidationException, an item too large, a bad key —
 * can never succeed on retry and is Koe's bug (StoreRejectedError → 500, cause logged). Callers
 * validate the client's input first, so that the client's mistakes are 400s before they get here.
 */
export const storeError = (error: unknown): KoeError => {
  if (error instanceof KoeError) return error;
  return isTransientStoreError(error)
    ? new DependencyError('DynamoDB', { cause: error })
    : new StoreRejectedError('DynamoDB', { cause: error });
};

/** Runs one DynamoDB call; a failure becomes a 503 only when it is transient (see {@link storeError}). */
export const dynamoCall = async <T>(fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn();
  } catch (error) {
    throw storeError(error);
  }
};

/**
 * Runs one conditional write: true when it was written, false when its condition did not hold
 * (someone else won, or the state moved on). Every other failure is mapped by {@link storeError}.
 */
export const conditionalWrite = async (fn: () => Promise<unknown>): Promise<boolean> => {
  try {
    await fn();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw storeError(error);
  }
};

/** Every item a query matches, raw, following `LastEvaluatedKey` page by page. */
export const queryAll = async (
  client: DynamoDBClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Array<Record<string, AttributeValue>>> => {
  const items: Array<Record<string, AttributeValue>> = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamoCall(() => client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey })));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};
