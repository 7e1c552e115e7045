import type { Ratings, SentimentLabel, UrgencyLevel } from '../analysis/types.js';
import type { Channel, FeedbackItem, JourneyStage, TriageStatus } from '../feedback/model.js';

/** Sentiment scores are kept to this many decimals so sums are exact integers (see docs/metrics.md). */
export const SCORE_SCALE = 10_000;

/** One topic of a fact: the topic id and the sentiment of the sentences that mention it. */
export interface FactTopic {
  topic: string;
  label: SentimentLabel;
  /** −1 … 1, rounded to 1/SCORE_SCALE. */
  score: number;
}

/**
 * What a roll-up needs from one item: compact enough for storage to keep one per item,
 * complete enough that every score can be recomputed from facts alone.
 */
export interface RollupFact {
  id: string;
  /** When the customer spoke; the roll-up window is chosen by this instant, so late arrivals land in their own day. */
  occurredAt: string;
  channel: Channel;
  source: string;
  journeyStage?: JourneyStage;
  customerTier?: string;
  ratings: Ratings;
  /** Absent until the item is analyzed. */
  sentiment?: { label: SentimentLabel; score: number };
  /** One entry per topic, first mention wins; empty when not analyzed. */
  topics: FactTopic[];
  /** Effective triage level (analyzer or manager override). */
  urgency?: UrgencyLevel;
  triageStatus: TriageStatus;
  /** Seconds from receipt to acknowledgement, when acknowledged; never negative. */
  acknowledgeSeconds?: number;
  /** Seconds from receipt to resolution, when resolved; never negative. */
  resolveSeconds?: number;
}

/** Rounds a sentiment score to the fixed precision facts keep, clamped to −1 … 1. */
export const quantizeScore = (score: number): number => {
  if (!Number.isFinite(score)) return 0;
  return Math.round(Math.max(-1, Math.min(1, score)) * SCORE_SCALE) / SCORE_SCALE;
};

const inRange = (value: number | undefined, min: number, max: number): number | undefined =>
  value !== undefined && Number.isInteger(value) && value >= min && value <= max ? value : undefined;

const secondsBetween = (from: string, to: string | undefined): number | undefined => {
  if (to === undefined) return undefined;
  const seconds = (Date.parse(to) - Date.parse(from)) / 1000;
  if (!Number.isFinite(seconds)) return undefined;
  // Clock skew between writers can put an acknowledgement a moment before receipt.
  return Math.max(0, seconds);
};

/** Projects a stored item onto the fields roll-ups read; ratings outside their scales are dropped. */
export const toRollupFact = (item: FeedbackItem): RollupFact => {
  const analysis = item.status === 'analyzed' ? item.analysis : undefined;
  const ratings: Ratings = {};
  const nps = inRange(item.ratings?.nps, 0, 10);
  const csat = inRange(item.ratings?.csat, 1, 5);
  const ces = inRange(item.ratings?.ces, 1, 7);
  if (nps !== undefined) ratings.nps = nps;
  if (csat !== undefined) ratings.csat = csat;
  if (ces !== undefined) ratings.ces = ces;

  const topics: FactTopic[] = [];
  const seen = new Set<string>();
  for (const mention of analysis?.topics ?? []) {
    if (seen.has(mention.topic)) continue;
    seen.add(mention.topic);
    topics.push({
      topic: mention.topic,
      label: mention.sentiment.label,
      score: quantizeScore(mention.sentiment.score),
    });
  }

  const fact: RollupFact = {
    id: item.id,
    occurredAt: item.occurredAt,
    channel: item.channel,
    source: item.source,
    ratings,
    topics,
    triageStatus: item.triage.status,
  };
  if (item.journeyStage) fact.journeyStage = item.journeyStage;
  if (item.customer?.tier) fact.customerTier = item.customer.tier;
  if (analysis) fact.sentiment = { label: analysis.sentiment.label, score: quantizeScore(analysis.sentiment.score) };
  if (item.triage.level) fact.urgency = item.triage.level;
  const acknowledgeSeconds = secondsBetween(item.receivedAt, item.triage.acknowledgedAt);
  const resolveSeconds = secondsBetween(item.receivedAt, item.triage.resolvedAt);
  if (acknowledgeSeconds !== undefined) fact.acknowledgeSeconds = acknowledgeSeconds;
  if (resolveSeconds !== undefined) fact.resolveSeconds = resolveSeconds;
  return fact;
};
