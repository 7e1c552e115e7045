import type { SentimentLabel, UrgencyLevel } from '../analysis/types.js';
import type { TriageStatus } from '../feedback/model.js';
import { type RollupFact, SCORE_SCALE } from '../rollups/fact.js';
import { type DurationHistogram, emptyHistogram, histogramOf, mergeHistograms } from './duration-histogram.js';

/**
 * The partial aggregate behind every score: only counts, integer sums and histograms, so
 * merging two is exact, commutative and associative, and day → week → month composes
 * without re-reading items. Scores are read from it with `scoresOf`.
 */

/** Sentiment labels in the order aggregates list them. */
export const SENTIMENT_LABELS = [
  'positive',
  'neutral',
  'negative',
  'mixed',
] as const satisfies readonly SentimentLabel[];
/** Triage statuses in the order aggregates list them. */
export const TRIAGE_STATUSES = ['open', 'acknowledged', 'resolved'] as const satisfies readonly TriageStatus[];

/** Mentions of one topic: how many items, how many negative, and the sum of their topic sentiment. */
export interface TopicTally {
  count: number;
  negative: number;
  /** Sum of topic sentiment scores in units of 1/SCORE_SCALE (an integer). */
  scoreSum: number;
}

/** Mergeable partial aggregate of a set of facts. */
export interface MetricAggregate {
  volume: number;
  sentiment: {
    count: number;
    /** Sum of scores in units of 1/SCORE_SCALE (an integer, so sums never drift with merge order). */
    scoreSum: number;
    labels: Record<SentimentLabel, number>;
  };
  /** Answers per NPS rating, index = rating 0 … 10. */
  nps: number[];
  /** Answers per CSAT rating, index = rating − 1 (1 … 5). */
  csat: number[];
  /** Answers per CES rating, index = rating − 1 (1 … 7). */
  ces: number[];
  urgency: Record<UrgencyLevel, number>;
  triage: Record<TriageStatus, number>;
  /** Receipt → acknowledgement. */
  acknowledge: DurationHistogram;
  /** Receipt → resolution. */
  resolve: DurationHistogram;
  /**
   * Per topic, keys in ascending order: every taxonomy topic, and the `topThemes` most mentioned
   * discovered (`emergent:`) themes; the rest are summed in `otherThemes` (see boundTopics).
   */
  topics: Record<string, TopicTally>;
  /** Mentions of discovered themes beyond the kept ones, summed; `themes` counts how many were folded in. */
  otherThemes: TopicTally & { themes: number };
}

/** Discovered themes kept per aggregate by default (KOE_TOP_THEMES); the long tail is summed in `otherThemes`. */
export const TOP_THEMES = 200;

/** Options of `aggregateFacts` and `mergeAggregates`. */
export interface AggregateOptions {
  /** Discovered themes kept (the rest go to `otherThemes`) [TOP_THEMES]. */
  topThemes?: number | undefined;
}

const zeros = (n: number): number[] => Array.from({ length: n }, () => 0);
const labelCounts = (): Record<SentimentLabel, number> => ({ positive: 0, neutral: 0, negative: 0, mixed: 0 });
const urgencyCounts = (): Record<UrgencyLevel, number> => ({ critical: 0, high: 0, normal: 0, low: 0 });
const triageCounts = (): Record<TriageStatus, number> => ({ open: 0, acknowledged: 0, resolved: 0 });
const byKey = <T>(map: Map<string, T>): Record<string, T> =>
  Object.fromEntries([...map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
const onScale = (v: number | undefined, min: number, max: number): v is number =>
  v !== undefined && Number.isInteger(v) && v >= min && v <= max;
const units = (score: number): number => Math.round(score * SCORE_SCALE);

/** The aggregate of no facts: zeros everywhere. */
export const emptyAggregate = (): MetricAggregate => ({
  volume: 0,
  sentiment: { count: 0, scoreSum: 0, labels: labelCounts() },
  nps: zeros(11),
  csat: zeros(5),
  ces: zeros(7),
  urgency: urgencyCounts(),
  triage: triageCounts(),
  acknowledge: emptyHistogram(),
  resolve: emptyHistogram(),
  topics: {},
  otherThemes: { count: 0, negative: 0, scoreSum: 0, themes: 0 },
});

const isTheme = (topic: string): boolean => topic.startsWith('emergent:');

/**
 * Keeps every taxonomy topic and the `top` most mentioned discovered themes (ties by id), and sums
 * the rest into `other`: a row holds at most taxonomy + top entries whatever the long tail, so no
 * stored item nears DynamoDB's 400 KB (docs/data-model.md). Composed periods keep the top themes of
 * their parts, so a tail theme's count there is a lower bound (the sum stays exact in `other`).
 */
export const boundTopics = (
  topics: Map<string, TopicTally>,
  other: MetricAggregate['otherThemes'],
  top: number = TOP_THEMES,
): { topics: Record<string, TopicTally>; otherThemes: MetricAggregate['otherThemes'] } => {
  const themes = [...topics].filter(([k]) => isTheme(k));
  const out = { ...other };
  if (themes.length > top) {
    themes.sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
    for (const [k, t] of themes.slice(top)) {
      topics.delete(k);
      out.count += t.count;
      out.negative += t.negative;
      out.scoreSum += t.scoreSum;
      out.themes++;
    }
  }
  return { topics: byKey(topics), otherThemes: out };
};

/** Aggregates facts; the result does not depend on their order. */
export const aggregateFacts = (facts: Iterable<RollupFact>, options: AggregateOptions = {}): MetricAggregate => {
  const agg = emptyAggregate();
  const topics = new Map<string, TopicTally>();
  const acknowledge: number[] = [];
  const resolve: number[] = [];
  for (const fact of facts) {
    agg.volume++;
    if (fact.sentiment) {
      agg.sentiment.count++;
      agg.sentiment.scoreSum += units(fact.sentiment.score);
      agg.sentiment.labels[fact.sentiment.label]++;
    }
    const { nps, csat, ces } = fact.ratings;
    // Facts may come back from storage; a rating off its scale is ignored rather than poisoning a bin.
    if (onScale(nps, 0, 10)) agg.nps[nps] = (agg.nps[nps] ?? 0) + 1;
    if (onScale(csat, 1, 5)) agg.csat[csat - 1] = (agg.csat[csat - 1] ?? 0) + 1;
    if (onScale(ces, 1, 7)) agg.ces[ces - 1] = (agg.ces[ces - 1] ?? 0) + 1;
    if (fact.urgency) agg.urgency[fact.urgency]++;
    agg.triage[fact.triageStatus]++;
    if (fact.acknowledgeSeconds !== undefined) acknowledge.push(fact.acknowledgeSeconds);
    if (fact.resolveSeconds !== undefined) resolve.push(fact.resolveSeconds);
    for (const t of fact.topics) {
      const tally = topics.get(t.topic) ?? { count: 0, negative: 0, scoreSum: 0 };
      tally.count++;
      if (t.label === 'negative') tally.negative++;
      tally.scoreSum += units(t.score);
      topics.set(t.topic, tally);
    }
  }
  agg.acknowledge = histogramOf(acknowledge);
  agg.resolve = histogramOf(resolve);
  return { ...agg, ...boundTopics(topics, agg.otherThemes, options.topThemes) };
};

const addArrays = (a: readonly number[], b: readonly number[]): number[] =>
  Array.from({ length: Math.max(a.length, b.length) }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));

const addRecords = <K extends string>(a: Record<K, number>, b: Record<K, number>): Record<K, number> => {
  const out = { ...a };
  for (const k of Object.keys(b) as K[]) out[k] = (out[k] ?? 0) + b[k];
  return out;
};

/**
 * Adds two aggregates, commutative, with keys in a stable order; exact while the discovered themes of
 * both fit in `topThemes` (beyond it, see boundTopics).
 */
export const mergeAggregates = (
  a: MetricAggregate,
  b: MetricAggregate,
  options: AggregateOptions = {},
): MetricAggregate => {
  const topics = new Map(Object.entries(a.topics).map(([k, v]) => [k, { ...v }]));
  for (const [k, v] of Object.entries(b.topics)) {
    const t = topics.get(k) ?? { count: 0, negative: 0, scoreSum: 0 };
    topics.set(k, { count: t.count + v.count, negative: t.negative + v.negative, scoreSum: t.scoreSum + v.scoreSum });
  }
  const other = a.otherThemes ?? emptyAggregate().otherThemes;
  const otherB = b.otherThemes ?? emptyAggregate().otherThemes;
  const otherThemes = {
    count: other.count + otherB.count,
    negative: other.negative + otherB.negative,
    scoreSum: other.scoreSum + otherB.scoreSum,
    themes: other.themes + otherB.themes,
  };
  return {
    volume: a.volume + b.volume,
    sentiment: {
      count: a.sentiment.count + b.sentiment.count,
      scoreSum: a.sentiment.scoreSum + b.sentiment.scoreSum,
      labels: addRecords(addRecords(labelCounts(), a.sentiment.labels), b.sentiment.labels),
    },
    nps: addArrays(a.nps, b.nps),
    csat: addArrays(a.csat, b.csat),
    ces: addArrays(a.ces, b.ces),
    urgency: addRecords(addRecords(urgencyCounts(), a.urgency), b.urgency),
    triage: addRecords(addRecords(triageCounts(), a.triage), b.triage),
    acknowledge: mergeHistograms(a.acknowledge, b.acknowledge),
    resolve: mergeHistograms(a.resolve, b.resolve),
    ...boundTopics(topics, otherThemes, options.topThemes),
  };
};
