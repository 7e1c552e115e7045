import { describe, expect, it } from 'vitest';
import { makeHandler as makeIngestHandler } from '../../../functions/ingest/handler.js';
import { makeHandler as makeStatusHandler } from '../../../functions/status/handler.js';
import { InProcessQueue } from '../../../infra/local/queue.js';
import { DynamoDataRangeStore } from '../../../shared/adapters/dynamo/data-range-store.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { apiEvent, lambdaContext } from '../../support/api-event.js';
import { createTestTable } from '../../support/dynamo.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** A fresh table and an in-process queue that is never started, so everything ingested stays queued. */
const setUp = async () => {
  const { client, tableName } = await createTestTable('koe-status');
  const queue = new InProcessQueue({ name: 'status-test', log: quiet });
  const dataRange = new DynamoDataRangeStore(client, tableName);
  const store = new DynamoFeedbackStore(client, tableName);
  const ingest = makeIngestHandler({ store, queue, dataRange, now: () => new Date('2026-12-01T00:00:00Z') });
  const status = makeStatusHandler({ backlog: queue, dataRange, now: () => new Date() });
  const post = (items: Array<{ occurredAt: string; externalId: string }>) =>
    ingest(
      apiEvent('POST /v1/feedback', {
        body: JSON.stringify({ items: items.map((i) => ({ ...i, text: 'late again', source: 'status-test' })) }),
      }),
      lambdaContext(),
    );
  const read = async (scopes?: string) => {
    const event = apiEvent('GET /v1/status');
    if (scopes) Object.assign(event.requestContext, { authorizer: { lambda: { keyId: 'k1', name: 'hana', scopes } } });
    const res = await status(event, lambdaContext());
    return { code: res.statusCode, body: JSON.parse(res.body ?? '{}') };
  };
  return { post, read };
};

describe('GET /v1/status', () => {
  it('answers an empty backlog and no data range before the first item', async () => {
    // Prepare
    const { read } = await setUp();
    // Act
    const res = await read();
    // Assess
    expect(res.code).toBe(200);
    expect(res.body).toEqual({
      backlog: { queued: 0, inFlight: 0, deadLetters: 0, oldestQueuedAt: null },
      dataRange: null,
      key: null,
    });
  });

  it('counts what waits for analysis and widens the data range with each batch, never narrowing it', async () => {
    // Prepare
    const { post, read } = await setUp();
    // Act
    await post([
      { occurredAt: '2015-02-20T08:00:00Z', externalId: 'a' },
      { occurredAt: '2015-02-24T10:00:00Z', externalId: 'b' },
    ]);
    await post([{ occurredAt: '2015-02-22T09:00:00Z', externalId: 'c' }]);
    await post([{ occurredAt: '2015-02-17T07:00:00Z', externalId: 'd' }]);
    const res = await read();
    // Assess
    expect(res.body.dataRange).toEqual({ first: '2015-02-17T07:00:00.000Z', last: '2015-02-24T10:00:00.000Z' });
    expect(res.body.backlog.queued).toBe(4);
    expect(res.body.backlog.inFlight).toBe(0);
    expect(Date.parse(res.body.backlog.oldestQueuedAt)).not.toBeNaN();
  });

  it('says what the calling key may do, admin implying every scope', async () => {
    // Prepare
    const { read } = await setUp();
    // Act
    const reader = await read('read');
    const admin = await read('admin');
    // Assess
    expect(reader.body.key).toEqual({ name: 'hana', scopes: ['read'] });
    expect(admin.body.key.scopes).toEqual(['ingest', 'read', 'triage', 'admin']);
  });
});
