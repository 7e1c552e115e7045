import { frontEntryAt, type WordEntry, wordEntry } from './word-cache.js';

/** One word of Latin-script text, located by UTF-16 offsets in the original text. */
export interface WordToken {
  start: number;
  end: number;
  /** Lower case, curly apostrophes straightened. */
  lower: string;
  /** The word cache's entry of `lower`, for the per-word caches every stage looks the token up in. */
  entry: WordEntry;
  /** True when punctuation, a mention, a URL or another script separates it from the previous word. */
  breakBefore: boolean;
  /** True when punctuation (not a skipped @mention or URL) separates it from the previous word: a clause edge. */
  punctBefore: boolean;
  /**
   * Part of a #hashtag (camelCase tags are split into their words). Always set (false for plain words):
   * every token then has one shape, so each stage's reads of tokens stay monomorphic.
   */
  hashtag: boolean;
}

const isLetter = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/**
 * Quotation marks around words are not a break: "kept calling my wife 'sweetheart'" and "the 'crispy' chicken"
 * are one phrase with what they quote (straight and curly, single and double).
 */
const isQuote = (c: number): boolean => c === 34 || c === 39 || (c >= 0x2018 && c <= 0x201d);
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000;

/**
 * Splits `text[from, to)` into words in one pass over char codes: letters and digits, with inner
 * apostrophes and hyphens (`don't`, `check-in`). @mentions, URLs and HTML entities are skipped and
 * count as breaks; `#tag` yields `tag`, `#CustomerServiceFail` its three words. Offsets index the original text.
 */
export const tokenizeWords = (text: string, from = 0, to = text.length): readonly WordToken[] => {
  // Key phrases and topics both tokenize the same comment in a row: reuse the last whole-text result.
  const whole = from === 0 && to === text.length;
  if (whole && lastText === text && lastTokens) return lastTokens;
  const out = scan(text, from, to);
  if (whole) {
    lastText = text;
    lastTokens = out;
  }
  return out;
};

let lastText: string | undefined;
let lastTokens: readonly WordToken[] | undefined;

const scan = (text: string, from: number, to: number): WordToken[] => {
  const out: WordToken[] = [];
  let brk = false;
  let punct = false;
  let i = Math.max(0, from);
  const end = Math.min(text.length, to);
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isLetter(c) || isDigit(c)) {
      const start = i;
      i++;
      while (i < end) {
        const d = text.charCodeAt(i);
        if (isLetter(d) || isDigit(d)) i++;
        else if ((d === 39 || d === 0x2019 || d === 45) && i + 1 < end && isLetter(text.charCodeAt(i + 1))) i += 2;
        else break;
      }
      if (c === 104 && text.startsWith('http', start) && text.startsWith('://', i)) {
        while (i < end && !isSpace(text.charCodeAt(i))) i++;
        brk = true;
        continue;
      }
      if (start > 0 && text.charCodeAt(start - 1) === 35) {
        pushHashtag(text, start, i, brk, punct, out);
      } else {
        let entry = frontEntryAt(text, start, i);
        if (entry === undefined) {
          let lower = text.slice(start, i).toLowerCase();
          if (lower.includes('\u2019')) lower = lower.replaceAll('\u2019', "'");
          entry = wordEntry(lower);
        }
        out.push({
          start,
          end: i,
          lower: entry[0],
          entry,
          breakBefore: brk,
          punctBefore: punct,
          hashtag: false,
        });
      }
      brk = false;
      punct = false;
      continue;
    }
    if (c === 64) {
      // @mention: the handle is not part of the sentence.
      while (i < end && !isSpace(text.charCodeAt(i))) i++;
      brk = true;
      continue;
    }
    if (c === 38) {
      // HTML entity such as &amp; or &#39;
      let j = i + 1;
      while (
        j < end &&
        j - i < 8 &&
        (isLetter(text.charCodeAt(j)) || isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 35)
      )
        j++;
      if (j < end && text.charCodeAt(j) === 59) i = j;
      brk = true;
      i++;
      continue;
    }
    // A currency sign before a number ("$15", "£40") is part of the amount, not a break in the phrase.
    const currency =
      (c === 36 || c === 0xa3 || c === 0x20ac || c === 0xa5) && i + 1 < end && isDigit(text.charCodeAt(i + 1));
    if (!isSpace(c) && c !== 35 && !currency && !isQuote(c)) {
      brk = true;
      punct = true;
    }
    i++;
  }
  return out;
};

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;

/** A hashtag's words: split where a lower-case letter is followed by a capital (#WorstServiceEver). */
const pushHashtag = (text: string, start: number, end: number, brk: boolean, punct: boolean, out: WordToken[]) => {
  let from = start;
  for (let j = start + 1; j <= end; j++) {
    if (j < end && !(isLower(text.charCodeAt(j - 1)) && isUpper(text.charCodeAt(j)))) continue;
    const lower = text.slice(from, j).toLowerCase().replaceAll('\u2019', "'");
    out.push({
      start: from,
      end: j,
      lower,
      entry: wordEntry(lower),
      breakBefore: from === start ? brk : false,
      punctBefore: from === start ? punct : false,
      hashtag: true,
    });
    from = j;
  }
};
