// Per-word facts (stems, singulars, lexicon entries) are asked for once per token, and a Map probe
// on a fresh token string costs more than the rest of the work on that token. Comments reuse a
// small vocabulary, so a direct-mapped front (one array slot per hash of the word) answers most
// tokens without touching the Map; the Map behind it keeps every word seen, cleared whole when full.
const FRONT_SLOTS = 16_384;
const MAX_WORDS = 50_000;

/**
 * The front slot of a word: FNV-1a over its UTF-16 code units, folded. Tokenizers work it out once
 * per token and hand it to every cache the token is looked up in.
 */
export const wordSlot = (word: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 16)) & (FRONT_SLOTS - 1);
};

/**
 * Memoizes a pure function of one word, bounded in memory; the result must not be `undefined`.
 * `slot` is {@link wordSlot} of the word when the caller has it already (a token's `slot`).
 */
export const cacheByWord = <T>(compute: (word: string) => T): ((word: string, slot?: number) => T) => {
  // Key and value side by side (key at 2·slot): a hit reads one cache line, not one in each of two arrays.
  const front: unknown[] = new Array(2 * FRONT_SLOTS).fill(undefined);
  const all = new Map<string, T>();
  return (word, slot = wordSlot(word)) => {
    const at = slot << 1;
    if (front[at] === word) return front[at + 1] as T;
    let out = all.get(word);
    if (out === undefined) {
      out = compute(word);
      if (all.size >= MAX_WORDS) all.clear();
      all.set(word, out);
    }
    front[at] = word;
    front[at + 1] = out;
    return out;
  };
};
