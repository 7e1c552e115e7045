import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  DURATION_ACCURACY,
  histogramOf,
  mergeHistograms,
  percentileMinutes,
} from '../../../shared/metrics/duration-histogram.js';
import { nearestRank } from '../rollups/arbitraries.js';

const seconds = fc.oneof(
  fc.double({ min: 0, max: 0.999, noNaN: true }),
  fc.double({ min: 1, max: 1e8, noNaN: true }),
  fc.integer({ min: 1, max: 100_000 }),
);

describe('duration histogram', () => {
  it('reads nearest-rank percentiles of a small set within 1 %', () => {
    // Prepare: 10 durations of 1 … 10 minutes
    const h = histogramOf(Array.from({ length: 10 }, (_, i) => (i + 1) * 60));
    // Act
    const median = percentileMinutes(h, 50);
    const p90 = percentileMinutes(h, 90);
    // Assess: ranks 5 and 9
    expect(Math.abs((median ?? 0) - 5)).toBeLessThanOrEqual(0.05);
    expect(Math.abs((p90 ?? 0) - 9)).toBeLessThanOrEqual(0.09);
    expect(percentileMinutes(histogramOf([]), 50)).toBeNull();
  });

  it('keeps the bucket count bounded, even for absurd durations', () => {
    // Act
    const h = histogramOf([0.2, -5, Number.NaN, 1e15, 1e16]);
    // Assess
    expect(h.underSecond).toBe(3);
    expect(Object.keys(h.buckets)).toEqual([String(bucketOf(1e15))]);
    expect(bucketOf(1e15)).toBeLessThan(1000);
  });

  it('is within the documented accuracy of the exact nearest-rank percentile, merged in any split (property)', () => {
    fc.assert(
      fc.property(
        fc.array(seconds, { maxLength: 300 }),
        fc.nat(300),
        fc.integer({ min: 1, max: 99 }),
        (xs, cut, pct) => {
          // Act
          const whole = histogramOf(xs);
          const merged = mergeHistograms(histogramOf(xs.slice(cut)), histogramOf(xs.slice(0, cut)));
          const estimate = percentileMinutes(merged, pct);
          // Assess
          expect(merged).toEqual(whole);
          const exact = nearestRank(xs, pct);
          if (exact === null) {
            expect(estimate).toBeNull();
            return;
          }
          const exactMinutes = exact < 1 ? 0 : exact / 60;
          expect(Math.abs((estimate ?? 0) - exactMinutes)).toBeLessThanOrEqual(
            exactMinutes * DURATION_ACCURACY * 1.000001,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
