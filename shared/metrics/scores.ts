import type { SentimentLabel, UrgencyLevel } from '../analysis/types.js';
import type { TriageStatus } from '../feedback/model.js';
import { SCORE_SCALE } from '../rollups/fact.js';
import type { MetricAggregate } from './aggregate.js';
import { type DurationHistogram, percentileMinutes } from './duration-histogram.js';
import { type NpsCounts, npsCountsOf, npsScore } from './nps.js';

/** Median and p90 of a duration, in minutes; nulls when nothing was measured. */
export interface DurationScores {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

/** Mentions of one topic with the sentiment of the sentences that mention it. */
export interface TopicScores {
  topic: string;
  count: number;
  /** Mean topic sentiment, −1 … 1. */
  sentimentMean: number;
  /** Share of mentions labelled negative, 0 … 1. */
  negativeShare: number;
}

/** The scores of one period and dimension value, as managers read them. */
export interface Scores {
  volume: number;
  sentiment: { count: number; mean: number | null; distribution: Record<SentimentLabel, number> };
  nps: NpsCounts & { score: number | null };
  csat: { responses: number; mean: number | null; satisfied: number; satisfiedShare: number | null };
  ces: { responses: number; mean: number | null };
  urgency: Record<UrgencyLevel, number>;
  triage: Record<TriageStatus, number>;
  timeToAcknowledge: DurationScores;
  timeToResolve: DurationScores;
  /** Most mentioned first, ties by topic id. */
  topics: TopicScores[];
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Mean of a rating histogram whose index 0 stands for rating `offset`; null when empty. */
const histogramMean = (histogram: readonly number[], offset: number): number | null => {
  const n = sum(histogram);
  return n === 0 ? null : histogram.reduce((acc, count, i) => acc + count * (i + offset), 0) / n;
};

const durations = (h: DurationHistogram): DurationScores => ({
  count: h.count,
  medianMinutes: percentileMinutes(h, 50),
  p90Minutes: percentileMinutes(h, 90),
});

/** Mean CSAT (1–5) of a histogram indexed by rating − 1; null when empty. */
export const csatMean = (histogram: readonly number[]): number | null => histogramMean(histogram, 1);

/** Share of CSAT answers that are 4 or 5; null when empty. */
export const csatSatisfiedShare = (histogram: readonly number[]): number | null => {
  const n = sum(histogram);
  return n === 0 ? null : ((histogram[3] ?? 0) + (histogram[4] ?? 0)) / n;
};

/** Reads every score from a partial aggregate; an empty aggregate gives zeros and nulls. */
export const scoresOf = (agg: MetricAggregate): Scores => {
  const nps = npsCountsOf(agg.nps);
  const csatResponses = sum(agg.csat);
  return {
    volume: agg.volume,
    sentiment: {
      count: agg.sentiment.count,
      mean: agg.sentiment.count === 0 ? null : agg.sentiment.scoreSum / SCORE_SCALE / agg.sentiment.count,
      distribution: { ...agg.sentiment.labels },
    },
    nps: { ...nps, score: npsScore(nps) },
    csat: {
      responses: csatResponses,
      mean: csatMean(agg.csat),
      satisfied: (agg.csat[3] ?? 0) + (agg.csat[4] ?? 0),
      satisfiedShare: csatSatisfiedShare(agg.csat),
    },
    ces: { responses: sum(agg.ces), mean: histogramMean(agg.ces, 1) },
    urgency: { ...agg.urgency },
    triage: { ...agg.triage },
    timeToAcknowledge: durations(agg.acknowledge),
    timeToResolve: durations(agg.resolve),
    topics: Object.entries(agg.topics)
      .map(([topic, t]) => ({
        topic,
        count: t.count,
        sentimentMean: t.count === 0 ? 0 : t.scoreSum / SCORE_SCALE / t.count,
        negativeShare: t.count === 0 ? 0 : t.negative / t.count,
      }))
      .sort((a, b) => b.count - a.count || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0)),
  };
};
