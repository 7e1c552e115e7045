/**
 * A mergeable histogram of durations with bounded relative error (the DDSketch layout):
 * bucket i holds durations in (γ^(i−1), γ^i] seconds, γ = (1+α)/(1−α). Merging adds counts,
 * so day → week → month composes exactly; a quantile read from it is within α of the exact
 * nearest-rank quantile. Durations under a second share one bucket and read as 0.
 */

/** Relative accuracy α of quantiles read from a histogram (1 %). */
export const DURATION_ACCURACY = 0.01;

const GAMMA = (1 + DURATION_ACCURACY) / (1 - DURATION_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Ten years: anything longer is clamped so the bucket count stays bounded (≈ 980 at most). */
const MAX_SECONDS = 10 * 365 * 86_400;
const MAX_BUCKET = Math.ceil(Math.log(MAX_SECONDS) / LOG_GAMMA);

/** Counts of durations per logarithmic bucket; `buckets` keys are bucket indexes in ascending order. */
export interface DurationHistogram {
  count: number;
  /** Durations under one second. */
  underSecond: number;
  buckets: Record<string, number>;
}

/** A histogram with nothing in it. */
export const emptyHistogram = (): DurationHistogram => ({ count: 0, underSecond: 0, buckets: {} });

/** The bucket index a duration in seconds falls in; −1 is the under-a-second bucket. */
export const bucketOf = (seconds: number): number => {
  if (!(seconds >= 1)) return -1;
  return Math.min(MAX_BUCKET, Math.max(0, Math.ceil(Math.log(seconds) / LOG_GAMMA)));
};

/** The value reported for bucket i: the point whose relative distance to both edges is α. */
const representative = (bucket: number): number => (bucket < 0 ? 0 : (2 * GAMMA ** bucket) / (GAMMA + 1));

const fromMap = (count: number, underSecond: number, buckets: Map<number, number>): DurationHistogram => ({
  count,
  underSecond,
  buckets: Object.fromEntries([...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
});

const toMap = (h: DurationHistogram): Map<number, number> =>
  new Map(Object.entries(h.buckets).map(([k, v]) => [Number(k), v]));

/** Builds a histogram from durations in seconds (negative or non-finite values count as under a second). */
export const histogramOf = (seconds: Iterable<number>): DurationHistogram => {
  const buckets = new Map<number, number>();
  let count = 0;
  let underSecond = 0;
  for (const s of seconds) {
    count++;
    const b = bucketOf(s);
    if (b < 0) underSecond++;
    else buckets.set(b, (buckets.get(b) ?? 0) + 1);
  }
  return fromMap(count, underSecond, buckets);
};

/** Adds two histograms; exact, commutative and associative. */
export const mergeHistograms = (a: DurationHistogram, b: DurationHistogram): DurationHistogram => {
  const buckets = toMap(a);
  for (const [k, v] of toMap(b)) buckets.set(k, (buckets.get(k) ?? 0) + v);
  return fromMap(a.count + b.count, a.underSecond + b.underSecond, buckets);
};

/**
 * The nearest-rank `percent`-th percentile in minutes: the value of rank ⌈percent·n/100⌉
 * (1-based) in ascending order, read from its bucket; null when empty. Integer percent keeps
 * the rank exact (0.9·70 is 63.000…01 in floating point).
 */
export const percentileMinutes = (h: DurationHistogram, percent: number): number | null => {
  if (h.count === 0) return null;
  const rank = Math.max(1, Math.ceil((percent * h.count) / 100 - 1e-9));
  let seen = h.underSecond;
  if (rank <= seen) return 0;
  for (const [k, v] of Object.entries(h.buckets)) {
    seen += v;
    if (rank <= seen) return representative(Number(k)) / 60;
  }
  return representative(MAX_BUCKET) / 60;
};
