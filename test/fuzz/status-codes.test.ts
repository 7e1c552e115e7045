import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeMetricsHandler } from '../../functions/metrics/handler.js';
import { makeHandler as makeQueryHandler } from '../../functions/query/handler.js';
import { makeHandler as makeTriageHandler } from '../../functions/triage/handler.js';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore } from '../../shared/adapters/dynamo/rollup-store.js';
import { DynamoTaxonomyStore } from '../../shared/adapters/dynamo/taxonomy-store.js';
import { DynamoTrendStore } from '../../shared/adapters/dynamo/trend-store.js';
import { DynamoTriageStore } from '../../shared/adapters/dynamo/triage-store.js';
import { DEFAULT_SLA } from '../../shared/triage/sla.js';
import { apiEvent, lambdaContext } from '../support/api-event.js';
import { createTestTable } from '../support/dynamo.js';
import { FULL } from './arbitraries.js';

// Issue 12, finding 6, as properties against the real dynalite: requests the store would refuse — long
// path ids, hand-made queue cursors, roll-ups of years outside 1970–2999 — are the caller's fault (4xx),
// never "503 retry later" and never a 500. test/integration/storage/status-codes.test.ts has the cases.
const RUNS = FULL ? 1_000 : 25;
const now = () => new Date('2026-11-23T00:00:00Z');
let query: ReturnType<typeof makeQueryHandler>;
let triage: ReturnType<typeof makeTriageHandler>;
let metrics: ReturnType<typeof makeMetricsHandler>;

beforeAll(async () => {
  const { client, tableName } = await createTestTable('koe-fuzz-status');
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

const statusOf = async (handler: typeof query, event: ReturnType<typeof apiEvent>) => {
  const res = await handler(event, lambdaContext());
  return { status: res.statusCode, retryAfter: res.headers?.['retry-after'] };
};
const asManager = (event: ReturnType<typeof apiEvent>) => {
  (event.requestContext as { authorizer?: unknown }).authorizer = {
    lambda: { keyId: 'key_fuzz', name: 'fuzz', scopes: 'read,triage' },
  };
  return event;
};

describe('fuzz: requests the store would refuse are 4xx, never 503', () => {
  it('a path id longer than 128 characters, on read and on a triage action', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 129, max: 4_096 }),
        fc.string({ minLength: 1, maxLength: 8 }),
        async (n, unit) => {
          const id = unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
          const read = await statusOf(query, apiEvent('GET /v1/feedback/{id}', { pathParameters: { id } }));
          const claim = await statusOf(
            triage,
            asManager(apiEvent('POST /v1/feedback/{id}/claim', { pathParameters: { id } })),
          );
          expect(read.status).toBe(400);
          expect(claim.status).toBe(400);
          expect(read.retryAfter).toBeUndefined();
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a hand-made queue cursor: random JSON or random text, base64url or not', async () => {
    const cursor = fc.oneof(
      fc.json().map((j) => Buffer.from(j).toString('base64url')),
      fc
        .record({ l: fc.integer({ min: -2, max: 9 }), k: fc.dictionary(fc.string(), fc.string()) })
        .map((c) => Buffer.from(JSON.stringify(c)).toString('base64url')),
      fc.string({ minLength: 1, maxLength: 3_000 }),
    );
    await fc.assert(
      fc.asyncProperty(cursor, async (c) => {
        const { status } = await statusOf(query, apiEvent('GET /v1/queue', { query: { cursor: c } }));
        expect([200, 400]).toContain(status);
      }),
      { numRuns: RUNS },
    );
  });

  it('a roll-up of a year outside 1970–2999', async () => {
    const year = fc.oneof(fc.integer({ min: 0, max: 1969 }), fc.integer({ min: 3000, max: 9999 }));
    await fc.assert(
      fc.asyncProperty(year, fc.constantFrom('day', 'week', 'month'), async (y, granularity) => {
        const date = `${String(y).padStart(4, '0')}-12-31`;
        const { status } = await statusOf(
          metrics,
          apiEvent('POST /v1/rollups/run', { body: JSON.stringify({ date, granularity }) }),
        );
        expect(status).toBe(400);
      }),
      { numRuns: RUNS },
    );
  });
});
