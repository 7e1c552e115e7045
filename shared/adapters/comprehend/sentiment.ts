import type { SentimentScore, SentimentType } from '@aws-sdk/client-comprehend';
import type { SentimentLabel } from '../../analysis/types.js';

/** Comprehend's four class probabilities, each 0 … 1. */
export interface ClassScores {
  positive: number;
  negative: number;
  neutral: number;
  mixed: number;
}

/** A sentiment in Koe's terms: label, score −1 … 1 and confidence 0 … 1. */
export interface MappedSentiment {
  label: SentimentLabel;
  score: number;
  confidence: number;
}

const clamp01 = (n: number | undefined): number => (Number.isFinite(n) ? Math.min(1, Math.max(0, n as number)) : 0);

/** Reads a SentimentScore, treating missing or odd numbers as 0. */
export const toClassScores = (s: SentimentScore | undefined): ClassScores => ({
  positive: clamp01(s?.Positive),
  negative: clamp01(s?.Negative),
  neutral: clamp01(s?.Neutral),
  mixed: clamp01(s?.Mixed),
});

const LABELS: Record<SentimentType, SentimentLabel> = {
  POSITIVE: 'positive',
  NEGATIVE: 'negative',
  NEUTRAL: 'neutral',
  MIXED: 'mixed',
};

const argmax = (c: ClassScores): SentimentLabel => {
  let best: SentimentLabel = 'neutral';
  for (const label of ['positive', 'negative', 'mixed', 'neutral'] as const) if (c[label] > c[best]) best = label;
  return best;
};

/**
 * Koe's score is P(positive) − P(negative): −1 … 1, near 0 for neutral and for mixed text.
 * Confidence is the probability of the label, so a 0.4/0.35/0.25 split reads as unsure.
 */
export const mapSentiment = (scores: ClassScores, sentiment?: SentimentType | string): MappedSentiment => {
  const label = LABELS[sentiment as SentimentType] ?? argmax(scores);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { label, score: round(scores.positive - scores.negative), confidence: round(scores[label]) };
};

/** One analyzed piece of a document: its class probabilities and how many characters it held. */
export interface WeightedScores {
  scores: ClassScores;
  sentiment?: SentimentType | string | undefined;
  weight: number;
}

/**
 * Length-weighted average of the pieces' probabilities, so a long calm paragraph outweighs a short
 * outburst. When pieces disagree outright (one positive, one negative, each with real weight),
 * the whole is `mixed` even if the averages lean one way: that is what a manager needs to see.
 */
export const aggregateSentiment = (pieces: WeightedScores[]): MappedSentiment | undefined => {
  const total = pieces.reduce((sum, p) => sum + p.weight, 0);
  const [first, ...rest] = pieces;
  if (first === undefined || total <= 0) return undefined;
  if (rest.length === 0) return mapSentiment(first.scores, first.sentiment);
  const avg: ClassScores = { positive: 0, negative: 0, neutral: 0, mixed: 0 };
  for (const p of pieces)
    for (const k of ['positive', 'negative', 'neutral', 'mixed'] as const) avg[k] += (p.scores[k] * p.weight) / total;
  const labels = pieces.map((p) => mapSentiment(p.scores, p.sentiment).label);
  if (labels.includes('positive') && labels.includes('negative') && Math.min(avg.positive, avg.negative) >= 0.2) {
    const mapped = mapSentiment(avg, 'MIXED');
    return {
      ...mapped,
      confidence: Math.round(Math.min(1, avg.mixed + 2 * Math.min(avg.positive, avg.negative)) * 1000) / 1000,
    };
  }
  return mapSentiment(avg);
};
