/**
 * The text the PII detectors read, and the way back to the original: NFKC for the compatibility
 * characters people type (full-width digits and letters, the ideographic space, circled digits,
 * half-width katakana), dash look-alikes folded to `-`, zero-width characters and soft hyphens
 * dropped, and kanji digits turned into ASCII digits where they form a number (〇九〇, 三丁目).
 * Every unit of the normalised text knows the original span it came from, so a redaction replaces
 * exactly the characters the writer typed — an invisible U+200B inside an address included.
 */

/** Normalised text plus, for each of its UTF-16 units, the original span it came from. */
export interface PiiText {
  text: string;
  /** Original start offset of each unit; undefined when the text did not change (identity). */
  from?: Int32Array;
  /** Original end offset of each unit. */
  to?: Int32Array;
}

// ‐ ‑ ‒ – — ― − ー ｰ ─ ━ ～ between digit groups; ー is also the katakana long vowel, so it is folded
// only between digits (see below).
const DASHES = new Set([0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0x2500, 0x2501, 0xff0d]);
const LONG_VOWEL = new Set([0x30fc, 0xff70]);
// Invisible characters that split a candidate without showing: zero-width space/joiners, word joiner,
// BOM, soft hyphen, Mongolian vowel separator.
const INVISIBLE = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad, 0x180e]);
const KANJI_DIGITS = '〇一二三四五六七八九';
// Kanji that make a lone kanji digit part of an address number (三丁目, 五番地, 七号).
const ADDRESS_COUNTERS = new Set(['丁', '番', '号']);

/** Code points whose NFKC form differs and that people type in numbers, e-mails and names. */
const needsNfkc = (c: number): boolean =>
  (c >= 0xff01 && c <= 0xffef) || // full-width ASCII, half-width katakana
  c === 0x3000 || // ideographic space
  (c >= 0x2460 && c <= 0x24ff) || // circled and parenthesised digits
  (c >= 0x2070 && c <= 0x209f) || // superscripts, subscripts
  (c >= 0x2000 && c <= 0x200a) || // typographic spaces
  c === 0x00a0 ||
  c === 0x202f ||
  (c >= 0x3200 && c <= 0x33ff); // enclosed CJK, squared units

const isAsciiDigit = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57;
const KANJI_DIGIT_CODES = new Set([...KANJI_DIGITS].map((c) => c.charCodeAt(0)));
const COUNTER_CODES = new Set([...ADDRESS_COUNTERS].map((c) => c.charCodeAt(0)));
const isDigitLike = (c: number | undefined): boolean =>
  c !== undefined && (isAsciiDigit(c) || KANJI_DIGIT_CODES.has(c) || (c >= 0xff10 && c <= 0xff19));

const BEYOND_ASCII = /[\u0080-\uffff]/;

/** True when some unit of `text` would change (most texts: none, so no copy and no offset maps). */
const changes = (text: string): boolean => {
  if (!BEYOND_ASCII.test(text)) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (INVISIBLE.has(c) || DASHES.has(c) || needsNfkc(c)) return true;
    if (LONG_VOWEL.has(c) && isDigitLike(text.charCodeAt(i - 1))) return true;
    if (KANJI_DIGIT_CODES.has(c)) {
      const before = text.charCodeAt(i - 1);
      const after = text.charCodeAt(i + 1);
      if (isDigitLike(before) || isDigitLike(after) || COUNTER_CODES.has(after) || DASHES.has(after)) return true;
    }
  }
  return false;
};

/** Normalises `text` for matching; see the module comment. Linear: one pass to check, two to build. */
export const normalizeForPii = (text: string): PiiText => {
  if (!changes(text)) return { text };
  const units: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text.codePointAt(i) as number;
    const width = c > 0xffff ? 2 : 1;
    if (!INVISIBLE.has(c)) {
      // Full-width ASCII and the ideographic space by arithmetic (what NFKC gives, without its cost).
      const out = DASHES.has(c)
        ? '-'
        : c >= 0xff01 && c <= 0xff5e
          ? String.fromCharCode(c - 0xfee0)
          : c === 0x3000
            ? ' '
            : needsNfkc(c)
              ? text.slice(i, i + width).normalize('NFKC')
              : undefined;
      if (out === undefined) {
        for (let k = 0; k < width; k++) {
          units.push(text.charCodeAt(i + k));
          from.push(i);
          to.push(i + width);
        }
      } else {
        for (let k = 0; k < out.length; k++) {
          units.push(out.charCodeAt(k));
          from.push(i);
          to.push(i + width);
        }
      }
    }
    i += width;
  }
  // Second pass on the folded units: the long vowel ー between digits is a dash (090ー1234ー5678);
  // a kanji digit is a digit when a neighbour is a digit or an address counter follows (三丁目).
  const n = units.length;
  const dash = 45;
  for (let k = 0; k < n; k++) {
    if (LONG_VOWEL.has(units[k] as number) && isDigitLike(units[k - 1]) && isDigitLike(units[k + 1])) units[k] = dash;
  }
  for (let k = 0; k < n; k++) {
    const c = units[k] as number;
    if (!KANJI_DIGIT_CODES.has(c)) continue;
    const near =
      isDigitLike(units[k - 1]) ||
      isDigitLike(units[k + 1]) ||
      (units[k - 1] === dash && isDigitLike(units[k - 2])) ||
      (units[k + 1] === dash && isDigitLike(units[k + 2])) ||
      COUNTER_CODES.has(units[k + 1] as number);
    if (near) units[k] = 48 + KANJI_DIGITS.indexOf(String.fromCharCode(c));
  }
  let out = '';
  for (let k = 0; k < n; k += 8192) out += String.fromCharCode(...units.slice(k, k + 8192));
  return { text: out, from: Int32Array.from(from), to: Int32Array.from(to) };
};

/** The original span of `[start, end)` in the normalised text. */
export const originalSpan = (t: PiiText, start: number, end: number): { start: number; end: number } =>
  t.from && t.to ? { start: t.from[start] as number, end: t.to[end - 1] as number } : { start, end };
