import { wordWeight } from '../analysis/key-phrases/english-words.js';
import { saysOnlyHow } from '../analysis/sentiment/opinion-words.js';
import { singularize } from '../analysis/text/inflect.js';
import { foldWidth } from '../analysis/text/normalize.js';
import { PII_TYPES, type Span } from '../analysis/types.js';
import { withoutPlaces } from './place-names.js';

/**
 * Theme candidates: which key phrases may name a discovered theme, and their normal form.
 * A candidate is an English noun phrase or a Japanese noun compound (the key-phrase chunkers make
 * them); this file throws out what is never a theme (handles, links, RT, airport and airline codes,
 * place names, numbers, redaction placeholders, chat words, single letters) and normalises the rest (width, case,
 * lemma of every word), so "Lost Bags" and "lost bag" are one candidate.
 */

/**
 * Chat shorthand, salutations and call-note shorthand that say nothing in a theme; stripped at either end of a
 * phrase ("rt fleet" → "fleet", "dear ms" → nothing, "cust rang re claim" → "claim").
 */
const EN_NOISE = new Set(
  `rt mt amp via dm dms pm pls plz thx ty tbh smh imo idk lmao lol omg wtf fyi btw tho ur u r n w im
  hashtag tweet tweets retweet follow follower followers twitter y'all yall
  dear sir madam ms mrs mr hi hello hey regards cheers cust adv re rang`.split(/\s+/),
);

/**
 * Lone words that name no thing a customer could have a problem with: abstract placeholders ("chance",
 * "matter", "mention" ranked among an airline week's themes), pronouns, number words and ordinals; the people
 * a customer writes about ("my daughter is stranded", "my 74 y/o grandma" had shown as the discovered themes
 * "daughter" and "grandma" in an airline queue), and words that only say how much ("absolute terrible service").
 */
const EN_VAGUE = new Set(
  `chance matter mention cause reason thing stuff anything something everything nothing anyone someone
  everyone anybody somebody everybody anymore aside further ready continue start middle sense round piece
  bunch couple number amount point instance example situation whatever whoever himself herself themselves
  myself yourself ourselves itself three seven eight eleven twelve twenty thirty forty fifty hundred thousand
  first second third fourth fifth sixth seventh eighth ninth tenth
  daughter grandma grandmother grandpa grandfather granny mother father husband children child family friend
  people person parent sister brother grandson granddaughter toddler infant girlfriend boyfriend partner
  colleague woman lady gentleman fiance fiancee nephew niece cousin
  absolute total complete utter entire whole literal actual`.split(/\s+/),
);

/**
 * Japanese compounds that are the thing itself, not a pain point ("the hotel", "the flight"), or the people a
 * customer writes about (「娘」 is one character and never a candidate; 「息子」「家族」 are two).
 */
const JA_GENERIC = new Set([
  '息子',
  '子ども',
  '子供',
  '家族',
  '主人',
  '母親',
  '父親',
  '祖母',
  '祖父',
  '友人',
  '友達',
  '両親',
  '高齢',
  'ホテル',
  '旅館',
  '宿',
  '施設',
  '会社',
  '商品',
  '製品',
  '店',
  'お店',
  '飛行機',
  '便',
  '空港',
]);

/** IATA airline designators that read as words once lower-cased; airports are caught by shape (below). */
const AIRLINE_CODES = new Set(['aa', 'ua', 'dl', 'wn', 'as', 'b6', 'vx', 'us', 'nk', 'f9', 'ac', 'ba', 'lh', 'af']);

const PLACEHOLDERS = new Set(PII_TYPES.map((t) => t.toLowerCase()));

/** Longest theme key kept: a name, not a sentence; also bounds every stored row (docs/data-model.md). */
export const MAX_THEME_CHARS = 40;

/** Endings of adjectives, adverbs and verbs; a lone word ending so is not a theme's name. */
const NOT_NOUN = /(able|ible|ive|ous|ful|less|ly|ed|ate|ize|ise)$/;

const hasDigit = /\d/;
const NON_ASCII = /[\u0080-\uffff]/;
const hasLatin = /[a-z]/;
const hasCjk = /[\u3040-\u30ff\u3400-\u9fff]/;

/**
 * The surface form of each word of an English phrase, read back from the text at `span`: codes are
 * told from words by their shape there ("DFW", "LHR" in capitals), placeholders by their brackets.
 */
const surfaceWords = (text: string, span: Span): Array<{ word: string; before: string; after: string }> => {
  const out: Array<{ word: string; before: string; after: string }> = [];
  const slice = text.slice(span.start, span.end);
  // The words of /[\p{L}\p{N}][\p{L}\p{N}'’-]*/u, read by code point: a matchAll per phrase cost a
  // microsecond, more than the rest of the candidate's rules.
  for (let i = 0; i < slice.length; ) {
    const first = slice.codePointAt(i) as number;
    if (!isWordChar(first)) {
      i += first > 0xffff ? 2 : 1;
      continue;
    }
    let end = i + (first > 0xffff ? 2 : 1);
    while (end < slice.length) {
      const c = slice.codePointAt(end) as number;
      if (!(isWordChar(c) || c === 39 || c === 0x2019 || c === 45)) break;
      end += c > 0xffff ? 2 : 1;
    }
    const at = span.start + i;
    const word = slice.slice(i, end);
    out.push({ word, before: text[at - 1] ?? ' ', after: text[at + word.length] ?? ' ' });
    i = end;
  }
  return out;
};

const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

/** True for a code point of \p{L} or \p{N}; ASCII without a regular expression. */
const isWordChar = (c: number): boolean =>
  c < 128
    ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)
    : LETTER_OR_NUMBER.test(String.fromCodePoint(c));

/** True when a word as written is a code, a placeholder or a handle rather than a word. */
const codeLike = (surface: { word: string; before: string; after: string }): boolean => {
  const { word, before, after } = surface;
  const lower = word.toLowerCase();
  if (before === '@' || before === '#') return true;
  if (before === '[' && after === ']' && PLACEHOLDERS.has(lower.replace(/-/g, '_'))) return true;
  // Airport (LHR, IAH) and airline (AA, UA) codes: two or three capitals, or a known designator; a
  // route joins them (LHR-IAH, ORD-LHR).
  if (/^[A-Z0-9]{2,3}(-[A-Z0-9]{2,3})*$/.test(word)) return true;
  return AIRLINE_CODES.has(lower);
};

/** The accounts a comment addresses (`@united`, `@AmericanAir`), lower case: who the comment is to. */
const handlesOf = (text: string): string[] => {
  // Every key phrase of a comment asks in turn: the last comment's answer is kept.
  if (text !== handlesText) {
    handlesText = text;
    handles = text.includes('@')
      ? [...text.matchAll(/(?<![\w@])@(\w{2,30})/g)].map((m) => (m[1] ?? '').toLowerCase())
      : [];
  }
  return handles;
};
let handlesText: string | undefined;
let handles: string[] = [];

/**
 * Which of `words` spell out an addressed account's name: "united" (@united), "american airlines" and
 * "american" (@AmericanAir), "jet blue" (@JetBlue), "airways" (@USAirways). The brand a comment is written to is its subject,
 * said in most of its comments, not a pain point ("united" and "jetblue" ranked as themes).
 */
const handleWords = (words: readonly string[], handles: readonly string[]): Set<number> => {
  const marked = new Set<number>();
  for (const handle of handles) {
    for (let i = 0; i < words.length; i++) {
      let rest = handle;
      let j = i;
      // Consume the handle word by word; the last word may run past it ("airlines" for the handle's "air").
      while (j < words.length && rest !== '') {
        const w = (words[j] ?? '').replace(/['’-]/g, '');
        if (rest.startsWith(w)) rest = rest.slice(w.length);
        else if (w.startsWith(rest) && j > i) rest = '';
        else break;
        j++;
      }
      const said = handle.length - rest.length;
      // A whole handle, or a name at its start long enough to be one ("southwest" of @SouthwestAir).
      if (j > i && (rest === '' || said >= 5)) for (let k = i; k < j; k++) marked.add(k);
      // …or at its end ("airways" of @USAirways, where "us" is a stopword the phrase never had).
      let tail = '';
      for (let k = i; k < words.length && tail.length < handle.length; k++) {
        tail += (words[k] ?? '').replace(/['’-]/g, '');
        // Phrases come lemmatised: "airway" is the handle's "airways".
        if (tail.length >= 5 && (handle.endsWith(tail) || handle.endsWith(`${tail}s`)))
          for (let m = i; m <= k; m++) marked.add(m);
      }
    }
  }
  return marked;
};

/** One cleaned candidate: its normal form (the theme key) and the words it was made of. */
export interface ThemeCandidate {
  /** Normal form: width-folded, lower case, every English word singular; words joined by one space. */
  key: string;
}

/**
 * The theme candidate a key phrase makes, or undefined when it is noise. `phrase` is the
 * chunker's normalised phrase, `span` where it stands in `text` (to read codes and placeholders).
 */
export const themeCandidate = (phrase: string, span: Span | undefined, text: string): ThemeCandidate | undefined => {
  // NFKC leaves ASCII as it is: most phrases skip the normalisation (and foldWidth its scan).
  const folded = (NON_ASCII.test(phrase) ? foldWidth(phrase.normalize('NFKC'), false) : phrase).toLowerCase().trim();
  if (folded === '' || folded.length > MAX_THEME_CHARS || hasDigit.test(folded)) return undefined;
  if (!hasLatin.test(folded)) {
    // Japanese noun compound: two characters or more, not the thing itself, not a placeholder.
    if (!hasCjk.test(folded) || folded.length < 2 || JA_GENERIC.has(folded)) return undefined;
    return { key: folded };
  }
  if (/https?|www\.|\.com\b/.test(folded)) return undefined;
  // A one-word phrase ends as that word, singular, or as nothing: when the word fails the lone word's rules
  // (below), every path ends in undefined, so the rules are asked first. Most phrases of a comment are one
  // common word ("flight", "bag"), and reading their surface, places and handles cost more than the rules.
  if (!/\s/.test(folded) && !loneWordNames(singularize(folded))) return undefined;
  const codes = new Set(
    span
      ? surfaceWords(text, span)
          .filter(codeLike)
          .map((s) => s.word.toLowerCase())
      : [],
  );
  // Place names go before singularising ("dallas" is not a plural): "stuck in denver" → "stuck".
  const plain = withoutPlaces(folded.split(/\s+/));
  const brand = handleWords(plain, handlesOf(text));
  const words = plain
    .filter((w, i) => w.length > 1 && !brand.has(i) && !codes.has(w) && !AIRLINE_CODES.has(w) && !PLACEHOLDERS.has(w))
    .map((w) => singularize(w));
  // Chat words at either end say nothing ("rt fleet" → "fleet"); frequent lone nouns fail the rule below.
  while (words.length > 0 && EN_NOISE.has(words[0] ?? '')) words.shift();
  while (words.length > 0 && EN_NOISE.has(words[words.length - 1] ?? '')) words.pop();
  // A time said, not a thing: "week ago", "two days ago".
  if (words.length === 0 || words[words.length - 1] === 'ago') return undefined;
  if (words.length === 1 && !loneWordNames(words[0] ?? '')) return undefined;
  return { key: words.join(' ') };
};

/**
 * True when a word may stand alone as a theme: uncommon, long enough to mean something ("dfw", "umm" are
 * not), shaped like a noun (the chunker lets through adjectives and verbs it does not list: "acceptable"),
 * and naming a thing, not how the writer feels about it ("insane", "nightmare", "disaster").
 */
const loneWordNames = (only: string): boolean =>
  !(only.length < 5 || wordWeight(only) <= 1 || NOT_NOUN.test(only) || EN_VAGUE.has(only)) &&
  !saysOnlyHow(only, { start: 0, end: only.length }, 'en');

/** True when a stored theme key breaks the candidate rules (the evaluation counts these as noise). */
export const isNoiseKey = (key: string): boolean => themeCandidate(key, undefined, key)?.key !== key;
