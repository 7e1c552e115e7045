import { singularize } from '../text/inflect.js';
import { cacheByWord } from '../text/word-cache.js';
import { tokenizeWords, type WordToken } from '../text/words.js';
import { EN_ING_NOUNS, EN_MODIFIER, EN_PAST_FORMS, EN_STOP, wordWeight } from './english-words.js';
import type { PhraseCollector } from './key-phrase.js';

const MAX_WORDS = 4;

enum Kind {
  Noun = 0,
  Modifier = 1,
  /** Ends a noun phrase. */
  Break = 2,
}

interface Chunk {
  token: WordToken;
  word: string;
  kind: Kind;
}

const hasDigit = (w: string): boolean => {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
};

/** What one word is to a noun phrase (memoized per word: a few set lookups per token add up). */
const classify = cacheByWord((word: string): Kind => {
  if (word.length < 2 || EN_STOP.has(word) || hasDigit(word)) return Kind.Break;
  if (word.length > 4 && word.endsWith('ly')) return Kind.Break;
  if (EN_MODIFIER.has(word) || EN_PAST_FORMS.has(word)) return Kind.Modifier;
  if (word.endsWith('ing')) return EN_ING_NOUNS.has(word) ? Kind.Noun : Kind.Modifier;
  if (word.length > 4 && word.endsWith('ed')) return Kind.Modifier;
  return Kind.Noun;
});

/**
 * Adds the phrase of a run of words (trailing modifiers dropped, the last MAX_WORDS kept) and empties the
 * run. A module function, not a closure made per comment: making that cost more than its work.
 */
const flush = (run: Chunk[], collector: PhraseCollector): void => {
  // Most calls find the run empty: setting an array's length goes through the runtime even then.
  if (run.length === 0) return;
  while (run.length > 0 && run[run.length - 1]?.kind === Kind.Modifier) run.pop();
  if (run.length > MAX_WORDS) run.splice(0, run.length - MAX_WORDS);
  const first = run[0];
  const last = run[run.length - 1];
  if (first && last) {
    const words = run.map((c) => c.word);
    words[words.length - 1] = singularize(last.word);
    const weight = words.reduce((sum, w) => sum + wordWeight(w), 0) * (1 + 0.3 * (words.length - 1));
    collector.add(words.join(' '), { start: first.token.start, end: last.token.end }, weight);
  }
  run.length = 0;
};

/**
 * Light noun-phrase chunker: runs of words between stop words, verbs and punctuation, ending in a
 * noun, at most four words, head singularized ("lost bags" → "lost bag").
 */
export const collectEnglishPhrases = (text: string, collector: PhraseCollector): void => {
  const run: Chunk[] = [];
  for (const token of tokenizeWords(text)) {
    if (token.breakBefore) flush(run, collector);
    let word = token.lower;
    const possessive = word.endsWith("'s");
    if (possessive) word = word.slice(0, -2);
    const kind = classify(word, possessive ? undefined : token.entry);
    if (kind === Kind.Break) {
      flush(run, collector);
      continue;
    }
    // An owner is a noun whatever its shape ("United's").
    run.push({ token, word, kind: possessive ? Kind.Noun : kind });
    // "United's customer service": the owner and the thing owned are separate phrases.
    if (possessive) flush(run, collector);
  }
  flush(run, collector);
};
