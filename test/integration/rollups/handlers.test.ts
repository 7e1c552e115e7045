import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeMetricsHandler } from '../../../functions/metrics/handler.js';
import { makeHandler as makeRollupHandler } from '../../../functions/rollup-job/handler.js';
import { makeHandler as makeTrendsHandler } from '../../../functions/trends-job/handler.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore } from '../../../shared/adapters/dynamo/rollup-store.js';
import { DynamoTaxonomyStore } from '../../../shared/adapters/dynamo/taxonomy-store.js';
import { DynamoTrendStore } from '../../../shared/adapters/dynamo/trend-store.js';
import { LocalSpikeAlerter } from '../../../shared/adapters/outbox/local-spike-alerter.js';
import { alertSpikes } from '../../../shared/alerts/spike-alert.js';
import { apiEvent, lambdaContext } from '../../support/api-event.js';
import { createTestTable } from '../../support/dynamo.js';
import { type RawSpec, rawItem } from './seed.js';

let store: DynamoFeedbackStore;
let rollups: DynamoRollupStore;
let trends: DynamoTrendStore;
let taxonomy: DynamoTaxonomyStore;
let outbox: string;
const TZ = 'Asia/Tokyo';
// "Now" is 2026-11-23 09:00 in Tokyo.
const now = () => new Date('2026-11-23T00:00:00Z');

beforeAll(async () => {
  const { client, tableName } = await createTestTable('koe-rollup-fns');
  store = new DynamoFeedbackStore(client, tableName);
  rollups = new DynamoRollupStore(client, tableName);
  trends = new DynamoTrendStore(client, tableName);
  taxonomy = new DynamoTaxonomyStore(client, tableName);
  outbox = mkdtempSync(join(tmpdir(), 'koe-spikes-'));
});

/** Stores the items eight at a time (their order does not matter: each has its own occurredAt). */
const seed = async (specs: RawSpec[]) => {
  await Promise.all(
    Array.from({ length: 8 }, async (_, lane) => {
      for (const s of specs.filter((_, i) => i % 8 === lane)) await store.putNew(rawItem(s));
    }),
  );
};

const metrics = () => makeMetricsHandler({ items: store, rollups, trends, taxonomy, now, timezone: TZ });
const get = async (routeKey: string, query: Record<string, string>) => {
  const res = await metrics()(apiEvent(routeKey, { query }), lambdaContext());
  return { status: res.statusCode, body: JSON.parse(res.body ?? '{}') };
};

describe('scheduled roll-up and trends handlers', () => {
  it('rolls up the current Tokyo day hourly and closes the previous one, as the scheduler invokes them', async () => {
    // Prepare: items on Tokyo 2026-11-22 (15:00Z on the 21st … 15:00Z on the 22nd) and 2026-11-23
    await seed([
      { id: 'h-1', occurredAt: '2026-11-21T15:00:00.000Z', nps: 10 },
      { id: 'h-2', occurredAt: '2026-11-22T14:59:59.000Z', nps: 0 },
      { id: 'h-3', occurredAt: '2026-11-22T15:00:00.000Z', nps: 9 },
    ]);
    const handler = makeRollupHandler({ items: store, rollups, now, timezone: TZ });
    // Act
    const hourly = await handler(
      { schedule: 'rollup-hourly', scheduledTime: '2026-11-22T23:05:00.000Z' },
      lambdaContext(),
    );
    const close = await handler(
      { schedule: 'rollup-daily-close', scheduledTime: '2026-11-22T15:20:00.000Z' },
      lambdaContext(),
    );
    // Assess
    expect(hourly.days).toEqual([{ period: '2026-11-23', items: 1 }]);
    expect(hourly.composites).toEqual(['2026-W48', '2026-11']);
    expect(close.days).toEqual([{ period: '2026-11-22', items: 2 }]);
    const { status, body } = await get('GET /v1/metrics', { from: '2026-11-22', to: '2026-11-23' });
    expect(status).toBe(200);
    expect(
      body.periods.map((p: { values: Array<{ scores: { volume: number } }> }) => p.values[0]?.scores.volume),
    ).toEqual([2, 1]);
    expect(body.total.values[0].scores.nps).toMatchObject({ promoters: 2, detractors: 1 });
    expect(body.total.values[0].scores.nps.score).toBeCloseTo(100 / 3, 10);
  });

  it('refuses an unknown schedule instead of guessing a job', async () => {
    // Prepare
    const handler = makeRollupHandler({ items: store, rollups, now, timezone: TZ });
    // Act
    const run = handler({ schedule: 'rollup-weekly' }, lambdaContext());
    // Assess
    await expect(run).rejects.toThrow(/unknown schedule 'rollup-weekly'/);
  });

  it('alerts a spike once however often the trends job runs', async () => {
    // Prepare: 8 quiet Tokyo days with 20 items each, then a day where "double charge" appears 12 times
    const specs: RawSpec[] = [];
    for (let d = 0; d < 9; d++) {
      const dayStart = Date.parse('2026-11-01T15:00:00Z') + d * 86_400_000; // Tokyo 2026-11-02 … 2026-11-10
      for (let i = 0; i < 20; i++) {
        specs.push({
          id: `s-${d}-${i}`,
          occurredAt: new Date(dayStart + i * 60_000).toISOString(),
          topics: d === 8 && i < 12 ? ['billing', 'emergent:double charge'] : ['billing'],
        });
      }
    }
    await seed(specs);
    const rollup = makeRollupHandler({ items: store, rollups, now, timezone: TZ });
    for (let d = 0; d < 9; d++) {
      const at = new Date(Date.parse('2026-11-02T15:20:00Z') + d * 86_400_000).toISOString();
      await rollup({ schedule: 'rollup-daily-close', scheduledTime: at }, lambdaContext());
    }
    const sent: string[] = [];
    const alerter = new LocalSpikeAlerter({ outboxDir: outbox, log: (m) => sent.push(m) });
    const handler = makeTrendsHandler({ rollups, trends, now, timezone: TZ, spikes: { marks: trends, alerter, now } });
    const event = { schedule: 'trends-daily', scheduledTime: '2026-11-10T15:40:00.000Z' }; // Tokyo 11-11 00:40
    // Act
    const first = await handler(event, lambdaContext());
    const second = await handler(event, lambdaContext());
    // Assess
    expect(first.periods[0]).toMatchObject({ period: '2026-11-10', alerted: 1, alreadyAlerted: 0 });
    expect(second.periods[0]).toMatchObject({ period: '2026-11-10', alerted: 0, alreadyAlerted: 1 });
    expect(readdirSync(outbox)).toHaveLength(1);
    expect(sent[0]).toContain('"double charge"');
    // The day asked for by key: other tests in this file (in any order) write later days' reports.
    const { body } = await get('GET /v1/trends', { period: 'day', key: '2026-11-10', limit: '5' });
    expect(body.trends.period).toBe('2026-11-10');
    expect(body.trends.rising.map((t: { term: string }) => t.term)).toEqual(['topic:emergent:double charge']);
    expect(body.trends.rising[0]).toMatchObject({ kind: 'theme', discovered: true });
  });

  it('re-sends a spike whose delivery failed on the next run', async () => {
    // Prepare: a spike candidate, a webhook that fails, then one that works
    const spike = {
      dedupKey: 'spike#2026-11-30#topic:delivery',
      period: '2026-11-30',
      term: 'topic:delivery',
      kind: 'topic' as const,
      label: 'delivery',
      status: 'rising' as const,
      count: 30,
      expected: 10,
      share: 0.3,
      baselineShare: 0.1,
      rateRatio: 3,
      pValue: 1e-6,
      qValue: 1e-5,
    };
    const failing = new LocalSpikeAlerter({
      webhookUrl: 'http://127.0.0.1:9/hook',
      fetch: async () => new Response('', { status: 502 }),
    });
    const delivered: string[] = [];
    const working = new LocalSpikeAlerter({ log: (m) => delivered.push(m) });
    const scope = { granularity: 'day' as const, timezone: TZ };
    // Act
    const failed = alertSpikes([spike], scope, { marks: trends, alerter: failing, now });
    await expect(failed).rejects.toThrow(/could not be delivered/);
    const retried = await alertSpikes([spike], scope, { marks: trends, alerter: working, now });
    const again = await alertSpikes([spike], scope, { marks: trends, alerter: working, now });
    // Assess
    expect(retried).toEqual({ sent: 1, alreadySent: 0 });
    expect(again).toEqual({ sent: 0, alreadySent: 1 });
    expect(delivered).toHaveLength(1);
  });
});

describe('GET /v1/metrics and /v1/trends validation', () => {
  it.each([
    [{ granularity: 'hour' }, 'granularity'],
    [{ groupBy: 'colour' }, 'groupBy'],
    [{ from: '2026-13-01' }, 'from'],
    [{ to: 'yesterday' }, 'to'],
    [{ from: '2026-11-20', to: '2026-11-10' }, 'from'],
    [{ from: '2020-01-01', to: '2026-01-01' }, 'from'],
  ])('answers 400 naming the field for %j', async (query, field) => {
    // Act
    const { status, body } = await get('GET /v1/metrics', query as Record<string, string>);
    // Assess
    expect(status).toBe(400);
    expect(body.error.issues.map((i: { path: string }) => i.path)).toEqual([field]);
  });

  it.each([
    [{ period: 'year' }, 'period'],
    [{ limit: '0' }, 'limit'],
    [{ period: 'week', key: '2026-11-22' }, 'key'],
  ])('answers 400 naming the field for trends %j', async (query, field) => {
    // Act
    const { status, body } = await get('GET /v1/trends', query as Record<string, string>);
    // Assess
    expect(status).toBe(400);
    expect(body.error.issues.map((i: { path: string }) => i.path)).toEqual([field]);
  });

  it('answers zeros for periods never rolled up, grouped by any dimension', async () => {
    // Act
    const all = await get('GET /v1/metrics', { from: '2024-01-01', to: '2024-01-03' });
    const byChannel = await get('GET /v1/metrics', {
      from: '2024-01-01',
      to: '2024-03-31',
      granularity: 'month',
      groupBy: 'channel',
    });
    // Assess
    expect(all.status).toBe(200);
    expect(
      all.body.periods.map((p: { period: string; computedAt: null; values: Array<{ scores: { volume: number } }> }) => [
        p.period,
        p.computedAt,
        p.values[0]?.scores.volume,
      ]),
    ).toEqual([
      ['2024-01-01', null, 0],
      ['2024-01-02', null, 0],
      ['2024-01-03', null, 0],
    ]);
    expect(byChannel.status).toBe(200);
    expect(byChannel.body.periods.map((p: { period: string; values: unknown[] }) => [p.period, p.values])).toEqual([
      ['2024-01', []],
      ['2024-02', []],
      ['2024-03', []],
    ]);
    expect(byChannel.body.total.values).toEqual([]);
  });

  it('re-rolls a window on POST /v1/rollups/run and refuses unknown fields', async () => {
    // Prepare: two items on Tokyo 2026-10-11, the Sunday of a week no other test seeds
    await seed([
      { id: 'w-1', occurredAt: '2026-10-10T16:00:00.000Z', nps: 8 },
      { id: 'w-2', occurredAt: '2026-10-11T02:00:00.000Z', nps: 3 },
    ]);
    const handler = metrics();
    const post = async (body: unknown) => {
      const res = await handler(apiEvent('POST /v1/rollups/run', { body: JSON.stringify(body) }), lambdaContext());
      return { status: res.statusCode, body: JSON.parse(res.body ?? '{}') };
    };
    // Act
    const ok = await post({ date: '2026-10-11', granularity: 'week' });
    const bad = await post({ date: '2026-10-11', granularty: 'week' });
    const tooLong = await post({ from: '2025-01-01', to: '2026-03-01' });
    // Assess
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ from: '2026-10-05', to: '2026-10-11' });
    expect(ok.body.days.map((d: { items: number }) => d.items)).toEqual([0, 0, 0, 0, 0, 0, 2]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('granularty');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.issues[0].path).toBe('from');
  });

  it('re-rolls a range call by call within a time budget, saying exactly what each call wrote and where to go on', async () => {
    // Prepare: no time budget, so each call re-rolls one day (the first is always done)
    const handler = makeMetricsHandler({ items: store, rollups, trends, taxonomy, now, timezone: TZ, budgetMs: 0 });
    const post = async (body: unknown) => {
      const res = await handler(apiEvent('POST /v1/rollups/run', { body: JSON.stringify(body) }), lambdaContext());
      return JSON.parse(res.body ?? '{}');
    };
    // Act: a range from Saturday to Tuesday, across a week boundary
    const answers = [await post({ from: '2026-11-21', to: '2026-11-24' })];
    while (answers.at(-1)?.next) answers.push(await post({ from: answers.at(-1).next, to: '2026-11-24' }));
    // Assess: each day once, the week 47 once its Sunday is done, week 48 and the month at the end
    expect(answers.map((a) => a.days.map((d: { period: string }) => d.period))).toEqual([
      ['2026-11-21'],
      ['2026-11-22'],
      ['2026-11-23'],
      ['2026-11-24'],
    ]);
    expect(answers.map((a) => a.composites.map((c: { period: string }) => c.period))).toEqual([
      [],
      ['2026-W47'],
      [],
      ['2026-W48', '2026-11'],
    ]);
    expect(answers.map((a) => a.complete)).toEqual([false, false, false, true]);
    expect(answers.at(-1).trends).toEqual(['2026-11-24', '2026-W48', '2026-11']);
  });
});
