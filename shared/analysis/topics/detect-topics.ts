import type { JaToken } from '../japanese/tokenizer.js';
import { wordWeight } from '../key-phrases/english-words.js';
import { findKeyPhrases } from '../key-phrases.js';
import { stemWord } from '../text/inflect.js';
import type { SentenceSentiment, SentimentLabel, Span, TopicMention } from '../types.js';
import { type CueHits, matchCues } from './match-cues.js';
import { foldJapanese, type Taxonomy } from './taxonomy.js';

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
  const folded = foldJapanese(phrase);
  for (let at = 0; at < folded.length; at++) {
    for (const { cue } of taxonomy.japaneseByFirst.get(folded[at] ?? '') ?? [])
      if (folded.startsWith(cue, at)) return true;
  }
  return false;
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
    const hits = matchCues(text, taxonomy, jaTokens);
    const mentions: TopicMention[] = [];
    for (const [index, spans] of [...hits].sort((a, b) => (a[1][0]?.start ?? 0) - (b[1][0]?.start ?? 0))) {
      const id = taxonomy.topics[index]?.id;
      if (!id) continue;
      const evidence = spans.slice(0, MAX_EVIDENCE);
      mentions.push({ topic: id, sentiment: sentimentOf(safeSentences, evidence), evidence });
    }
    let emergent = 0;
    for (const { phrase, spans } of findKeyPhrases(text, language, jaTokens)) {
      if (emergent >= MAX_EMERGENT) break;
      if (!specific(phrase) || covered(phrase, spans, hits, taxonomy)) continue;
      const inComplaint = spans.filter((span) => {
        const label = sentenceOf(safeSentences, span)?.label;
        return label === 'negative' || label === 'mixed';
      });
      if (inComplaint.length === 0) continue;
      const evidence = inComplaint.slice(0, MAX_EVIDENCE);
      mentions.push({ topic: `emergent:${phrase}`, sentiment: sentimentOf(safeSentences, evidence), evidence });
      emergent++;
    }
    return mentions;
  } catch {
    // A taxonomy or token surprise must not fail the analysis of a comment.
    return [];
  }
};
