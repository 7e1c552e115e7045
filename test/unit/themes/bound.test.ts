import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { TOP_THEMES } from '../../../shared/metrics/aggregate.js';
import type { RollupFact } from '../../../shared/rollups/fact.js';
import { parsePeriodKey, periodsWithin } from '../../../shared/rollups/periods.js';
import { composeRollups, type Rollup, rollUp, totalsOf } from '../../../shared/rollups/roll-up.js';
import { MAX_THEME_CHARS } from '../../../shared/themes/candidates.js';
import { buildTrendReport } from '../../../shared/trends/period-trends.js';
import { fact } from '../rollups/arbitraries.js';

/** A seeded generator, so the long tail is the same every run. */
const random = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

/**
 * A Zipf vocabulary (exponent 1) of `size` theme keys of the longest allowed length, in Japanese
 * (3 bytes a character in UTF-8: the worst case for the item size).
 */
const zipf = (size: number, next: () => number) => {
  const weights = Array.from({ length: size }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let run = 0;
  for (const w of weights) {
    run += w / total;
    cumulative.push(run);
  }
  const word = (i: number) => `emergent:${`配送遅延${i}`.padEnd(MAX_THEME_CHARS, '遅')}`;
  return () => {
    const x = next();
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 1) < x) lo = mid + 1;
      else hi = mid;
    }
    return word(lo);
  };
};

/** Bytes of the item the roll-up store writes for a row, marshalled as DynamoDB's JSON (an upper bound). */
const rowBytes = (rollup: Rollup) =>
  Math.max(
    ...rollup.rows.map((row) =>
      Buffer.byteLength(
        JSON.stringify(
          marshall({ pk: `ROLLUP#Asia/Tokyo#${rollup.period.granularity}#${rollup.period.key}`, sk: 'ROW', ...row }),
        ),
      ),
    ),
  );

describe('roll-up rows with a long-tail (Zipf) vocabulary', () => {
  it('stay far below the 400 KB item limit for a day, a week and a month, whatever the tail', () => {
    // Prepare: 1,500 comments a day for two weeks over a 50,000-theme Zipf vocabulary, two themes and a topic each
    const next = random(42);
    const theme = zipf(50_000, next);
    const month = parsePeriodKey('2026-02', 'Asia/Tokyo');
    const days = periodsWithin(month, 'day')
      .slice(0, 15)
      .map((day) => {
        const facts: RollupFact[] = Array.from({ length: 1500 }, (_, i) =>
          fact({
            occurredAt: new Date(Date.parse(day.start) + i * 40_000).toISOString(),
            channel: (['social', 'email', 'chat'] as const)[i % 3] ?? 'social',
            source: `source-${i % 40}`,
            topics: [
              { topic: 'delivery', label: 'negative', score: -0.5 },
              { topic: theme(), label: 'negative', score: -0.5 },
              { topic: theme(), label: 'neutral', score: 0 },
            ],
          }),
        );
        return rollUp(facts, day);
      });
    // Act
    const week = composeRollups(days.slice(1, 8), parsePeriodKey('2026-W06', 'Asia/Tokyo'));
    const whole = composeRollups(days, month);
    // Assess
    for (const rollup of [days[0]!, week, whole]) {
      expect(rowBytes(rollup)).toBeLessThan(100_000);
      const themes = Object.keys(totalsOf(rollup).topics).filter((t) => t.startsWith('emergent:'));
      expect(themes).toHaveLength(TOP_THEMES);
      expect(rollup.rows.filter((r) => r.dimension === 'topic')).toHaveLength(TOP_THEMES + 1);
    }
    // The tail is summed, not lost: every mention is either kept or in otherThemes.
    const all = totalsOf(days[0]!);
    const kept = Object.entries(all.topics)
      .filter(([t]) => t.startsWith('emergent:'))
      .reduce((n, [, t]) => n + t.count, 0);
    expect(kept + all.otherThemes.count).toBe(3000);
  });

  it('keeps a trend report far below the limit with every list full and long Japanese quotes', async () => {
    // Prepare: 8 baseline days and a current day, each with 300 rising themes and taxonomy topics
    const next = random(7);
    const theme = zipf(400, next);
    const day = (key: string, n: number) =>
      rollUp(
        Array.from({ length: n }, (_, i) =>
          fact({
            occurredAt: `${key}T0${i % 9}:00:00.000Z`,
            topics: [
              { topic: `topic_${i % 30}`, label: 'negative', score: -0.5 },
              { topic: theme(), label: 'negative', score: -0.5 },
            ],
            ratings: { nps: i % 11 },
          }),
        ),
        parsePeriodKey(key, 'UTC'),
      );
    const baseline = ['2026-02-01', '2026-02-02', '2026-02-03', '2026-02-04'].map((k) => totalsOf(day(k, 300)));
    const current = day('2026-02-05', 9000);
    const quote = '配送が遅れていて本当に困っています。'.repeat(10);
    const items = {
      listByOccurredAt: async () => ({
        items: Object.keys(totalsOf(current).topics).map((topic, i) => ({
          id: `fb_${i}`,
          // A theme's quote says the theme (pickQuotes keeps only those): the 40-character key, then the text.
          text: `${topic.replace(/^emergent:/, '')}${quote}`,
          triage: { status: 'open' as const },
          analysis: { topics: [{ topic, sentiment: { label: 'negative' as const, score: -1 }, evidence: [] }] },
        })),
      }),
    } as never;
    // Act
    const report = await buildTrendReport(
      {
        period: current.period,
        current: totalsOf(current),
        topicRows: current.rows
          .filter((r) => r.dimension === 'topic')
          .map((r) => ({ topic: r.value, metrics: r.metrics })),
        baseline,
      },
      { now: () => new Date('2026-02-06T00:00:00Z'), items, options: { minBaselinePeriods: 1 } },
    );
    // Assess
    expect(report.discovered.length).toBeGreaterThan(10);
    expect(report.discovered[0]?.quotes.length).toBeGreaterThan(0);
    const bytes = Buffer.byteLength(
      JSON.stringify(marshall({ pk: 'TRENDS#UTC#day', sk: '2026-02-05', trends: report })),
    );
    expect(bytes).toBeLessThan(100_000);
  });
});
