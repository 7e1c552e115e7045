import { splitSentences } from '../text/sentences.js';
import type { SentenceSentiment, SentimentLabel, SentimentResult, Span } from '../types.js';
import { type SentenceScore, scoreSentence } from './english/score-sentence.js';

/**
 * Label thresholds on the normalized score, chosen by reading errors on the airline train split
 * (see docs/analysis/sentiment-english.md). Negative needs less evidence than positive because
 * feedback that mentions a problem at all is usually a complaint.
 */
export const ENGLISH_THRESHOLDS = {
  positive: 0.4,
  negative: -0.1,
  /** `mixed`: one sentence at least this positive and another at least this negative. */
  mixedSentence: 0.4,
} as const;

// Negative evidence (VADER scale) in a comment above which its thanks stop counting as praise.
const THANKS_DROP = -1.5;

// VADER's normalization: raw sums of valences map smoothly into −1…1.
const ALPHA = 15;
const normalize = (raw: number): number => raw / Math.sqrt(raw * raw + ALPHA);

const labelOf = (score: number): SentimentLabel =>
  score >= ENGLISH_THRESHOLDS.positive ? 'positive' : score <= ENGLISH_THRESHOLDS.negative ? 'negative' : 'neutral';

const round = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * English sentiment of a comment: per-sentence scores from the Koe lexicon and rules (negation,
 * intensifiers, contrast, questions, emphasis, emoticons and service-complaint vocabulary) and an
 * aggregate label. Never throws; text without sentiment-bearing words gets low confidence.
 */
export const scoreEnglish = (text: string): SentimentResult => {
  const input = typeof text === 'string' ? text : '';
  const spans = splitSentences(input);
  const sentences: SentenceSentiment[] = [];
  let total = 0;
  let hits = 0;
  let maxSentence = 0;
  let minSentence = 0;
  const scored = spans.map((span) => scoreSentence(input, span.start, span.end));
  // Thanks in a comment that complains elsewhere is politeness (or sarcasm), and in a request it is
  // a courtesy: neither is praise.
  let negative = 0;
  let question = false;
  for (const s of scored) {
    negative += s.negative;
    question ||= s.question;
  }
  const dropThanks = negative <= THANKS_DROP ? 1 : question ? 0.5 : 0;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i] as Span;
    const s = scored[i] as SentenceScore;
    const raw = s.raw - dropThanks * s.thanks;
    // "… But the flight was late.": what follows a contrast outweighs what came before.
    if (s.leadContrast) total *= 0.5;
    total += raw;
    hits += s.hits;
    const score = normalize(raw);
    if (score > maxSentence) maxSentence = score;
    if (score < minSentence) minSentence = score;
    sentences.push({ span, label: labelOf(score), score: round(score) });
  }
  const score = normalize(total);
  let label = labelOf(score);
  if (
    maxSentence >= ENGLISH_THRESHOLDS.mixedSentence &&
    minSentence <= -ENGLISH_THRESHOLDS.mixedSentence &&
    Math.abs(score) < ENGLISH_THRESHOLDS.mixedSentence
  ) {
    label = 'mixed';
  }
  const confidence =
    hits === 0
      ? spans.length === 0
        ? 0.05
        : 0.2
      : Math.min(0.95, 0.45 + 0.4 * Math.abs(score) + 0.05 * Math.min(hits, 4));
  return { label, score: round(score), confidence: round(confidence), sentences };
};
