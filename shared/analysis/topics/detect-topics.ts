import { emergentMentions } from '../../themes/emergent.js';
import type { JaToken } from '../japanese/tokenizer.js';
import type { SentenceSentiment, SentimentLabel, Span, TopicMention, UrgencyReason } from '../types.js';
import type { Taxonomy } from './taxonomy.js';

/** Where each taxonomy topic (by index) is mentioned; topics without a mention are absent. */
export type CueHits = Map<number, Span[]>;

// Evidence beyond this many spans per topic adds nothing a reader can use, and keeps long texts linear.
const MAX_SPANS = 50;

/** Finds every taxonomy topic mentioned in `text` with the one cue engine (words, not substrings). */
export const matchTopicCues = (text: string, taxonomy: Taxonomy, jaTokens?: readonly JaToken[]): CueHits => {
  const hits: CueHits = new Map();
  for (const hit of taxonomy.cues.find(text, jaTokens)) {
    const spans = hits.get(hit.group);
    const span = { start: hit.start, end: hit.end };
    if (!spans) hits.set(hit.group, [span]);
    else if (spans.length < MAX_SPANS) spans.push(span);
  }
  return hits;
};

const MAX_EVIDENCE = 10;

/**
 * How the trained model's topic head combines with the cues (shared/analysis/model/combine.ts): every
 * topic whose cues occur is kept — the model, trained on Koe's corpus only, is sure a topic is absent
 * from text unlike the corpus (airline tweets) where the words say it is there —, and a topic no cue
 * found is added when the model gives it at least the topic's `decision.topicAdd` (tuned out of fold by
 * `npm run train`, model/fit.ts), or this in a model file without one (docs/analysis/topics.md).
 */
export const MODEL_TOPIC_ADD = 0.5;
// Below this magnitude a mean sentence score is neutral; a sentence beyond it on each side makes mixed.
const NEUTRAL_BAND = 0.05;
const STRONG = 0.25;

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

/** The caller's sentence that holds `span` (by its start), if any. */
const sentenceOf = (sentences: readonly SentenceSentiment[], span: Span): SentenceSentiment | undefined =>
  sentences.find((s) => s.span.start <= span.start && span.start < s.span.end) ??
  sentences.find((s) => overlaps(s.span, span));

/** Sentiment of the sentences that mention a topic: the mean score, labelled; mixed when they pull both ways. */
const sentimentOf = (
  sentences: readonly SentenceSentiment[],
  evidence: readonly Span[],
): { label: SentimentLabel; score: number } => {
  // A few sentences at most: an array and a running label, not two Sets per topic.
  const used: SentenceSentiment[] = [];
  for (const span of evidence) {
    const s = sentenceOf(sentences, span);
    if (s && !used.includes(s)) used.push(s);
  }
  if (used.length === 0) return { label: 'neutral', score: 0 };
  let sum = 0;
  let strongPositive = false;
  let strongNegative = false;
  let sawMixed = false;
  const only = (used[0] as SentenceSentiment).label;
  let oneLabel = true;
  for (const s of used) {
    const score = Number.isFinite(s.score) ? Math.max(-1, Math.min(1, s.score)) : 0;
    sum += score;
    if (s.label === 'mixed') sawMixed = true;
    if (s.label !== only) oneLabel = false;
    if (score >= STRONG) strongPositive = true;
    if (score <= -STRONG) strongNegative = true;
  }
  const score = Math.round((sum / used.length) * 1000) / 1000;
  if (sawMixed || (strongPositive && strongNegative)) return { label: 'mixed', score };
  if (oneLabel && only) return { label: only, score };
  return { label: score >= NEUTRAL_BAND ? 'positive' : score <= -NEUTRAL_BAND ? 'negative' : 'neutral', score };
};

/**
 * Pain-point topics of one comment: every taxonomy topic whose cues occur, with the sentiment of
 * the sentences that mention it and the evidence spans; then up to two `emergent:<phrase>` topics
 * from key phrases no taxonomy topic covers, taken only from negative or mixed sentences.
 * `sentences` are the caller's sentence sentiments for `text`. Never throws.
 */
export const detectTopics = (
  text: string,
  language: string,
  sentences: SentenceSentiment[],
  taxonomy: Taxonomy,
  jaTokens?: JaToken[],
): TopicMention[] => {
  if (typeof text !== 'string' || text.trim() === '' || !taxonomy) return [];
  const safeSentences = Array.isArray(sentences) ? sentences.filter((s) => s?.span) : [];
  try {
    const hits = matchTopicCues(text, taxonomy, jaTokens);
    const mentions: TopicMention[] = [];
    // By the start of each topic's first mention: the order the map holds them in, since the engine's hits
    // come in text order (copying the map to sort it changed nothing and cost more than the loop).
    for (const [index, spans] of hits) {
      const id = taxonomy.topics[index]?.id;
      if (!id) continue;
      const evidence = spans.slice(0, MAX_EVIDENCE);
      mentions.push({ topic: id, sentiment: sentimentOf(safeSentences, evidence), evidence });
    }
    // An inline function, not a named one: tsx (esbuild keepNames) names each named closure as it is made.
    const emergent = emergentMentions(
      text,
      language,
      hits,
      taxonomy,
      (span: Span) => sentenceOf(safeSentences, span)?.label,
      jaTokens,
    );
    for (const { topic, evidence } of emergent)
      mentions.push({ topic, sentiment: sentimentOf(safeSentences, evidence), evidence });
    return mentions;
  } catch {
    // A taxonomy or token surprise must not fail the analysis of a comment.
    return [];
  }
};

/**
 * The topic a triage reason is about: the reason's concepts, combined within a clause ("a screw in the
 * soup", 「別の方の通知が入っていました」), already say what the comment is about when no single topic
 * word does.
 */
const REASON_TOPICS: Readonly<Record<string, string>> = {
  safety_risk: 'safety',
  security_breach: 'data_privacy',
  outage: 'service_outage',
  staff_abuse: 'staff',
  billing_error: 'billing_refund',
  fraud: 'account_security',
};

/**
 * `topics` plus the taxonomy topic of each triage reason with evidence that no cue found (see
 * REASON_TOPICS), with that evidence and the sentiment of its sentence. Topics the taxonomy does not
 * hold are not added.
 */
export const withReasonTopics = (
  topics: readonly TopicMention[],
  reasons: readonly UrgencyReason[],
  sentences: readonly SentenceSentiment[],
  taxonomy: Taxonomy,
): TopicMention[] => {
  const out = [...topics];
  for (const reason of reasons) {
    const topic = REASON_TOPICS[reason.code];
    if (!topic || !reason.evidence || out.some((t) => t.topic === topic)) continue;
    if (!taxonomy.topics.some((t) => t.id === topic)) continue;
    const evidence = [reason.evidence];
    out.push({ topic, sentiment: sentimentOf(sentences, evidence), evidence });
  }
  return out;
};
