import { beforeAll, describe, expect, it } from 'vitest';
import { resvgChartRenderer } from '../../../shared/adapters/charts/resvg-charts.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore } from '../../../shared/adapters/dynamo/rollup-store.js';
import { DynamoTrendStore } from '../../../shared/adapters/dynamo/trend-store.js';
import { ValidationError } from '../../../shared/errors.js';
import { gatherDigest } from '../../../shared/reports/gather-digest.js';
import { renderDigest } from '../../../shared/reports/render-digest.js';
import { parsePeriodKey, trailingPeriods } from '../../../shared/rollups/periods.js';
import { rollUpComposite } from '../../../shared/rollups/roll-up-period.js';
import { createTestTable } from '../../support/dynamo.js';
import { saveAnalysisFor } from '../../support/save-analysis.js';
import { type RawSpec, rawItem } from '../rollups/seed.js';

const charts = resvgChartRenderer();

const TZ = 'Asia/Tokyo';
const WEEK = parsePeriodKey('2026-W47', TZ); // Mon 16 – Sun 22 November, Tokyo
const now = () => new Date('2026-11-23T03:00:00Z');
let deps: Parameters<typeof gatherDigest>[1];
let store: DynamoFeedbackStore;

// The current week: 20 items, 12 about delivery (new against the baseline), on chat and email.
const current: RawSpec[] = Array.from({ length: 20 }, (_, i) => ({
  id: `cur-${i}`,
  occurredAt: new Date(Date.parse(WEEK.start) + (i + 1) * 3 * 3_600_000).toISOString(),
  channel: i % 4 === 0 ? 'email' : 'chat',
  nps: i % 3 === 0 ? 10 : i % 3 === 1 ? 8 : 3,
  ...(i % 2 === 0 ? { csat: (i % 5) + 1 } : {}),
  label: i < 12 ? 'negative' : 'positive',
  score: i < 12 ? -0.6 : 0.5,
  topics: i < 12 ? ['delivery'] : ['price'],
}));
// Seven baseline weeks of 6 items each, none about delivery.
const baseline: RawSpec[] = trailingPeriods(WEEK, 7).flatMap((week, w) =>
  Array.from({ length: 6 }, (_, i) => ({
    id: `base-${w}-${i}`,
    occurredAt: new Date(Date.parse(week.start) + (i + 1) * 5 * 3_600_000).toISOString(),
    channel: 'chat' as const,
    nps: 9,
    csat: 4,
    label: 'neutral' as const,
    score: 0,
    topics: ['price'],
  })),
);

const texts: Record<string, string> = {
  'cur-0': 'The parcel never arrived and tracking has not moved for a week.',
  'cur-1': '配送が遅すぎて困っています。至急対応してください。',
  'cur-2': 'Delivery late again. [EMAIL] is where you can reach me.',
};

beforeAll(async () => {
  const { client, tableName } = await createTestTable('koe-digest');
  store = new DynamoFeedbackStore(client, tableName);
  const rollups = new DynamoRollupStore(client, tableName);
  deps = { rollups, trends: new DynamoTrendStore(client, tableName), items: store, now };
  for (const spec of [...current, ...baseline]) {
    const item = rawItem(spec);
    await store.putNew({ ...item, text: texts[spec.id] ?? `comment ${spec.id} about ${spec.topics?.join(' ')}` });
  }
  // Open urgent items: stored queued, then analyzed (which indexes them in the queue).
  const urgent = [
    { id: 'q-crit', level: 'critical' as const, at: '2026-11-22T20:00:00.000Z' },
    { id: 'q-high-old', level: 'high' as const, at: '2026-11-21T01:00:00.000Z' },
    { id: 'q-high', level: 'high' as const, at: '2026-11-23T02:30:00.000Z' },
  ];
  for (const u of urgent) {
    // Spoken long before (outside every period read), received at `at`: the queue ages by receipt.
    const item = rawItem({ id: u.id, occurredAt: '2025-01-06T00:00:00.000Z', analyzed: false, channel: 'email' });
    await store.putNew({ ...item, receivedAt: u.at, text: `urgent ${u.id}` });
    const analysis = rawItem({ id: u.id, occurredAt: u.at, level: u.level }).analysis;
    if (analysis)
      await saveAnalysisFor(store, u.id, 1, { ...analysis, urgency: { ...analysis.urgency, level: u.level } }, u.at);
  }
  // The digest week and the one before are rolled up and stored; older weeks are rolled up live.
  const rollupDeps = { items: store, rollups, now };
  await rollUpComposite(WEEK, rollupDeps);
  await rollUpComposite(trailingPeriods(WEEK, 1)[0]!, rollupDeps);
});

/** NPS of a list of answers, counted here independently of shared/metrics. */
const nps = (answers: number[]) =>
  (100 * (answers.filter((a) => a >= 9).length - answers.filter((a) => a <= 6).length)) / answers.length;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('gatherDigest (dynalite, real stores)', () => {
  it('matches an independent count of the seeded items: volume, NPS, CSAT, sentiment, change and series', async () => {
    // Act
    const data = await gatherDigest(
      {
        language: 'en',
        period: WEEK,
        dashboardUrl: 'https://koe.example.com/',
        targets: [{ metric: 'csat', kind: 'atLeast', value: 4.2 }],
      },
      deps,
    );
    // Assess
    const npsAnswers = current.map((s) => s.nps as number);
    const csatAnswers = current.flatMap((s) => (s.csat === undefined ? [] : [s.csat]));
    expect(data.current.volume).toBe(20);
    expect(data.current.nps.responses).toBe(20);
    expect(data.current.nps.score).toBeCloseTo(nps(npsAnswers), 9);
    expect(data.current.csat.mean).toBeCloseTo(mean(csatAnswers), 9);
    expect(data.current.csat.satisfiedShare).toBeCloseTo(
      csatAnswers.filter((c) => c >= 4).length / csatAnswers.length,
      9,
    );
    expect(data.current.ces).toEqual({ mean: null, responses: 0 });
    expect(data.current.sentiment.mean).toBeCloseTo(mean(current.map((s) => s.score as number)), 4);
    expect(data.previousFigures.volume).toBe(6);
    expect(data.previousFigures.nps.score).toBe(100);
    // Eight weeks, oldest first; the five older ones were never rolled up and are read live.
    expect(data.series.map((p) => p.figures.volume)).toEqual([6, 6, 6, 6, 6, 6, 6, 20]);
    expect(data.series.at(-1)?.period).toBe('2026-W47');
    expect(data.targets[0]).toMatchObject({ actual: data.current.csat.mean, met: false });
    expect(data.topics.map((t) => [t.topic, t.count, t.previousCount])).toEqual([
      ['delivery', 12, 0],
      ['price', 8, 6],
    ]);
  });

  it('finds the new pain point with 2–3 short redacted quotes, and the queue with links', async () => {
    // Act
    const data = await gatherDigest({ language: 'ja', period: WEEK, dashboardUrl: 'https://koe.example.com' }, deps);
    // Assess: no stored trend report for the week, so the same test runs on the roll-ups read
    expect(data.painPointSource).toBe('live');
    const delivery = data.painPoints.find((p) => p.term === 'topic:delivery');
    expect(delivery?.status).toBe('new');
    expect(delivery?.count).toBe(12);
    expect(delivery?.quotes.length).toBe(3);
    for (const q of delivery?.quotes ?? []) {
      expect(q.text.length).toBeLessThanOrEqual(140);
      expect(current.slice(0, 12).map((s) => s.id)).toContain(q.id);
    }
    expect(data.painPoints.map((p) => p.term)).not.toContain('topic:price');
    // Queue: one critical, two high; the oldest is the high one from the 21st; dashboard hash routes.
    expect(data.queue).toMatchObject({
      critical: 1,
      high: 2,
      truncated: false,
      link: 'https://koe.example.com/#/queue',
    });
    expect(data.queue.oldest).toMatchObject({ id: 'q-high-old', link: 'https://koe.example.com/#/item/q-high-old' });
    expect(data.queue.oldest?.ageMinutes).toBe(
      Math.round((now().getTime() - Date.parse('2026-11-21T01:00:00.000Z')) / 60_000),
    );
    // Critical SLA is 60 minutes: the critical item from 20:00Z is overdue at 03:00Z, so is the old high one.
    expect(data.queue.overdue).toBe(2);
    expect(data.queue.top[0]?.id).toBe('q-crit');
  });

  it('filters on one dimension by merging its rows, and refuses two dimensions at once', async () => {
    // Act
    const email = await gatherDigest({ language: 'en', period: WEEK, filters: { channel: ['email'] } }, deps);
    const both = await gatherDigest({ language: 'en', period: WEEK, filters: { channel: ['email', 'chat'] } }, deps);
    // Assess
    expect(email.current.volume).toBe(current.filter((s) => s.channel === 'email').length);
    expect(email.scope).toEqual({ dimension: 'channel', values: ['email'] });
    expect(email.queue.critical + email.queue.high).toBe(3); // the urgent items are e-mails
    expect(both.current.volume).toBe(20);
    await expect(
      gatherDigest({ language: 'en', period: WEEK, filters: { channel: ['email'], topic: ['delivery'] } }, deps),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('gives a short empty digest for a period without feedback: no charts, no crash', async () => {
    // Prepare
    const quiet = parsePeriodKey('2025-W10', TZ);
    // Act
    const data = await gatherDigest({ language: 'ja', period: quiet }, deps);
    const digest = await renderDigest(data, { language: 'ja', period: quiet }, charts);
    // Assess
    expect(data.current.volume).toBe(0);
    expect(data.painPoints).toEqual([]);
    expect(digest.empty).toBe(true);
    expect(digest.images).toEqual([]);
    expect(digest.html).not.toContain('cid:');
    expect(digest.text).toContain('この期間のフィードバックはありませんでした');
    expect(digest.subject).toContain('フィードバックなし');
  });
});
