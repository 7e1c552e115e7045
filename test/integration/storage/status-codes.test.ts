import { createServer } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeMetricsHandler } from '../../../functions/metrics/handler.js';
import { makeHandler as makeQueryHandler } from '../../../functions/query/handler.js';
import { makeHandler as makeTriageHandler } from '../../../functions/triage/handler.js';
import { encodeCursor } from '../../../shared/adapters/dynamo/cursor.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { isTransientStoreError } from '../../../shared/adapters/dynamo/query.js';
import { DynamoRollupStore } from '../../../shared/adapters/dynamo/rollup-store.js';
import { DynamoTaxonomyStore } from '../../../shared/adapters/dynamo/taxonomy-store.js';
import { DynamoTrendStore } from '../../../shared/adapters/dynamo/trend-store.js';
import { DynamoTriageStore } from '../../../shared/adapters/dynamo/triage-store.js';
import { DependencyError, StoreRejectedError } from '../../../shared/errors.js';
import { toRedactedItem } from '../../../shared/feedback/ingest.js';
import { DEFAULT_SLA } from '../../../shared/triage/sla.js';
import { apiEvent, lambdaContext } from '../../support/api-event.js';
import { createTestTable } from '../../support/dynamo.js';

// Requests the store would refuse (a ValidationException no retry can fix) used to answer
// "503 DynamoDB is unavailable, retry later", so clients retried forever. They are 400s now,
// refused before they reach the store; the real dynalite behind the real SDK is the judge.
const now = () => new Date('2026-11-23T00:00:00Z');
/** As the authorizer leaves it: the key's principal in requestContext.authorizer.lambda. */
const asManager = (event: ReturnType<typeof apiEvent>) => {
  (event.requestContext as { authorizer?: unknown }).authorizer = {
    lambda: { keyId: 'key_alice', name: 'alice', scopes: 'read,triage' },
  };
  return event;
};
let query: ReturnType<typeof makeQueryHandler>;
let triage: ReturnType<typeof makeTriageHandler>;
let metrics: ReturnType<typeof makeMetricsHandler>;

beforeAll(async () => {
  const { client, tableName } = await createTestTable('koe-status');
  const store = new DynamoFeedbackStore(client, tableName);
  const triageStore = new DynamoTriageStore(client, tableName);
  query = makeQueryHandler({ store, audit: triageStore, now });
  triage = makeTriageHandler({
    store: triageStore,
    sla: DEFAULT_SLA,
    now,
    taxonomy: new DynamoTaxonomyStore(client, tableName),
  });
  metrics = makeMetricsHandler({
    items: store,
    rollups: new DynamoRollupStore(client, tableName),
    taxonomy: new DynamoTaxonomyStore(client, tableName),
    trends: new DynamoTrendStore(client, tableName),
    now,
    timezone: 'UTC',
  });
});

const call = async (handler: typeof query, event: ReturnType<typeof apiEvent>) => {
  const res = await handler(event, lambdaContext());
  return { status: res.statusCode, headers: res.headers ?? {}, body: JSON.parse(res.body ?? '{}') };
};

describe('requests the store would refuse', () => {
  it('a path id of 2,048 characters is a 400 naming the id, on read and on a triage action', async () => {
    const id = `fb_${'a'.repeat(2_045)}`;
    const read = await call(query, apiEvent('GET /v1/feedback/{id}', { pathParameters: { id } }));
    const claim = await call(triage, asManager(apiEvent('POST /v1/feedback/{id}/claim', { pathParameters: { id } })));
    expect(read.status).toBe(400);
    expect(read.body.error.issues).toEqual([expect.objectContaining({ path: 'id' })]);
    expect(read.headers['retry-after']).toBeUndefined();
    expect(claim.status).toBe(400);
  });

  it('a hand-made queue cursor is a 400 naming the cursor', async () => {
    const forged = [
      encodeCursor({ l: 0, k: { pk: 'x' } }),
      encodeCursor({ l: 0, k: { pk: 'FB#a', sk: 'ITEM', gsi1pk: 'QUEUE#open#low', gsi1sk: '000#x#a' } }),
      encodeCursor({ l: 7 }),
      encodeCursor({ l: -1 }),
      Buffer.from(JSON.stringify({ l: 0, k: { pk: { S: 'FB#a' } } })).toString('base64url'),
      'not-a-cursor',
    ];
    const answers = await Promise.all(
      forged.map((cursor) => call(query, apiEvent('GET /v1/queue', { query: { cursor } }))),
    );
    expect(answers.map((a) => a.status)).toEqual(forged.map(() => 400));
    expect(answers.every((a) => a.body.error.issues[0].path === 'cursor')).toBe(true);
  });

  it('a cursor the API returned still pages', async () => {
    const cursor = encodeCursor({
      l: 0,
      k: { pk: 'FB#fb_a', sk: 'ITEM', gsi1pk: 'QUEUE#open#critical', gsi1sk: '010#2026-11-22T00:00:00.000Z#fb_a' },
    });
    const page = await call(query, apiEvent('GET /v1/queue', { query: { cursor } }));
    expect(page.status).toBe(200);
  });

  it('a roll-up of year 9999 is a 400 naming the date, not a 503', async () => {
    const res = await call(
      metrics,
      apiEvent('POST /v1/rollups/run', { body: JSON.stringify({ date: '9999-12-31', granularity: 'month' }) }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toBe('date');
  });
});

describe('what the store says, as Koe reports it', () => {
  it('an item over the size limit is a 500 with the cause kept (Koe’s bug), never a 503', async () => {
    // Prepare
    const { client, tableName } = await createTestTable('koe-status-size');
    const store = new DynamoFeedbackStore(client, tableName);
    const item = toRedactedItem(
      { text: 'x', source: 'status', externalId: 'big', channel: 'chat', occurredAt: '2026-11-22T00:00:00.000Z' },
      '2026-11-22T00:00:01.000Z',
    );
    // Act
    const error = await store.putNew({ ...item, text: 'word '.repeat(100_000) }).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(StoreRejectedError);
    expect((error as StoreRejectedError).status).toBe(500);
    expect(((error as Error).cause as Error).name).toBe('ValidationException');
  });

  it('a store that refuses connections is a 503 (retry later)', async () => {
    // Prepare: a port nothing listens on
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'local',
      maxAttempts: 1,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    // Act
    const error = await new DynamoFeedbackStore(client, 'nowhere').get('fb_x').catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(DependencyError);
    expect((error as DependencyError).status).toBe(503);
    client.destroy();
  });

  it('throttling and 5xx are transient; a validation failure is not', () => {
    expect(
      isTransientStoreError({ name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } }),
    ).toBe(true);
    expect(isTransientStoreError({ name: 'InternalServerError', $metadata: { httpStatusCode: 500 } })).toBe(true);
    expect(isTransientStoreError({ name: 'Error', code: 'ECONNRESET' })).toBe(true);
    expect(isTransientStoreError({ name: 'Error', code: 'ENOENT' })).toBe(true); // the engine's Unix socket is gone
    expect(isTransientStoreError({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } })).toBe(false);
    // A damaged block of the embedded engine answers 500 but no retry heals it (leveldb-damage.test.ts).
    expect(isTransientStoreError({ name: 'StoreCorruptionException', $metadata: { httpStatusCode: 500 } })).toBe(false);
    expect(isTransientStoreError(new TypeError('marshall failed'))).toBe(false);
  });
});
