import type { JaToken } from '../japanese/tokenizer.js';
import { stemWord } from '../text/inflect.js';
import { foldWidth } from '../text/normalize.js';
import { tokenizeWords } from '../text/words.js';
import type { Span } from '../types.js';
import { foldJapanese, type Taxonomy } from './taxonomy.js';

/** Where each taxonomy topic (by index) is mentioned; topics without a mention are absent. */
export type CueHits = Map<number, Span[]>;

// Evidence beyond this many spans per topic adds nothing a reader can use, and keeps long texts linear.
const MAX_SPANS = 50;

const add = (hits: CueHits, topic: number, span: Span): void => {
  const spans = hits.get(topic);
  if (!spans) hits.set(topic, [span]);
  else if (spans.length < MAX_SPANS && !spans.some((s) => s.start < span.end && span.start < s.end)) spans.push(span);
};

const hasLatin = (text: string): boolean => /[A-Za-z]/.test(text);
const hasJapanese = (text: string): boolean => /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/.test(text);

/** Matches English cues on consecutive Porter stems (never across punctuation). */
const matchEnglish = (text: string, taxonomy: Taxonomy, hits: CueHits): void => {
  const tokens = tokenizeWords(text);
  const stems = tokens.map((t) => stemWord(t.lower.endsWith("'s") ? t.lower.slice(0, -2) : t.lower));
  for (let i = 0; i < tokens.length; i++) {
    const cues = taxonomy.english.get(stems[i] ?? '');
    if (!cues) continue;
    for (const cue of cues) {
      const n = cue.stems.length;
      let ok = i + n <= tokens.length;
      for (let k = 1; ok && k < n; k++) ok = stems[i + k] === cue.stems[k] && !tokens[i + k]?.breakBefore;
      if (!ok) continue;
      add(hits, cue.topic, { start: tokens[i]?.start ?? 0, end: tokens[i + n - 1]?.end ?? 0 });
    }
  }
};

/** Matches Japanese cues as substrings of the text, and of its dictionary forms when tokens are given. */
const matchJapanese = (text: string, taxonomy: Taxonomy, hits: CueHits, jaTokens?: readonly JaToken[]): void => {
  const folded = foldJapanese(text);
  // Dictionary forms catch conjugations a substring misses (遅くて → 遅い); offsets map back per token.
  let basics = '';
  const owner: number[] = [];
  if (jaTokens && jaTokens.length > 0) {
    jaTokens.forEach((t, index) => {
      const b = foldJapanese(t.basic);
      basics += b;
      for (let k = 0; k < b.length; k++) owner.push(index);
    });
  }
  for (let at = 0; at < folded.length; at++) {
    const cues = taxonomy.japaneseByFirst.get(folded[at] ?? '');
    if (!cues) continue;
    for (const { topic, cue } of cues) {
      if (folded.startsWith(cue, at)) add(hits, topic, { start: at, end: at + cue.length });
    }
  }
  if (!jaTokens || basics.length === 0) return;
  for (let at = 0; at < basics.length; at++) {
    const cues = taxonomy.japaneseByFirst.get(basics[at] ?? '');
    if (!cues) continue;
    for (const { topic, cue } of cues) {
      if (!basics.startsWith(cue, at)) continue;
      const first = jaTokens[owner[at] ?? -1];
      const last = jaTokens[owner[at + cue.length - 1] ?? -1];
      if (first && last) add(hits, topic, { start: first.start, end: last.end });
    }
  }
};

/** Finds every taxonomy topic mentioned in `text`: English cues on stems, Japanese cues on substrings. */
export const matchCues = (text: string, taxonomy: Taxonomy, jaTokens?: readonly JaToken[]): CueHits => {
  const hits: CueHits = new Map();
  // Both matchers run on any language: mixed comments ("アプリがcrashした") are common. Full-width
  // Latin (ＷｉＦｉ) folds to ASCII unit for unit, so spans still index the original text.
  const folded = foldWidth(text, false);
  if (hasLatin(folded)) matchEnglish(folded, taxonomy, hits);
  if (hasJapanese(text)) matchJapanese(text, taxonomy, hits, jaTokens);
  for (const spans of hits.values()) spans.sort((a, b) => a.start - b.start);
  return hits;
};
