import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binomialLowerTail,
  binomialTwoSided,
  binomialUpperTail,
  logGamma,
} from '../../../shared/trends/binomial-test.js';

/** P(X = i) summed term by term in log space: slow but obviously right. */
const naiveTail = (from: number, to: number, n: number, p: number): number => {
  let logChoose = 0;
  let total = 0;
  for (let i = 0; i <= n; i++) {
    if (i > 0) logChoose += Math.log((n - i + 1) / i);
    if (i >= from && i <= to) total += Math.exp(logChoose + i * Math.log(p) + (n - i) * Math.log1p(-p));
  }
  return total;
};

describe('binomial tails', () => {
  it('knows Γ at a few points', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 9);
  });

  it('gives the textbook values for 2 → 4 and 20 → 60 mentions', () => {
    // 12 mentions, 1/5 of the exposure in the current period: P(X ≥ 4) ≈ 0.2054
    expect(binomialUpperTail(4, 12, 0.2)).toBeCloseTo(naiveTail(4, 12, 12, 0.2), 12);
    expect(binomialUpperTail(4, 12, 0.2)).toBeCloseTo(0.2054, 4);
    // 140 mentions, 60 of them now where 28 were expected
    expect(binomialUpperTail(60, 140, 0.2)).toBeLessThan(1e-9);
    expect(binomialTwoSided(28, 140, 0.2)).toBe(1);
  });

  it('handles the edges without NaN', () => {
    expect(binomialUpperTail(0, 0, 0.5)).toBe(1);
    expect(binomialLowerTail(0, 0, 0.5)).toBe(1);
    expect(binomialUpperTail(3, 2, 0.5)).toBe(0);
    expect(binomialUpperTail(1, 5, 0)).toBe(0);
    expect(binomialLowerTail(4, 5, 1)).toBe(0);
    expect(Number.isFinite(binomialUpperTail(60_000, 200_000, 0.2))).toBe(true);
  });

  it('agrees with a term-by-term sum (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 150 }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.nat(),
        (n, p, seed) => {
          // Prepare
          const k = seed % (n + 1);
          // Act
          const upper = binomialUpperTail(k, n, p);
          const lower = binomialLowerTail(k, n, p);
          // Assess
          expect(upper).toBeCloseTo(naiveTail(k, n, n, p), 10);
          expect(lower).toBeCloseTo(naiveTail(0, k, n, p), 10);
          expect(upper + lower).toBeGreaterThanOrEqual(1 - 1e-9);
        },
      ),
      { numRuns: 400 },
    );
  });
});
