// Per-word facts (stems, singulars, lexicon entries) are asked for once per token, and a Map probe
// on a fresh token string costs more than the rest of the work on that token. Comments reuse a
// small vocabulary, so a direct-mapped front (one array slot per hash of the word) answers most
// tokens without touching the Map; the Map behind it keeps every word seen, cleared whole when full.
const FRONT_SLOTS = 16_384;
const MAX_WORDS = 50_000;

/** FNV-1a over UTF-16 code units, folded into a slot of the front. */
const slotOf = (word: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 16)) & (FRONT_SLOTS - 1);
};

/** Memoizes a pure function of one word, bounded in memory; the result must not be `undefined`. */
export const cacheByWord = <T>(compute: (word: string) => T): ((word: string) => T) => {
  const keys: Array<string | undefined> = new Array(FRONT_SLOTS).fill(undefined);
  const values: T[] = new Array(FRONT_SLOTS);
  const all = new Map<string, T>();
  return (word) => {
    const slot = slotOf(word);
    if (keys[slot] === word) return values[slot] as T;
    let out = all.get(word);
    if (out === undefined) {
      out = compute(word);
      if (all.size >= MAX_WORDS) all.clear();
      all.set(word, out);
    }
    keys[slot] = word;
    values[slot] = out;
    return out;
  };
};
