import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { cacheByWord } from '../../text/word-cache.js';
import { DOMAIN_LEXICON } from './domain-lexicon.js';
import { VADER_LEXICON } from './vader-lexicon.js';
import {
  BOOSTERS,
  CONCESSIVES,
  CONTRASTS,
  DIMINISHER_PHRASES,
  EXPECTATIONS,
  FILLERS,
  INFO_QUESTION_OPENERS,
  IRREALIS,
  NEGATORS,
  RESOLVERS,
  SARCASM_PRONE,
  THANKS,
} from './word-classes.js';

/** Bit flags of a word's roles, so the scorer needs a single map lookup per token. */
export const Role = {
  Negator: 1,
  Booster: 2,
  Contrast: 4,
  Concessive: 8,
  Expectation: 16,
  /** Praise that may be courtesy or sarcasm: thanks words and sarcasm-prone praise. */
  Gratitude: 32,
  Irrealis: 64,
  InfoOpener: 128,
  Filler: 256,
  Resolver: 512,
  /** Thanks words (a subset of Gratitude). */
  Thanks: 1024,
} as const;

/** A multi-word entry starting at some word: the remaining words (alternatives per slot) and its effect. */
export interface PhraseEntry {
  rest: ReadonlyArray<ReadonlySet<string>>;
  valence: number;
  /** When set, the phrase is a booster/diminisher with this factor rather than a valence. */
  boost?: number;
}

/** Everything the scorer needs to know about one lower-case word. */
export interface WordInfo {
  /** Valence on the −4 … 4 scale; 0 for function words. */
  valence: number;
  /** Bit set of {@link Role}. */
  roles: number;
  /** Booster factor when `roles & Role.Booster`. */
  boost: number;
  /** Phrases starting with this word, longest first. */
  phrases?: PhraseEntry[];
}

const words = new Map<string, WordInfo>();

const entry = (word: string): WordInfo => {
  let info = words.get(word);
  if (!info) {
    info = { valence: 0, roles: 0, boost: 1 };
    words.set(word, info);
  }
  return info;
};

const addPhrase = (text: string, valence: number, boost?: number): void => {
  const slots = text.split(' ').map((slot) => slot.split('/'));
  const [first, ...rest] = slots;
  if (!first) return;
  const phrase: PhraseEntry = { rest: rest.map((alts) => new Set(alts)), valence };
  if (boost !== undefined) phrase.boost = boost;
  for (const word of first) {
    const info = entry(word);
    info.phrases = [...(info.phrases ?? []), phrase].sort((a, b) => b.rest.length - a.rest.length);
  }
};

// Both lexicons share one text format; the domain entries come second so they override VADER's.
const load = (source: string): void => {
  for (const line of source.split('\n')) {
    if (line.startsWith('#')) continue;
    for (const item of line.split('|')) {
      const parts = item.trim().split(/\s+/);
      if (parts.length < 2) continue;
      const valence = Number(parts.pop());
      if (Number.isNaN(valence)) continue;
      if (parts.length === 1) entry(parts[0] as string).valence = valence;
      else addPhrase(parts.join(' '), valence);
    }
  }
};
load(VADER_LEXICON);
load(DOMAIN_LEXICON);

for (const word of NEGATORS) entry(word).roles |= Role.Negator;
for (const word of EXPECTATIONS) entry(word).roles |= Role.Expectation;
for (const word of CONTRASTS) entry(word).roles |= Role.Contrast;
for (const word of CONCESSIVES) entry(word).roles |= Role.Concessive;
for (const word of THANKS) entry(word).roles |= Role.Gratitude | Role.Thanks;
for (const word of SARCASM_PRONE) entry(word).roles |= Role.Gratitude;
for (const word of IRREALIS) entry(word).roles |= Role.Irrealis;
for (const word of FILLERS) entry(word).roles |= Role.Filler;
for (const word of RESOLVERS) entry(word).roles |= Role.Resolver;
for (const word of INFO_QUESTION_OPENERS) entry(word).roles |= Role.InfoOpener;
// Contractions that entered the map only as the start of a phrase ("can't wait") still negate.
for (const [word, info] of words) if (word.endsWith("n't")) info.roles |= Role.Negator;
for (const [word, factor] of BOOSTERS) {
  const info = entry(word);
  info.roles |= Role.Booster;
  info.boost = factor;
}
for (const [phrase, factor] of DIMINISHER_PHRASES) addPhrase(phrase, 0, factor);

// Inflections the lexicons do not list ("refunding", "rudeness") fall back to the Porter stem of a
// listed word, but only where every listed word with that stem agrees in sign, so stems that merge
// unrelated words ("generous"/"generate") stay silent.
// Stemming ~7,500 words takes a few hundred milliseconds on a cold start, which importers that never
// score English should not pay, nor a run whose first comments need a few stems: the index is built one
// initial at a time, on the first stem that starts with it. Porter rewrites a word's ending only (and
// lower-cases it), so every listed word with a stem lies among the listed words of the stem's initial
// (test/unit/analysis/sentiment-english.test.ts compares it with the index of the whole lexicon).
const byStem = new Map<string, number>();
let byInitial: Map<string, string[]> | undefined;

/** The fallback valence of a Porter stem (undefined: no listed word, or listed words that disagree). */
export const stemValence = (stem: string): number | undefined => {
  if (!byInitial) {
    byInitial = new Map();
    for (const [word, info] of words) {
      if (info.valence === 0 || word.includes(' ')) continue;
      const initial = word.charAt(0).toLowerCase();
      const list = byInitial.get(initial);
      if (list) list.push(word);
      else byInitial.set(initial, [word]);
    }
  }
  const initial = stem.charAt(0).toLowerCase();
  const listed = byInitial.get(initial);
  if (listed) {
    byInitial.delete(initial);
    const conflicted = new Set<string>();
    for (const word of listed) {
      const valence = (words.get(word) as WordInfo).valence;
      const own = PorterStemmer.stem(word);
      const seen = byStem.get(own);
      if (seen === undefined) byStem.set(own, valence);
      else if (Math.sign(seen) !== Math.sign(valence)) conflicted.add(own);
      else if (Math.abs(valence) < Math.abs(seen)) byStem.set(own, valence);
    }
    for (const own of conflicted) byStem.delete(own);
  }
  return byStem.get(stem);
};

const EMPTY: WordInfo = { valence: 0, roles: 0, boost: 1 };

/** Squeezes letters repeated three times or more ("soooo" → "soo"); returns the word unchanged if none. */
const squeeze = (word: string): string => {
  let out = '';
  let run = 0;
  let changed = false;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i] as string;
    run = i > 0 && word[i - 1] === ch ? run + 1 : 1;
    if (run <= 2) out += ch;
    else changed = true;
  }
  return changed ? out : word;
};

// Longer "words" are URLs, hashes or junk; stemming them costs time (Porter's regexes) and finds nothing.
const MAX_FALLBACK_LENGTH = 32;

const resolveUnknown = (word: string): WordInfo => {
  if (word.length > MAX_FALLBACK_LENGTH) return EMPTY;
  if (word.endsWith("n't")) return { valence: 0, roles: Role.Negator, boost: 1 };
  const squeezed = squeeze(word);
  if (squeezed !== word) {
    const known = words.get(squeezed) ?? words.get(squeeze(squeezed.replace(/(.)\1/g, '$1')));
    if (known) return { ...known, valence: known.valence * 1.2 };
  }
  if (word.length < 4) return EMPTY;
  const valence = stemValence(PorterStemmer.stem(word));
  return valence === undefined ? EMPTY : { valence: valence * 0.9, roles: 0, boost: 1 };
};

/**
 * Looks up a lower-case word: lexicon first, then fallbacks (n't negators, elongations like "sooo
 * goood", Porter stems), memoized per word. Never allocates for listed words.
 */
export const lookupWord = cacheByWord((word: string): WordInfo => words.get(word) ?? resolveUnknown(word));

// "#noanswer", "#neveragain", "#epicfail", "#worstflightever": run-together words. A tag that is not
// a word itself takes the valence of a known opening or closing word (four letters or more, clearly
// valenced), and a tag opening with no/never/not complains about a lack.
const resolveHashtag = (tag: string): number => {
  for (const lead of ['no', 'never', 'not']) {
    if (tag.startsWith(lead) && tag.length - lead.length >= 3) {
      const rest = words.get(tag.slice(lead.length));
      if (rest) return rest.valence > 0 ? -0.75 * rest.valence : rest.valence < 0 ? -0.4 * rest.valence : -1.2;
    }
  }
  for (let cut = 4; cut <= tag.length - 3; cut++) {
    const head = words.get(tag.slice(0, cut));
    if (head && Math.abs(head.valence) >= 1) return head.valence;
  }
  for (let cut = tag.length - 4; cut >= 3; cut--) {
    const tail = words.get(tag.slice(cut));
    if (tail && Math.abs(tail.valence) >= 1) return tail.valence;
  }
  return 0;
};

const hashtagValence = cacheByWord(resolveHashtag);

/** Valence of a hashtag's run-together words (memoized); 0 when nothing is recognized. */
export const lookupHashtag = (tag: string): number => (tag.length > MAX_FALLBACK_LENGTH ? 0 : hashtagValence(tag));

/** Number of single words and phrases in the combined lexicon (for the docs and the eval banner). */
export const lexiconSize = (): { words: number; phrases: number } => {
  let phrases = 0;
  let valenced = 0;
  for (const info of words.values()) {
    if (info.valence !== 0) valenced++;
    phrases += info.phrases?.length ?? 0;
  }
  return { words: valenced, phrases };
};
