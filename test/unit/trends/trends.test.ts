import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePeriodKey, trailingPeriods } from '../../../shared/rollups/periods.js';
import { rollUp, totalsOf } from '../../../shared/rollups/roll-up.js';
import { groupThemes } from '../../../shared/themes/discover-themes.js';
import { benjaminiHochberg } from '../../../shared/trends/false-discovery.js';
import { detectSpikes } from '../../../shared/trends/spikes.js';
import { type TermCounts, termCountsOf } from '../../../shared/trends/term-counts.js';
import { computeTrends } from '../../../shared/trends/trends.js';
import { fact } from '../rollups/arbitraries.js';

const period = (volume: number, terms: Record<string, number>): TermCounts => ({ volume, terms });
const stable = (volume: number, terms: Record<string, number>, n = 4): TermCounts[] =>
  Array.from({ length: n }, () => period(volume, terms));

describe('computeTrends', () => {
  it('does not call 2 → 4 mentions a spike', () => {
    // Act
    const report = computeTrends(period(100, { 'topic:login': 4 }), stable(100, { 'topic:login': 2 }));
    // Assess
    const login = report.terms[0];
    expect(login).toMatchObject({ term: 'topic:login', count: 4, baselineCount: 8, expected: 2, rateRatio: 2 });
    expect(login?.pValue).toBeGreaterThan(0.3);
    expect(login?.status).toBe('steady');
    expect(report.rising).toEqual([]);
  });

  it('flags 20 → 60 mentions at stable volume as rising, and alerts once per topic and period', () => {
    // Prepare
    const baseline = stable(1000, { 'topic:delivery': 20, 'topic:billing': 30 });
    const current = period(1000, { 'topic:delivery': 60, 'topic:billing': 31 });
    // Act
    const report = computeTrends(current, baseline);
    const spikes = detectSpikes(report.rising, '2026-W47');
    const rerun = detectSpikes(computeTrends(current, baseline).rising, '2026-W47');
    // Assess
    expect(report.rising.map((t) => t.term)).toEqual(['topic:delivery']);
    expect(report.rising[0]?.pValue).toBeLessThan(1e-6);
    expect(report.rising[0]?.rateRatio).toBe(3);
    expect(report.terms.find((t) => t.term === 'topic:billing')?.status).toBe('steady');
    expect(spikes).toHaveLength(1);
    expect(spikes[0]).toMatchObject({
      dedupKey: 'spike#2026-W47#topic:delivery',
      kind: 'topic',
      label: 'delivery',
      status: 'rising',
    });
    expect(rerun).toEqual(spikes);
  });

  it('does not call a topic rising because volume grew', () => {
    // Act: three times the comments, the same share mention delivery
    const report = computeTrends(period(3000, { 'topic:delivery': 60 }), stable(1000, { 'topic:delivery': 20 }));
    // Assess
    expect(report.terms[0]).toMatchObject({ status: 'steady', rateRatio: 1, expected: 60 });
    expect(report.terms[0]?.pValue).toBeGreaterThan(0.5);
  });

  it('reports falling pain points', () => {
    // Act
    const report = computeTrends(period(1000, { 'topic:delivery': 20 }), stable(1000, { 'topic:delivery': 60 }));
    // Assess
    expect(report.falling.map((t) => [t.term, t.status])).toEqual([['topic:delivery', 'falling']]);
    expect(report.rising).toEqual([]);
  });

  it('flags a discovered theme absent from the baseline as new only above the minimum volume', () => {
    // Act
    const report = computeTrends(
      period(1000, { 'topic:emergent:app crash': 8, 'topic:emergent:dark mode': 3 }),
      stable(1000, { 'topic:delivery': 20 }),
    );
    // Assess
    const crash = report.terms.find((t) => t.term === 'topic:emergent:app crash');
    const darkMode = report.terms.find((t) => t.term === 'topic:emergent:dark mode');
    expect(crash).toMatchObject({
      kind: 'theme',
      label: 'emergent:app crash',
      discovered: true,
      status: 'new',
      rateRatio: null,
    });
    expect(darkMode).toMatchObject({ status: 'steady', qValue: null });
    expect(detectSpikes(report.rising, '2026-11-22').map((s) => [s.dedupKey, s.status])).toEqual([
      ['spike#2026-11-22#topic:emergent:app crash', 'new'],
    ]);
  });

  it('ranks rising terms by significance, then by excess mentions', () => {
    // Act
    const report = computeTrends(
      period(1000, { 'topic:a': 60, 'topic:b': 200, 'phrase:c': 30 }),
      stable(1000, { 'topic:a': 20, 'topic:b': 100, 'phrase:c': 10 }),
    );
    // Assess
    expect(report.rising.map((t) => t.term)).toEqual(['topic:b', 'topic:a', 'phrase:c']);
    const ps = report.rising.map((t) => t.pValue);
    expect(ps).toEqual([...ps].sort((x, y) => x - y));
  });

  it('flags nothing on a short or empty baseline, and never throws on empty input', () => {
    // Act
    const short = computeTrends(period(1000, { 'topic:a': 60 }), stable(1000, { 'topic:a': 20 }, 2));
    const empty = computeTrends(period(0, {}), []);
    const quietBaseline = computeTrends(period(1000, { 'topic:a': 60 }), stable(0, {}));
    // Assess
    expect(short.insufficientBaseline).toBe(true);
    expect(short.rising).toEqual([]);
    expect(empty).toEqual({
      volume: 0,
      baselineVolume: 0,
      baselinePeriods: 0,
      insufficientBaseline: true,
      terms: [],
      rising: [],
      falling: [],
    });
    expect(quietBaseline.rising).toEqual([]);
    expect(quietBaseline.terms[0]?.pValue).toBe(1);
  });

  it('corrects for many terms: noise at p ≈ 0.03 among hundreds is not significant', () => {
    // Prepare: 200 steady topics and one that moves just enough for a raw p below 0.05
    const terms: Record<string, number> = {};
    for (let i = 0; i < 200; i++) terms[`topic:t${String(i).padStart(3, '0')}`] = 25;
    const current = { ...terms, 'topic:t000': 39 };
    // Act
    const report = computeTrends(period(10_000, current), stable(10_000, terms));
    // Assess
    const t000 = report.terms.find((t) => t.term === 'topic:t000');
    expect(t000?.pValue).toBeLessThan(0.05);
    expect(t000?.qValue).toBeGreaterThan(0.05);
    expect(report.rising).toEqual([]);
  });

  it('never flags a term whose share did not change, whatever the volumes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 50, max: 5000 }), { minLength: 4, maxLength: 8 }),
        fc.double({ min: 0.001, max: 0.3, noNaN: true }),
        fc.integer({ min: 1, max: 50_000 }),
        (volumes, share, currentVolume) => {
          // Prepare: every period, baseline and current, mentions the term at the same share
          const baseline = volumes.map((v) => period(v, { 'topic:x': Math.round(v * share) }));
          const baselineShare =
            baseline.reduce((a, p) => a + (p.terms['topic:x'] ?? 0), 0) / volumes.reduce((a, b) => a + b, 0);
          const current = period(currentVolume, { 'topic:x': Math.round(currentVolume * baselineShare) });
          // Act
          const report = computeTrends(current, baseline);
          // Assess
          expect(report.rising).toEqual([]);
          expect(report.falling).toEqual([]);
          for (const t of report.terms) expect(t.pValue).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('trends from roll-ups', () => {
  it('counts topics and discovered themes (near-duplicates merged) of the all row, or only negative mentions', () => {
    // Prepare
    const day = parsePeriodKey('2026-11-22', 'Asia/Tokyo');
    const facts = [
      fact({
        occurredAt: '2026-11-22T00:00:00.000Z',
        topics: [
          { topic: 'billing', label: 'negative', score: -0.6 },
          { topic: 'emergent:lost bag', label: 'negative', score: -0.6 },
        ],
      }),
      fact({
        occurredAt: '2026-11-22T01:00:00.000Z',
        topics: [
          { topic: 'billing', label: 'positive', score: 0.4 },
          { topic: 'emergent:lost luggage', label: 'neutral', score: 0 },
        ],
      }),
      fact({
        occurredAt: '2026-11-22T02:00:00.000Z',
        topics: [{ topic: 'emergent:lost bag', label: 'negative', score: -0.6 }],
      }),
    ];
    // Act
    const all = totalsOf(rollUp(facts, day));
    const grouping = groupThemes([all]);
    // Assess
    expect(termCountsOf(all, grouping)).toEqual({
      volume: 3,
      terms: { 'topic:billing': 2, 'topic:emergent:lost bag': 3 },
    });
    expect(termCountsOf(all, grouping, 'negative')).toEqual({
      volume: 3,
      terms: { 'topic:billing': 1, 'topic:emergent:lost bag': 2 },
    });
    expect(grouping.members.get('emergent:lost bag')).toEqual(['lost bag', 'lost luggage']);
    expect(trailingPeriods(day, 4).map((p) => p.key)).toEqual(['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21']);
  });
});

describe('benjaminiHochberg', () => {
  it('adjusts p-values step-up and keeps them monotone in p', () => {
    // Act
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.5]);
    // Assess: sorted 0.01, 0.03, 0.04, 0.5 → 0.04, 0.0533, 0.0533, 0.5
    expect(q[0]).toBeCloseTo(0.04, 12);
    expect(q[1]).toBeCloseTo(0.16 / 3, 12);
    expect(q[2]).toBeCloseTo(0.16 / 3, 12);
    expect(q[3]).toBe(0.5);
    expect(benjaminiHochberg([])).toEqual([]);
  });
});
