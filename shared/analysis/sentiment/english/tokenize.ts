import { frontEntryAt, type WordEntry, wordEntry } from '../../text/word-cache.js';
import { EMOJI_VALENCE, EMOTICON_MAX_LENGTH, EMOTICON_VALENCE } from './emoji.js';

/** What a token is; only words, emoticons, emoji, numbers and clause punctuation matter to sentiment. */
export const TokenKind = {
  Word: 0,
  Number: 1,
  /** An emoticon or emoji; its valence is in `value`. */
  Icon: 2,
  /** `!` run; `value` is its length. */
  Bang: 3,
  /** `?` run (may include `!`); `value` counts the `?`. */
  Question: 4,
  /** Clause break (, ; : . … – — and a spaced hyphen): ends negation scope. */
  Break: 5,
} as const;
/** One of {@link TokenKind}. */
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

/** One token of an English sentence, located by UTF-16 offsets in the original text. */
export interface EnToken {
  kind: TokenKind;
  start: number;
  end: number;
  /** Lower-case form with curly apostrophes straightened (words); empty otherwise. */
  lower: string;
  /** The word cache's entry of `lower` (words; undefined for other tokens), for the lexicon's lookup. */
  entry: WordEntry | undefined;
  /** Written in capitals (two letters or more), e.g. `NEVER`. */
  caps: boolean;
  /** A word written as a #hashtag (often several words run together: #lostluggage). */
  tag: boolean;
  /** Valence of an icon; numeric value of a number; run length of `!`/`?`. */
  value: number;
}

/** A token that is not a word or a number (an icon, a run of ! or ?, a clause break), in the same shape as a word's. */
const markToken = (kind: TokenKind, start: number, end: number, value: number): EnToken => ({
  kind,
  start,
  end,
  lower: '',
  entry: undefined,
  caps: false,
  tag: false,
  value,
});

const isLetter = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7);
const isLower = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff && c !== 0xf7);
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000;
const isApostrophe = (c: number): boolean => c === 39 || c === 0x2019;

// Emoji blocks (pictographs, emoticons, transport, supplemental symbols) and the older dingbat/misc-symbol blocks.
const isEmojiCodePoint = (cp: number): boolean =>
  (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x2600 && cp <= 0x27bf) || (cp >= 0x1f000 && cp <= 0x1f2ff);

/**
 * Splits `text[from, to)` into sentiment tokens in one pass over char codes (no regex per word:
 * this runs on every comment). @mentions and URLs are dropped; `#tag` becomes the word `tag`.
 */
export const tokenizeEnglish = (text: string, from = 0, to = text.length): EnToken[] => {
  const tokens: EnToken[] = [];
  let i = from;
  let hashtag = false;
  while (i < to) {
    const c = text.charCodeAt(i);
    const afterHash = hashtag;
    hashtag = false;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (isLetter(c)) {
      // URLs carry no sentiment and their letters would be read as words.
      if ((c === 104 || c === 119) && (text.startsWith('http', i) || text.startsWith('www.', i))) {
        const start = i;
        while (i < to && !isSpace(text.charCodeAt(i))) i++;
        if (text.startsWith('://', start + 4) || text.startsWith('s://', start + 4) || text.startsWith('www.', start)) {
          continue;
        }
        i = start;
      }
      const start = i;
      const isTag = afterHash;
      let upper = 0;
      let lowerCount = 0;
      let apostrophe = false;
      while (i < to) {
        const d = text.charCodeAt(i);
        if (isLetter(d)) {
          if (isUpper(d)) upper++;
          else if (isLower(d)) lowerCount++;
          i++;
        } else if (isDigit(d)) {
          i++;
        } else if (isApostrophe(d) && i + 1 < to && isLetter(text.charCodeAt(i + 1))) {
          apostrophe = true;
          i++;
        } else break;
      }
      // A word seen before shares the word cache's string and entry: no copy, and the lexicon reads the entry
      // the token carries, not the cache's front again.
      let entry = frontEntryAt(text, start, i);
      if (entry === undefined) {
        let lower = text.slice(start, i).toLowerCase();
        if (apostrophe && lower.includes('\u2019')) lower = lower.replaceAll('\u2019', "'");
        entry = wordEntry(lower);
      }
      tokens.push({
        kind: TokenKind.Word,
        start,
        end: i,
        lower: entry[0],
        entry,
        caps: upper >= 2 && lowerCount === 0,
        tag: isTag,
        value: 0,
      });
      continue;
    }
    if (isDigit(c)) {
      const start = i;
      let value = 0;
      while (i < to && isDigit(text.charCodeAt(i))) {
        value = value * 10 + (text.charCodeAt(i) - 48);
        i++;
      }
      // "2hrs", "45min": the unit glued to the number is a word of its own.
      tokens.push({
        kind: TokenKind.Number,
        start,
        end: i,
        lower: text.slice(start, i),
        entry: undefined,
        caps: false,
        tag: false,
        value,
      });
      continue;
    }
    if (c === 60) {
      // HTML: tags are skipped, and so is the content of <script> and <style>.
      const next = text.charCodeAt(i + 1);
      if (i + 1 < to && (isLetter(next) || next === 47 || next === 33)) {
        const close = text.indexOf('>', i + 1);
        if (close !== -1 && close < to) {
          const lowerTag = text.slice(i + 1, Math.min(i + 7, close)).toLowerCase();
          const skipTo = lowerTag.startsWith('script') ? '</script' : lowerTag.startsWith('style') ? '</style' : '';
          i = close + 1;
          if (skipTo) {
            const end = text.toLowerCase().indexOf(skipTo, i);
            i = end === -1 || end >= to ? to : end;
          }
          continue;
        }
      }
    }
    if (c === 38) {
      // HTML entities: "&lt;3" is a heart (tweets arrive escaped); the rest carry no sentiment.
      if (text.startsWith('&lt;3', i)) {
        tokens.push(markToken(TokenKind.Icon, i, i + 5, 1.9));
        i += 5;
        continue;
      }
      let j = i + 1;
      while (
        j < to &&
        j - i <= 10 &&
        (isLetter(text.charCodeAt(j)) || isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 35)
      )
        j++;
      if (j < to && j > i + 1 && text.charCodeAt(j) === 59) {
        i = j + 1;
        continue;
      }
    }
    if (c === 64 || c === 35) {
      // @mention: skipped. #hashtag: its word counts.
      const next = text.charCodeAt(i + 1);
      if (i + 1 < to && (isLetter(next) || isDigit(next) || next === 95)) {
        if (c === 64) {
          i++;
          while (i < to) {
            const d = text.charCodeAt(i);
            if (isLetter(d) || isDigit(d) || d === 95) i++;
            else break;
          }
          continue;
        }
        i++;
        hashtag = true;
        continue;
      }
    }
    if (c === 33 || c === 63) {
      const start = i;
      let bangs = 0;
      let questions = 0;
      while (i < to) {
        const d = text.charCodeAt(i);
        if (d === 33) bangs++;
        else if (d === 63) questions++;
        else break;
        i++;
      }
      const kind = questions > 0 ? TokenKind.Question : TokenKind.Bang;
      tokens.push(markToken(kind, start, i, questions > 0 ? questions : bangs));
      continue;
    }
    // Emoticons are only read between spaces (or text edges) so "(2)" or "a:b" are not faces.
    if (c < 128 && (i === from || isSpace(text.charCodeAt(i - 1)))) {
      let matched = 0;
      for (let len = Math.min(EMOTICON_MAX_LENGTH, to - i); len >= 2; len--) {
        const after = i + len;
        if (after < to && !isSpace(text.charCodeAt(after))) continue;
        const valence = EMOTICON_VALENCE.get(text.slice(i, after));
        if (valence !== undefined) {
          tokens.push(markToken(TokenKind.Icon, i, after, valence));
          matched = len;
          break;
        }
      }
      if (matched > 0) {
        i += matched;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (i + 1 < to && low >= 0xdc00 && low <= 0xdfff) {
        const cp = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        const valence = isEmojiCodePoint(cp) ? EMOJI_VALENCE.get(cp) : undefined;
        if (valence !== undefined) {
          tokens.push(markToken(TokenKind.Icon, i, i + 2, valence));
        }
        i += 2;
        continue;
      }
      i++; // lone high surrogate: skipped
      continue;
    }
    if (c >= 0x2600 && c <= 0x27bf) {
      const valence = EMOJI_VALENCE.get(c);
      if (valence !== undefined) {
        tokens.push(markToken(TokenKind.Icon, i, i + 1, valence));
      }
      i++;
      continue;
    }
    if (c === 45 && i > from && isSpace(text.charCodeAt(i - 1)) && (i + 1 >= to || isSpace(text.charCodeAt(i + 1)))) {
      tokens.push(markToken(TokenKind.Break, i, i + 1, 0));
      i++;
      continue;
    }
    if (c === 44 || c === 59 || c === 58 || c === 46 || c === 0x2026 || c === 0x2013 || c === 0x2014 || c === 40) {
      tokens.push(markToken(TokenKind.Break, i, i + 1, 0));
    }
    i++;
  }
  return tokens;
};
