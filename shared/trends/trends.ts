import { binomialLowerTail, binomialUpperTail } from './binomial-test.js';
import { benjaminiHochberg } from './false-discovery.js';
import { parseTerm, type TermCounts, type TermKind } from './term-counts.js';

/**
 * Pain-point trends: each term's share of comments this period against its share over a
 * trailing baseline, tested as two Poisson rates with an exact conditional binomial test
 * (given c + C mentions in all, the current period's part is Binomial(c + C, V / (V + B))
 * when the rate did not change), corrected for many terms with Benjamini–Hochberg.
 */

/** How a term moved. */
export type TrendStatus = 'rising' | 'falling' | 'new' | 'steady';

/** One term this period against its baseline. */
export interface TermTrend {
  term: string;
  kind: TermKind;
  /** The topic or theme id (`delay`, `emergent:lost bag`). */
  label: string;
  /** True for a discovered theme (`kind` theme), false for a curated taxonomy topic. */
  discovered: boolean;
  count: number;
  volume: number;
  /** count / volume; 0 when the period is empty. */
  share: number;
  baselineCount: number;
  baselineVolume: number;
  /** baselineCount / baselineVolume; 0 without baseline volume. */
  baselineShare: number;
  /** Mentions expected this period at the baseline share. */
  expected: number;
  /** share / baselineShare; null when the baseline never mentions it or is empty. */
  rateRatio: number | null;
  /** ln of the rate ratio with ½ added to both counts, finite even for new terms. */
  logRateRatio: number;
  /** Two-sided exact p-value; 1 when there is nothing to compare. */
  pValue: number;
  /** Benjamini–Hochberg q-value across the eligible terms; null for terms below the minimum volume. */
  qValue: number | null;
  status: TrendStatus;
}

/** Options of `computeTrends`; defaults in brackets, explained in docs/metrics.md. */
export interface TrendOptions {
  /** Fewest mentions this period to rise or be new, and fewest expected mentions to fall [5]. */
  minCount?: number;
  /** Largest q-value that counts as significant [0.05]. */
  alpha?: number;
  /** Smallest rate ratio (or its inverse for falling) worth reporting [1.5]. */
  minRateRatio?: number;
  /** Fewest baseline periods before anything is flagged [4]. */
  minBaselinePeriods?: number;
}

/** Trends of one period: every term, plus the ranked rising (incl. new) and falling lists. */
export interface TrendReport {
  volume: number;
  baselineVolume: number;
  baselinePeriods: number;
  /** True when the baseline is too short or empty to flag anything. */
  insufficientBaseline: boolean;
  /** All terms seen in the period or its baseline, by term key. */
  terms: TermTrend[];
  /** Rising and new terms, most significant first (ties: larger excess, then term). */
  rising: TermTrend[];
  /** Falling terms, most significant first. */
  falling: TermTrend[];
}

const rank = (a: TermTrend, b: TermTrend): number =>
  a.pValue - b.pValue ||
  Math.abs(b.count - b.expected) - Math.abs(a.count - a.expected) ||
  (a.term < b.term ? -1 : a.term > b.term ? 1 : 0);

/** Compares this period's term counts with a trailing baseline (oldest first, empty periods included). */
export const computeTrends = (
  current: TermCounts,
  baseline: readonly TermCounts[],
  options: TrendOptions = {},
): TrendReport => {
  const minCount = options.minCount ?? 5;
  const alpha = options.alpha ?? 0.05;
  const minRateRatio = options.minRateRatio ?? 1.5;
  const minBaselinePeriods = options.minBaselinePeriods ?? 4;

  const volume = current.volume;
  const baselineVolume = baseline.reduce((acc, p) => acc + p.volume, 0);
  const baselineCounts = new Map<string, number>();
  for (const p of baseline) {
    for (const [term, n] of Object.entries(p.terms)) baselineCounts.set(term, (baselineCounts.get(term) ?? 0) + n);
  }
  const termKeys = [...new Set([...Object.keys(current.terms), ...baselineCounts.keys()])].sort();
  const insufficientBaseline = baseline.length < minBaselinePeriods || baselineVolume === 0 || volume === 0;
  // Under "no change" the current period holds this fraction of all mentions of a term.
  const currentFraction = volume + baselineVolume === 0 ? 0 : volume / (volume + baselineVolume);

  const trends: TermTrend[] = termKeys.map((term) => {
    const count = current.terms[term] ?? 0;
    const baselineCount = baselineCounts.get(term) ?? 0;
    const baselineShare = baselineVolume === 0 ? 0 : baselineCount / baselineVolume;
    const share = volume === 0 ? 0 : count / volume;
    const total = count + baselineCount;
    const pUp = binomialUpperTail(count, total, currentFraction);
    const pDown = binomialLowerTail(count, total, currentFraction);
    const smoothed =
      volume === 0 || baselineVolume === 0
        ? 0
        : Math.log((count + 0.5) / volume / ((baselineCount + 0.5) / baselineVolume));
    const { kind, label } = parseTerm(term);
    return {
      term,
      kind,
      label,
      discovered: kind === 'theme',
      count,
      volume,
      share,
      baselineCount,
      baselineVolume,
      baselineShare,
      expected: baselineShare * volume,
      rateRatio: baselineShare === 0 || volume === 0 ? null : share / baselineShare,
      logRateRatio: smoothed,
      pValue: insufficientBaseline ? 1 : Math.min(1, 2 * Math.min(pUp, pDown)),
      qValue: null,
      status: 'steady' as TrendStatus,
    };
  });

  // Only terms that could clear the minimum volume are tested, so rare noise does not dilute the correction.
  const eligible = insufficientBaseline ? [] : trends.filter((t) => t.count >= minCount || t.expected >= minCount);
  const q = benjaminiHochberg(eligible.map((t) => t.pValue));
  eligible.forEach((t, i) => {
    t.qValue = q[i] ?? 1;
    if (t.qValue > alpha) return;
    const up = t.count > t.expected;
    if (up && t.count >= minCount && (t.rateRatio === null || t.rateRatio >= minRateRatio)) {
      t.status = t.baselineCount === 0 ? 'new' : 'rising';
    } else if (!up && t.expected >= minCount && t.rateRatio !== null && t.rateRatio <= 1 / minRateRatio) {
      t.status = 'falling';
    }
  });

  return {
    volume,
    baselineVolume,
    baselinePeriods: baseline.length,
    insufficientBaseline,
    terms: trends,
    rising: trends.filter((t) => t.status === 'rising' || t.status === 'new').sort(rank),
    falling: trends.filter((t) => t.status === 'falling').sort(rank),
  };
};
