import type { CueHit } from '../cues/engine.js';
import type { JaToken } from '../japanese/tokenizer.js';
import { stemWord } from '../text/inflect.js';
import { cacheByWord, wordEntry } from '../text/word-cache.js';
import { tokenizeWords } from '../text/words.js';
import type { SentimentResult, TopicMention, UrgencyResult } from '../types.js';
import { fnv1a, mixHash } from './hash.js';

/** Hashed feature space of the model: 2^18 buckets (collisions are rare at Koe's vocabulary sizes). */
export const FEATURE_BITS = 18;
const MASK = (1 << FEATURE_BITS) - 1;

/** The features of one comment: hashed bucket ids (each counts 1, no repeats), and which word each word feature came from. */
export interface Features {
  ids: number[];
  /** The first `textCount` ids come from the words; the rest from the rules' findings (concepts, reasons, lexicon). */
  textCount: number;
  /** Word (or morpheme) features as flat triples (id, start, end), for explaining a prediction by its heaviest words. */
  words: number[];
}

/** What the model reads: the text and everything the rules already found in it. */
export interface FeatureInput {
  text: string;
  language: string;
  jaTokens?: readonly JaToken[] | undefined;
  /** The triage engine's hits (rules and concepts) and each group's name (rule code or concept). */
  hits: readonly CueHit[];
  groupName: (group: number) => string | undefined;
  urgency: UrgencyResult;
  sentiment: SentimentResult;
  topics: readonly TopicMention[];
}

/**
 * Concepts that frame a comment for the combining rules (a note written to thank, something still open:
 * combine.ts), not evidence of a label: kept out of the features, where the model had let them soak up what
 * thanks weigh (「ありがとう」 alone then read negative, as in sarcasm) — and a frame added retrains nothing.
 * So are the parts of a composition that mean nothing alone: a protected trait and a refusal make
 * discrimination only with a member of staff, "reported it to" a threat only with a regulator (the rules'
 * combinations); as features the first two had moved 30 English items out of fold either way, far misses 0.9 → 1.1 %.
 */
const FRAME_CONCEPTS = new Set([
  'THANKS_NOTE',
  'RETRACTED',
  'PUT_RIGHT',
  'STILL_OPEN',
  'ASKS',
  'HYPOTHETICAL',
  'COVER_ASK',
  'HAPPENED_WHEN',
  'NOTHING_YET',
  'ASKS_GENUINE',
  'HURT_ELSEWHERE',
  'PROTECTED',
  'REFUSED',
  'CONSULT',
]);

const NEGATORS = new Set(['not', 'no', 'never', 'nothing', 'nobody', 'without', 'hardly', 'cannot']);
/**
 * Words that turn a comment ("…, but the room was cold"): three in four mixed comments of the corpus have
 * one, against one in sixteen positive ones (English; Japanese 94 % and 28 %). Their absence is a feature,
 * so that praise told in a clause a mixed comment often opens with (「部屋が広くて」) is not read mixed.
 */
const CONTRAST_EN = new Set([
  'but',
  'however',
  'though',
  'although',
  'except',
  'yet',
  'still',
  'otherwise',
  'shame',
  'pity',
  'wish',
  'unfortunately',
  'sadly',
  'whereas',
  'only',
]);
const CONTRAST_JA =
  /ですが|でしたが|ましたが|たが|だが|けど|けれど|しかし|ただ|でも|一方|残念|のに|惜しい|以外|ものの|とはいえ|が、/;
// The caches keep each hash as a signed 32-bit integer (`| 0`, the same bits): one above 2^31 was a boxed
// number, and reading it back cost a cache miss per word feature. Buckets (`& MASK`) and bigrams (mixHash
// reads its arguments as 32 bits) come out the same.
const wordHash = cacheByWord((w) => fnv1a(`w:${w}`) | 0);
const stemHash = cacheByWord((w) => fnv1a(`s:${stemWord(w)}`) | 0);
const negHash = cacheByWord((w) => fnv1a(`n:${w}`) | 0);
const jaHash = cacheByWord((w) => fnv1a(`j:${w}`) | 0);
const charHash = cacheByWord((w) => fnv1a(`c:${w}`) | 0);
const metaHash = cacheByWord((w) => fnv1a(w) | 0);
const TURNS = 1;
const NEGATES = 2;
/**
 * Whether an English word turns a comment (CONTRAST_EN) and whether it negates, as bits: one cache read
 * per token, where two set lookups and a suffix test cost more.
 */
const wordRoles = cacheByWord(
  (w) => (CONTRAST_EN.has(w) ? TURNS : 0) | (NEGATORS.has(w) || w.endsWith("n't") ? NEGATES : 0),
);

/**
 * The hash of `prefix + key`, remembered per key: no string is built per use. The keys (cue group names,
 * topic ids, levels, labels) are a small vocabulary fixed by the rules and the taxonomy.
 */
const prefixedHash = (known: Map<string, number>, prefix: string, key: string): number => {
  let h = known.get(key);
  if (h === undefined) {
    h = fnv1a(prefix + key);
    if (known.size < 10_000) known.set(key, h);
  }
  return h;
};
const GROUP_HASHES = new Map<string, number>();
const TOPIC_HASHES = new Map<string, number>();
const LEVEL_HASHES = new Map<string, number>();
const LABEL_HASHES = new Map<string, number>();
// Constant feature names, hashed once.
const EXCLAMATION = fnv1a('p:!');
const QUESTION = fnv1a('p:?');
const TURN = fnv1a('turn:yes');
const NO_TURN = fnv1a('turn:no');
const BIAS = fnv1a('bias');

// Repeats are dropped with a small open-addressing set of the comment's ids (cleared per comment,
// grown for long texts): a stamp per bucket of all 2^18 touched a random cache line per feature.
// The set and the adds below are module functions, not closures made per comment: making them cost
// more than their work.
let slots = new Int32Array(1024);

/** Inserts `id` into the set; false when it was there already. */
const insert = (id: number): boolean => {
  const mask = slots.length - 1;
  for (let at = (Math.imul(id, 0x9e3779b1) >>> 0) & mask; ; at = (at + 1) & mask) {
    const held = slots[at] ?? -1; // `at` is masked to the table: always a slot
    if (held === id) return false;
    if (held < 0) {
      slots[at] = id;
      return true;
    }
  }
};

/** Adds the bucket of hash `h` to `ids` unless there already. */
const add = (ids: number[], h: number): void => {
  const id = h & MASK;
  if (!insert(id)) return;
  ids.push(id);
  // At most half full, so probes stay short and always find a free slot.
  if (ids.length * 2 > slots.length) {
    slots = new Int32Array(slots.length * 2).fill(-1);
    for (const kept of ids) insert(kept);
  }
};

/** {@link add}, and records the word's span for explanations. */
const addWord = (ids: number[], words: number[], h: number, start: number, end: number): void => {
  add(ids, h);
  words.push(h & MASK, start, end);
};

const isCjk = (c: number): boolean => (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff);

/**
 * Hashed features of one comment (docs/analysis/model.md): English words, stems, bigrams and
 * negated words; Japanese dictionary forms, their bigrams and character bigrams; and the rules'
 * findings — cue groups and concepts, reasons with their level, the rules' level, lexicon
 * sentiment, taxonomy topics, length and punctuation. Deterministic; O(text).
 */
export const extractFeatures = (input: FeatureInput): Features => {
  if (slots.length > 1024) slots = new Int32Array(1024);
  slots.fill(-1);
  const ids: number[] = [];
  const words: number[] = [];
  const { text } = input;
  let contrast = input.language === 'ja' && CONTRAST_JA.test(text);

  if (input.language === 'ja' && input.jaTokens) {
    // A hash is any 32-bit integer, so whether there is a previous word is told apart.
    let previous = 0;
    let hasPrevious = false;
    for (const t of input.jaTokens) {
      if (t.pos === '記号') {
        hasPrevious = false;
        continue;
      }
      const h = jaHash(t.basic);
      addWord(ids, words, h, t.start, t.end);
      if (hasPrevious) add(ids, mixHash(previous, h));
      previous = h;
      hasPrevious = true;
    }
    for (let i = 0; i + 1 < text.length; i++) {
      if (isCjk(text.charCodeAt(i)) && isCjk(text.charCodeAt(i + 1))) add(ids, charHash(text.slice(i, i + 2)));
    }
  } else {
    const tokens = tokenizeWords(text);
    let previous = 0;
    let hasPrevious = false;
    let negated = 0;
    for (const t of tokens) {
      let w = t.lower;
      let entry = t.entry;
      if (w.endsWith("'s")) {
        w = w.slice(0, -2);
        entry = wordEntry(w);
      }
      const roles = wordRoles(w, entry);
      if (roles & TURNS) contrast = true;
      if (t.punctBefore) {
        hasPrevious = false;
        negated = 0;
      }
      const h = wordHash(w, entry);
      addWord(ids, words, h, t.start, t.end);
      add(ids, stemHash(w, entry));
      if (hasPrevious) add(ids, mixHash(previous, h));
      if (negated > 0) {
        add(ids, negHash(w, entry));
        negated--;
      }
      if (roles & NEGATES) negated = 3;
      previous = h;
      hasPrevious = true;
    }
  }

  const textCount = ids.length;
  for (const hit of input.hits) {
    const name = input.groupName(hit.group);
    if (name && !FRAME_CONCEPTS.has(name)) add(ids, prefixedHash(GROUP_HASHES, 'g:', name));
  }
  for (const reason of input.urgency.reasons) add(ids, metaHash(`r:${reason.code}:${reason.level}`));
  add(ids, prefixedHash(LEVEL_HASHES, 'lvl:', input.urgency.level));
  const score = Number.isFinite(input.sentiment.score) ? input.sentiment.score : 0;
  add(ids, metaHash(`lex:${Math.round(score * 5)}`));
  add(ids, prefixedHash(LABEL_HASHES, 'lexl:', input.sentiment.label));
  for (const topic of input.topics)
    if (!topic.topic.startsWith('emergent:')) add(ids, prefixedHash(TOPIC_HASHES, 't:', topic.topic));
  add(ids, metaHash(`len:${Math.min(6, Math.floor(Math.log2(1 + text.length)))}`));
  if (/[!！]/.test(text)) add(ids, EXCLAMATION);
  if (/[?？]/.test(text)) add(ids, QUESTION);
  add(ids, contrast ? TURN : NO_TURN);
  add(ids, BIAS);
  return { ids, textCount, words };
};
