// Per-word facts (stems, singulars, lexicon entries, cue ids, feature hashes) are asked for several
// times per token, by as many caches. Comments reuse a small vocabulary, so one direct-mapped front
// (one array slot per hash of the word) holds each recent word's entry, and every cache keeps its
// answer in that entry. A tokenizer finds each token's entry once, and the caches of the token read
// that entry, not the front each. A Map behind the front keeps every word seen, cleared whole when full.
// 65,536 slots (1 MB): at 16,384 the airline tweets' words collided in 7 % of the sentiment lexicon's
// lookups (the first of a comment's), each a Map lookup; at 65,536 in under 2 %.
const FRONT_SLOTS = 65_536;
const MAX_WORDS = 50_000;

/** The front slot of a word: FNV-1a over its UTF-16 code units, folded. */
const wordSlot = (word: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 16)) & (FRONT_SLOTS - 1);
};

/**
 * One word (at 0) and each cache's answer for it (at 1 + the cache's number). Tokenizers look it up once
 * per token ({@link wordEntry}) and hand it to every cache the token is looked up in, which then read it
 * directly. One array, not an object holding the word and an array of answers: the answers then sit in
 * the lines the tokenizer read the word from, where the object cost two more dependent reads (each a
 * likely cache miss) per cache and token.
 */
export interface WordEntry extends Array<unknown> {
  0: string;
}

// Key and entry side by side (key at 2·slot): a hit reads one cache line.
const front: unknown[] = new Array(2 * FRONT_SLOTS).fill(undefined);
const entries = new Map<string, WordEntry>();

/** The cache entry of `word` (an entry stays valid for its word after the map lets it go: answers are pure). */
export const wordEntry = (word: string): WordEntry => {
  const at = wordSlot(word) << 1;
  if (front[at] === word) return front[at + 1] as WordEntry;
  let entry = entries.get(word);
  if (entry === undefined) {
    // Sized for every cache made so far: growing it as caches answer moved the answers away from the word.
    entry = new Array<unknown>(1 + caches).fill(undefined) as WordEntry;
    entry[0] = word;
    if (entries.size >= MAX_WORDS) entries.clear();
    entries.set(word, entry);
  }
  // The entry's own string as the key: tokens that share it (frontEntryAt) then match by reference.
  front[at] = entry[0];
  front[at + 1] = entry;
  return entry;
};

/**
 * {@link wordEntry} of `text[start, end)` lower-cased, read in place, when the range is ASCII and its word
 * holds its front slot; else undefined (the caller slices and asks wordEntry). A token of a word seen before
 * then costs no string: it takes the entry's, which each cache's lookup finds by reference, not by its
 * characters (slicing and lower-casing every token, and comparing each copy with the front's, cost more
 * than the rest of the tokenizer).
 */
export const frontEntryAt = (text: string, start: number, end: number): WordEntry | undefined => {
  // The hash of wordSlot, of the lower-cased units.
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return undefined;
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);
  }
  const at = ((h ^ (h >>> 16)) & (FRONT_SLOTS - 1)) << 1;
  const held = front[at] as string | undefined;
  if (held === undefined || held.length !== end - start) return undefined;
  for (let i = 0; i < held.length; i++) {
    const c = text.charCodeAt(start + i);
    if (held.charCodeAt(i) !== (c >= 65 && c <= 90 ? c + 32 : c)) return undefined;
  }
  return front[at + 1] as WordEntry;
};

let caches = 0;

/**
 * Memoizes a pure function of one word, bounded in memory; the result must not be `undefined`.
 * `entry` is {@link wordEntry} of the word when the caller has it already (a token's `entry`).
 */
export const cacheByWord = <T>(compute: (word: string) => T): ((word: string, entry?: WordEntry) => T) => {
  const slot = 1 + caches++;
  return (word, entry = wordEntry(word)) => {
    let out = entry[slot] as T | undefined;
    if (out === undefined) {
      out = compute(word);
      entry[slot] = out;
    }
    return out;
  };
};
