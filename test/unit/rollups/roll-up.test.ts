import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors.js';
import { scoresOf } from '../../../shared/metrics/scores.js';
import type { RollupFact } from '../../../shared/rollups/fact.js';
import { parsePeriodKey, periodOf, periodsWithin } from '../../../shared/rollups/periods.js';
import { composeRollups, mergeRollups, rollUp, totalsOf } from '../../../shared/rollups/roll-up.js';
import { fact, factsArb } from './arbitraries.js';

const NOVEMBER_UTC = parsePeriodKey('2026-11', 'UTC');

/** Splits facts into `groups` random parts using the given assignments. */
const split = (facts: RollupFact[], picks: number[], groups: number): RollupFact[][] => {
  const parts: RollupFact[][] = Array.from({ length: groups }, () => []);
  facts.forEach((f, i) => {
    parts[(picks[i] ?? 0) % groups]?.push(f);
  });
  return parts;
};

describe('rollUp', () => {
  it('gives an empty window one all-row of zeros and nulls', () => {
    // Act
    const rollup = rollUp([], parsePeriodKey('2026-11-22', 'Asia/Tokyo'));
    const scores = scoresOf(totalsOf(rollup));
    // Assess
    expect(rollup.rows.map((r) => [r.dimension, r.value])).toEqual([['all', '*']]);
    expect(scores.volume).toBe(0);
    expect(scores.nps).toEqual({ responses: 0, promoters: 0, passives: 0, detractors: 0, score: null });
    expect(scores.csat.mean).toBeNull();
    expect(scores.timeToResolve).toEqual({ count: 0, medianMinutes: null, p90Minutes: null });
  });

  it('slices by every dimension, one row per topic an item mentions, (none) for missing stage or tier', () => {
    // Prepare
    const day = parsePeriodKey('2026-11-22', 'UTC');
    const facts = [
      fact({
        channel: 'chat',
        customerTier: 'pro',
        topics: [
          { topic: 'delivery', label: 'negative', score: -0.5 },
          { topic: 'billing', label: 'neutral', score: 0 },
        ],
      }),
      fact({ channel: 'email', journeyStage: 'use', topics: [{ topic: 'delivery', label: 'negative', score: -0.7 }] }),
      fact({ channel: 'email', occurredAt: '2026-11-23T00:00:00.000Z' }),
    ];
    // Act
    const rollup = rollUp(facts, day);
    // Assess: the third fact is outside the day
    expect(rollup.rows.map((r) => `${r.dimension}=${r.value}:${r.metrics.volume}`)).toEqual([
      'all=*:2',
      'channel=chat:1',
      'channel=email:1',
      'source=web:2',
      'journeyStage=(none):1',
      'journeyStage=use:1',
      'topic=billing:1',
      'topic=delivery:2',
      'customerTier=(none):1',
      'customerTier=pro:1',
    ]);
    expect(rollup.rows.every((r) => r.period === '2026-11-22')).toBe(true);
  });

  it('keeps every taxonomy topic and the top discovered themes per row, the tail summed in otherThemes', () => {
    // Prepare: 5 themes, 3 kept; one comment mentions a taxonomy topic too
    const theme = (n: number) => ({ topic: `emergent:theme ${n}`, label: 'negative' as const, score: -0.5 });
    const facts = [
      fact({ topics: [theme(1), { topic: 'billing', label: 'neutral', score: 0 }] }),
      fact({ topics: [theme(1), theme(2)] }),
      fact({ topics: [theme(2), theme(3)] }),
      fact({ topics: [theme(4), theme(5)] }),
    ];
    // Act
    const rollup = rollUp(facts, parsePeriodKey('2026-11-22', 'UTC'), ['topic'], { topThemes: 3 });
    // Assess
    expect(Object.keys(totalsOf(rollup).topics)).toEqual([
      'billing',
      'emergent:theme 1',
      'emergent:theme 2',
      'emergent:theme 3',
    ]);
    expect(totalsOf(rollup).otherThemes).toEqual({ count: 2, negative: 2, scoreSum: -10_000, themes: 2 });
    expect(rollup.rows.filter((r) => r.dimension === 'topic').map((r) => r.value)).toEqual([
      'billing',
      'emergent:theme 1',
      'emergent:theme 2',
      'emergent:theme 3',
    ]);
  });

  it('refuses to merge into a period that does not contain both parts', () => {
    // Prepare
    const a = rollUp([], parsePeriodKey('2026-11-22', 'UTC'));
    const b = rollUp([], parsePeriodKey('2026-11-22', 'Asia/Tokyo'));
    // Act / Assess
    expect(() => mergeRollups(a, b, parsePeriodKey('2026-11', 'UTC'))).toThrow(ValidationError);
    expect(() => mergeRollups(a, rollUp([], parsePeriodKey('2026-11-23', 'UTC')))).toThrow(ValidationError);
  });
});

describe('rollUp properties', () => {
  it('rollUp(A ∪ B) = merge(rollUp(A), rollUp(B)), exactly', () => {
    fc.assert(
      fc.property(factsArb(), factsArb(), (a, b) => {
        // Act
        const whole = rollUp([...a, ...b], NOVEMBER_UTC);
        const merged = mergeRollups(rollUp(a, NOVEMBER_UTC), rollUp(b, NOVEMBER_UTC));
        // Assess
        expect(merged).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  });

  it('merging parts in any grouping and order gives the same roll-up as the whole', () => {
    fc.assert(
      fc.property(
        factsArb(120),
        fc.array(fc.nat(), { minLength: 120, maxLength: 120 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
        (facts, picks, groups, order) => {
          // Prepare
          const parts = split(facts, picks, groups).map((p) => rollUp(p, NOVEMBER_UTC));
          const shuffled = parts
            .map((p, i) => ({ p, k: order[i] ?? 0, i }))
            .sort((x, y) => x.k - y.k || x.i - y.i)
            .map((x) => x.p);
          // Act: fold left, and pairwise tree merge
          const folded = shuffled.reduce((acc, p) => mergeRollups(acc, p));
          let level = shuffled;
          while (level.length > 1) {
            const next = [];
            for (let i = 0; i < level.length; i += 2) {
              const left = level[i];
              const right = level[i + 1];
              if (left) next.push(right ? mergeRollups(right, left) : left);
            }
            level = next;
          }
          // Assess
          const whole = rollUp(facts, NOVEMBER_UTC);
          expect(folded).toEqual(whole);
          expect(level[0]).toEqual(whole);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('is deterministic: the same window in any input order serializes identically', () => {
    fc.assert(
      fc.property(factsArb(), fc.array(fc.nat(), { minLength: 80, maxLength: 80 }), (facts, keys) => {
        // Prepare
        const permuted = facts
          .map((f, i) => ({ f, k: keys[i] ?? 0, i }))
          .sort((x, y) => x.k - y.k || y.i - x.i)
          .map((x) => x.f);
        // Act
        const first = JSON.stringify(rollUp(facts, NOVEMBER_UTC));
        const again = JSON.stringify(rollUp(permuted, NOVEMBER_UTC));
        // Assess
        expect(again).toBe(first);
      }),
      { numRuns: 100 },
    );
  });

  it('composes the days of a month into the month roll-up, in Tokyo and in UTC', () => {
    fc.assert(
      fc.property(factsArb(100), fc.constantFrom('UTC', 'Asia/Tokyo', 'America/New_York'), (facts, zone) => {
        // Prepare
        const month = periodOf('2026-11-15T00:00:00.000Z', 'month', zone);
        const days = periodsWithin(month, 'day').map((d) => rollUp(facts, d));
        // Act
        const composed = composeRollups(days, month);
        // Assess
        expect(composed).toEqual(rollUp(facts, month));
      }),
      { numRuns: 40 },
    );
  });

  it('counts 15:00Z in the next Tokyo day and in the same UTC day', () => {
    // Prepare
    const atBoundary = fact({ occurredAt: '2026-11-22T15:00:00.000Z', ratings: { nps: 10 } });
    const before = fact({ occurredAt: '2026-11-22T14:59:59.999Z', ratings: { nps: 0 } });
    // Act
    const tokyo22 = scoresOf(totalsOf(rollUp([atBoundary, before], parsePeriodKey('2026-11-22', 'Asia/Tokyo'))));
    const tokyo23 = scoresOf(totalsOf(rollUp([atBoundary, before], parsePeriodKey('2026-11-23', 'Asia/Tokyo'))));
    const utc22 = scoresOf(totalsOf(rollUp([atBoundary, before], parsePeriodKey('2026-11-22', 'UTC'))));
    // Assess
    expect(tokyo22.nps.score).toBe(-100);
    expect(tokyo23.nps.score).toBe(100);
    expect(utc22.nps.score).toBe(0);
  });
});
