import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore, rollupPartition } from '../../../shared/adapters/dynamo/rollup-store.js';
import { npsCountsOf, npsScore } from '../../../shared/metrics/nps.js';
import { scoresOf } from '../../../shared/metrics/scores.js';
import { parsePeriodKey, periodOf } from '../../../shared/rollups/periods.js';
import type { RollupDeps } from '../../../shared/rollups/roll-up-period.js';
import { closeDay, rollUpCurrentDay, rollUpWindow } from '../../../shared/rollups/roll-up-window.js';
import { createTestTable } from '../../support/dynamo.js';
import { type RawSpec, rawItem } from './seed.js';

let items: DynamoFeedbackStore;
let rollups: DynamoRollupStore;
let tableName: string;
let client: Awaited<ReturnType<typeof createTestTable>>['client'];
const now = () => new Date('2030-01-01T00:00:00Z');
const deps = (): RollupDeps => ({ items, rollups, now });

beforeAll(async () => {
  ({ client, tableName } = await createTestTable('koe-rollups'));
  items = new DynamoFeedbackStore(client, tableName);
  rollups = new DynamoRollupStore(client, tableName);
});

/** Stores the items eight at a time (their order does not matter: each has its own occurredAt). */
const seed = async (specs: RawSpec[]) => {
  await Promise.all(
    Array.from({ length: 8 }, async (_, lane) => {
      for (const s of specs.filter((_, i) => i % 8 === lane)) await items.putNew(rawItem(s));
    }),
  );
};

const withoutComputedAt = <T extends { computedAt: string }>(x: T | undefined) => {
  if (!x) return x;
  const { computedAt: _, ...rest } = x;
  return rest;
};

describe('roll-up jobs on dynalite', () => {
  it('splits days at local midnight: 15:00Z starts a Tokyo day and is mid-day in UTC', async () => {
    // Prepare: one item just before, one just after 15:00Z on 2026-11-22
    await seed([
      { id: 'tz-1', occurredAt: '2026-11-22T14:59:59.000Z', channel: 'email' },
      { id: 'tz-2', occurredAt: '2026-11-22T15:00:00.000Z', channel: 'email' },
    ]);
    // Act
    await rollUpWindow('2026-11-22T00:00:00Z', '2026-11-23T00:00:00Z', 'UTC', deps());
    await rollUpWindow('2026-11-21T15:00:00Z', '2026-11-23T15:00:00Z', 'Asia/Tokyo', deps());
    // Assess
    const volume = async (key: string, tz: string) =>
      (await rollups.getRollup(parsePeriodKey(key, tz), { dimension: 'all' }))?.rows[0]?.metrics.volume;
    expect(await volume('2026-11-22', 'UTC')).toBe(2);
    expect(await volume('2026-11-22', 'Asia/Tokyo')).toBe(1);
    expect(await volume('2026-11-23', 'Asia/Tokyo')).toBe(1);
    expect(parsePeriodKey('2026-11-23', 'Asia/Tokyo').start).toBe('2026-11-22T15:00:00.000Z');
  });

  it('stores numbers that match an independent count over the raw items (property)', async () => {
    // Prepare: random items over three Tokyo days of a week other tests do not touch
    const spec = fc.record({
      minute: fc.integer({ min: 0, max: 3 * 24 * 60 - 1 }),
      channel: fc.constantFrom('chat', 'email', 'review' as const),
      nps: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
      csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      label: fc.constantFrom('positive', 'negative', 'neutral' as const),
      topics: fc.subarray(['billing', 'delivery', 'app']),
      phrases: fc.subarray(['late parcel', 'double charge', 'slow app', '配送 遅延']),
      analyzed: fc.boolean(),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { maxLength: 40 }), async (raw) => {
        run++;
        const base = Date.parse(`2027-0${run}-01T15:00:00Z`); // a fresh Tokyo month per run: 2027-0N-02 …
        const tz = 'Asia/Tokyo';
        const specs: RawSpec[] = raw.map((r, i) => ({
          id: `p${run}-${i}`,
          occurredAt: new Date(base + r.minute * 60_000).toISOString(),
          channel: r.channel,
          nps: r.nps,
          csat: r.csat,
          label: r.label,
          topics: r.topics,
          phrases: r.phrases,
          analyzed: r.analyzed,
        }));
        await seed(specs);
        // Act
        await rollUpWindow(new Date(base).toISOString(), new Date(base + 3 * 86_400_000).toISOString(), tz, deps());
        // Assess: each day, each channel, against a count written here, not through rollUp
        for (let d = 0; d < 3; d++) {
          const day = periodOf(base + d * 86_400_000, 'day', tz);
          const stored = await rollups.getRollup(day);
          const inDay = specs.filter((s) => s.occurredAt >= day.start && s.occurredAt < day.end);
          const all = stored?.rows.find((r) => r.dimension === 'all');
          expect(all?.metrics.volume).toBe(inDay.length);
          const promoters = inDay.filter((s) => (s.nps ?? -1) >= 9).length;
          const detractors = inDay.filter((s) => s.nps !== undefined && s.nps <= 6).length;
          const answered = inDay.filter((s) => s.nps !== undefined).length;
          expect(scoresOf(all!.metrics).nps.score).toBe(
            answered === 0 ? null : (100 * (promoters - detractors)) / answered,
          );
          const analyzed = inDay.filter((s) => s.analyzed);
          expect(all?.metrics.sentiment.labels.negative).toBe(analyzed.filter((s) => s.label === 'negative').length);
          for (const channel of ['chat', 'email', 'review']) {
            const row = stored?.rows.find((r) => r.dimension === 'channel' && r.value === channel);
            expect(row?.metrics.volume ?? 0).toBe(inDay.filter((s) => s.channel === channel).length);
          }
          const billing = stored?.rows.find((r) => r.dimension === 'topic' && r.value === 'billing');
          expect(billing?.metrics.volume ?? 0).toBe(analyzed.filter((s) => s.topics?.includes('billing')).length);
        }
        // The month composed from its days holds every item of the window.
        const month = await rollups.getRollup(periodOf(base + 86_400_000, 'month', tz), { dimension: 'all' });
        const inMonth = specs.filter(
          (s) => periodOf(s.occurredAt, 'month', tz).key === periodOf(base + 86_400_000, 'month', tz).key,
        );
        expect(month?.rows[0]?.metrics.volume).toBe(inMonth.length);
        const monthNps = npsScore(npsCountsOf(month!.rows[0]!.metrics.nps));
        const answered = inMonth.filter((s) => s.nps !== undefined);
        expect(monthNps === null).toBe(answered.length === 0);
      }),
      { numRuns: 6 },
    );
  });

  it('gives identical rows when a window is re-run (overwrite, not add)', async () => {
    // Prepare
    await seed([
      { id: 'rr-1', occurredAt: '2026-10-05T10:00:00.000Z', nps: 9, topics: ['billing'], phrases: ['refund'] },
      {
        id: 'rr-2',
        occurredAt: '2026-10-05T11:00:00.000Z',
        nps: 3,
        csat: 2,
        status: 'resolved',
        ackMinutes: 5,
        resolveMinutes: 90,
      },
    ]);
    const day = parsePeriodKey('2026-10-05', 'UTC');
    await rollUpWindow(day.start, day.end, 'UTC', deps());
    const first = await rollups.getRollup(day);
    const firstWeek = await rollups.getRollup(periodOf(day.start, 'week', 'UTC'));
    // Act
    await rollUpWindow(day.start, day.end, 'UTC', deps());
    await closeDay(new Date(day.end), 'UTC', deps());
    // Assess
    expect(withoutComputedAt(await rollups.getRollup(day))).toEqual(withoutComputedAt(first));
    expect(withoutComputedAt(await rollups.getRollup(periodOf(day.start, 'week', 'UTC')))).toEqual(
      withoutComputedAt(firstWeek),
    );
    const scores = scoresOf(first!.rows[0]!.metrics);
    expect(scores.volume).toBe(2);
    expect(scores.nps.score).toBe(0);
    expect(scores.timeToResolve.count).toBe(1);
    expect(scores.timeToResolve.medianMinutes).toBeGreaterThan(89);
    expect(scores.timeToResolve.medianMinutes).toBeLessThan(91);
  });

  it('counts feedback that arrives late when its day is re-run, and drops rows it no longer produces', async () => {
    // Prepare: the day is rolled up with one billing item
    const day = parsePeriodKey('2026-09-10', 'UTC');
    await seed([{ id: 'late-1', occurredAt: '2026-09-10T08:00:00.000Z', topics: ['billing'], channel: 'chat' }]);
    await rollUpCurrentDay(new Date('2026-09-10T09:05:00Z'), 'UTC', deps());
    // Act: an item of that day arrives the next morning; the billing item is re-labelled meanwhile
    await seed([{ id: 'late-2', occurredAt: '2026-09-10T23:30:00.000Z', channel: 'email' }]);
    await items.remove('late-1');
    await seed([{ id: 'late-1', occurredAt: '2026-09-10T08:00:00.000Z', topics: ['delivery'], channel: 'chat' }]);
    await closeDay(new Date('2026-09-11T00:20:00Z'), 'UTC', deps());
    // Assess
    const stored = await rollups.getRollup(day);
    expect(stored?.rows.find((r) => r.dimension === 'all')?.metrics.volume).toBe(2);
    expect(stored?.rows.filter((r) => r.dimension === 'topic').map((r) => r.value)).toEqual(['delivery']);
    const month = await rollups.getRollup(periodOf(day.start, 'month', 'UTC'), { dimension: 'channel' });
    expect(month?.rows.map((r) => `${r.value}:${r.metrics.volume}`)).toEqual(['chat:1', 'email:1']);
  });

  it('stores zeros, not errors, for a window without feedback', async () => {
    // Prepare
    const day = parsePeriodKey('2025-02-03', 'Asia/Tokyo');
    // Act
    const outcome = await rollUpWindow(day.start, day.end, 'Asia/Tokyo', deps());
    // Assess
    expect(outcome.days).toEqual([{ period: '2025-02-03', granularity: 'day', items: 0, rows: 1 }]);
    const stored = await rollups.getRollup(day);
    expect(stored?.rows).toHaveLength(1);
    const scores = scoresOf(stored!.rows[0]!.metrics);
    expect(scores.volume).toBe(0);
    expect(scores.nps.score).toBeNull();
    expect(scores.sentiment.mean).toBeNull();
  });

  it('keeps a long-tail day (2,000 distinct themes) to bounded rows, every item far below 400 KB', async () => {
    // Prepare: 200 comments, each with ten one-off discovered themes of long words (~250 KB if kept), and a
    // top-K of 20 (the bound is KOE_TOP_THEMES; a smaller K crosses it with a tenth of the items to seed)
    const day = parsePeriodKey('2026-08-01', 'UTC');
    const top = 20;
    const themes = Array.from({ length: 2000 }, (_, i) => `emergent:theme number ${i} ${'x'.repeat(100)}`);
    expect(themes.join('').length).toBeGreaterThan(200_000);
    const specs: RawSpec[] = Array.from({ length: 200 }, (_, i) => ({
      id: `busy-${i}`,
      occurredAt: new Date(Date.parse(day.start) + i * 1000).toISOString(),
      topics: ['delivery', ...themes.slice(i * 10, i * 10 + 10)],
      label: 'negative',
    }));
    await seed(specs);
    // Act
    await rollUpWindow(day.start, day.end, 'UTC', { ...deps(), topThemes: top });
    // Assess: the tail is tallied, not dropped, and no stored item nears the limit
    const stored = await rollups.getRollup(day);
    const all = stored?.rows.find((r) => r.dimension === 'all');
    const kept = Object.keys(all?.metrics.topics ?? {}).filter((t) => t.startsWith('emergent:'));
    expect(kept).toHaveLength(top);
    expect(all?.metrics.otherThemes).toMatchObject({ count: 2000 - top, themes: 2000 - top });
    expect(all?.metrics.topics.delivery?.count).toBe(200);
    expect(stored?.rows.filter((r) => r.dimension === 'topic')).toHaveLength(top + 1);
    const { QueryCommand } = await import('@aws-sdk/client-dynamodb');
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: rollupPartition(day) } },
      }),
    );
    const largest = Math.max(...(page.Items ?? []).map((item) => JSON.stringify(item).length));
    expect(largest).toBeLessThan(100_000);
  });
});
