import type { JaToken } from '../japanese/tokenizer.js';
import { wordWeight } from '../key-phrases/english-words.js';
import { findKeyPhrases } from '../key-phrases.js';
import { stemWord } from '../text/inflect.js';
import type { SentenceSentiment, SentimentLabel, Span, TopicMention } from '../types.js';
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

/** At most this many emergent topics per comment. */
export const MAX_EMERGENT = 2;
const MAX_EVIDENCE = 10;
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
  const used = new Set<SentenceSentiment>();
  for (const span of evidence) {
    const s = sentenceOf(sentences, span);
    if (s) used.add(s);
  }
  if (used.size === 0) return { label: 'neutral', score: 0 };
  let sum = 0;
  let strongPositive = false;
  let strongNegative = false;
  const labels = new Set<SentimentLabel>();
  for (const s of used) {
    const score = Number.isFinite(s.score) ? Math.max(-1, Math.min(1, s.score)) : 0;
    sum += score;
    labels.add(s.label);
    if (score >= STRONG) strongPositive = true;
    if (score <= -STRONG) strongNegative = true;
  }
  const score = Math.round((sum / used.size) * 1000) / 1000;
  if (labels.has('mixed') || (strongPositive && strongNegative)) return { label: 'mixed', score };
  if (labels.size === 1) {
    const [only] = labels;
    if (only) return { label: only, score };
  }
  return { label: score >= NEUTRAL_BAND ? 'positive' : score <= -NEUTRAL_BAND ? 'negative' : 'neutral', score };
};

/** True when a key phrase is about something the taxonomy already names (a cue word or a matched span). */
const covered = (phrase: string, spans: readonly Span[], hits: CueHits, taxonomy: Taxonomy): boolean => {
  for (const evidence of hits.values()) if (spans.some((s) => evidence.some((e) => overlaps(s, e)))) return true;
  if (/[a-z]/.test(phrase) && phrase.split(' ').some((w) => taxonomy.coveredStems.has(stemWord(w)))) return true;
  // Only phrases with non-ASCII characters can hold a Japanese cue.
  if (!/[^ -~]/.test(phrase)) return false;
  return taxonomy.cues.find(phrase).length > 0;
};

/**
 * Worth naming as an emergent topic: several words, or one uncommon word of five letters or more
 * (a lone "umm" or "dfw" is noise). CJK phrases of two characters or more qualify.
 */
// The thing itself is not a pain point ("the hotel", "the flight").
const GENERIC_JA = new Set(['ホテル', '旅館', '宿', '施設', '会社', '商品', '製品', '店', 'お店']);

const specific = (phrase: string): boolean => {
  if (!/[a-z]/.test(phrase)) return phrase.length >= 2 && !GENERIC_JA.has(phrase);
  if (phrase.includes(' ')) return true;
  return phrase.length >= 5 && wordWeight(phrase) > 1;
};

/** Taxonomy topics of one comment, with the sentiment of the sentences that mention them and evidence. */
const taxonomyTopics = (hits: CueHits, sentences: readonly SentenceSentiment[], taxonomy: Taxonomy): TopicMention[] => {
  const mentions: TopicMention[] = [];
  for (const [index, spans] of [...hits].sort((a, b) => (a[1][0]?.start ?? 0) - (b[1][0]?.start ?? 0))) {
    const id = taxonomy.topics[index]?.id;
    if (!id) continue;
    const evidence = spans.slice(0, MAX_EVIDENCE);
    mentions.push({ topic: id, sentiment: sentimentOf(sentences, evidence), evidence });
  }
  return mentions;
};

/** Up to two `emergent:<phrase>` candidates: key phrases no taxonomy topic covers, from negative or mixed sentences. */
const emergentTopics = (
  text: string,
  language: string,
  sentences: readonly SentenceSentiment[],
  hits: CueHits,
  taxonomy: Taxonomy,
  jaTokens?: JaToken[],
): TopicMention[] => {
  const mentions: TopicMention[] = [];
  for (const { phrase, spans } of findKeyPhrases(text, language, jaTokens)) {
    if (mentions.length >= MAX_EMERGENT) break;
    if (!specific(phrase) || covered(phrase, spans, hits, taxonomy)) continue;
    const inComplaint = spans.filter((span) => {
      const label = sentenceOf(sentences, span)?.label;
      return label === 'negative' || label === 'mixed';
    });
    if (inComplaint.length === 0) continue;
    const evidence = inComplaint.slice(0, MAX_EVIDENCE);
    mentions.push({ topic: `emergent:${phrase}`, sentiment: sentimentOf(sentences, evidence), evidence });
  }
  return mentions;
};

/**
 * Pain-point topics of one comment: every taxonomy topic whose cues occur, with the sentiment of
 * the sentences that mention it and the evidence spans; then the emergent candidates.
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
    return [
      ...taxonomyTopics(hits, safeSentences, taxonomy),
      ...emergentTopics(text, language, safeSentences, hits, taxonomy, jaTokens),
    ];
  } catch {
    // A taxonomy or token surprise must not fail the analysis of a comment.
    return [];
  }
};
