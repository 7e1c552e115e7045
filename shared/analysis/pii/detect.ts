import { foldWidth } from '../text/normalize.js';
import type { PiiType } from '../types.js';
import { ipv6Valid, luhnValid, myNumberValid } from './checksums.js';

/** One piece of personal data, located by UTF-16 offsets in the original text. */
export interface PiiMatch {
  type: PiiType;
  start: number;
  end: number;
}

// Boundaries shared by the digit patterns. A number never starts right after a letter, a digit,
// `#` (order numbers), a currency sign (prices), `@`, `/` (dates, paths) or a `.`/`-` that joins it
// to more digits; it never ends before a letter, a digit, `%`, `円`, or a separator followed by a
// digit. That is what keeps a redaction from leaving part of a number behind: a pattern either
// takes the whole digit run or nothing.
// A group of four digits one space away also counts as the same number (4111 1111 1111 1112 is
// one Luhn-invalid number, not a My Number followed by 1112).
const L = String.raw`(?<![A-Za-z0-9_#$¥￥€£@+/.\-]|\d{4} )`;
const R = String.raw`(?![A-Za-z0-9_%]|[\-./,:]\d| ?円| \d{4}(?!\d))`;

// Starts only where a run of local-part characters starts: trying every position inside a long run that
// never reaches a valid domain was quadratic ('a.' × 40,000 + '@' took 12 s).
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g;
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(String.raw`(?<![\w.])(?:${OCTET}\.){3}${OCTET}(?!\w|\.\d)`, 'g');
const IPV6 = /(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])/g;
// Cards: one unbroken run, or a first group of four and then groups of 3–6 (4-4-4-4, 4-6-5, 4-4-4-4-3).
const CARD = new RegExp(String.raw`${L}(?:\d{13,19}|\d{4}(?:[ \-]\d{3,6}){2,4})${R}`, 'g');
const MY_NUMBER = new RegExp(String.raw`${L}(?:\d{12}|\d{4}([ \-])\d{4}\1\d{4})${R}`, 'g');
// International numbers start with `+`; the digit count (8–15, E.164) is checked afterwards.
const PHONE_INTL = new RegExp(String.raw`(?<![A-Za-z0-9_#$@/.\-])\+ ?\d{1,3}(?:[ \-.]?\(?\d{1,5}\)?){1,6}${R}`, 'g');
// Domestic numbers with a trunk 0 (Japan 03-1234-5678, 090-1234-5678, 0120-123-456, (03)1234-5678,
// 03(1234)5678; the UK's 020 7946 0958 has the same shape); 10 or 11 digits, checked afterwards.
// `00` is the international prefix, not a trunk: 0016 964012 is a bag tag, not a phone.
const PHONE_TRUNK = new RegExp(
  String.raw`${L}(?:\(0\d{1,4}\) ?\d{1,4}[\- ]?\d{3,4}|0[1-9]\d{0,3}[\- ]\d{1,4}[\- ]\d{3,4}|0[1-9]\d{0,3}\(\d{1,4}\)\d{3,4}|0[1-9]\d{1,3}[\- ]\d{6,8}|0[1-9]\d{8,9})${R}`,
  'g',
);
// North American numbers need separators: an unbroken ten-digit run is as likely an order id.
const PHONE_NANP = new RegExp(
  String.raw`${L}(?:1[\-. ]?)?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[\-. ])[2-9]\d{2}[\-. ]\d{4}${R}`,
  'g',
);
const POSTAL_MARKED = new RegExp(String.raw`〒 ?(\d{3}-?\d{4})${R}`, 'g');
const POSTAL_BARE = new RegExp(String.raw`${L}\d{3}-\d{4}${R}`, 'g');
// A bare 123-4567 is a postal code only next to address words or before a prefecture name.
const POSTAL_BEFORE = /(?:郵便番号|住所|所在地|送付先|postal|zip|post ?code)[\s:：は]*$/i;
const POSTAL_AFTER = /^\s*(?:北海道|東京都|(?:京都|大阪)府|[\u4e00-\u9fff]{2,3}県)/;

const digitsOf = (s: string): string => s.replace(/\D/g, '');

// The characters EMAIL allows right after the `@` ([A-Za-z0-9-]) and right before it ([A-Za-z0-9._%+-]).
const isDomainStart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45;
const isEmailLocal = (c: number): boolean => isDomainStart(c) || c === 46 || c === 95 || c === 37 || c === 43;

/** True when some `@` sits between the characters an e-mail address needs ("@united" mentions do not). */
const hasAddressAt = (s: string): boolean => {
  for (let at = s.indexOf('@', 1); at !== -1; at = s.indexOf('@', at + 1)) {
    if (isEmailLocal(s.charCodeAt(at - 1)) && isDomainStart(s.charCodeAt(at + 1))) return true;
  }
  return false;
};

const hasDigit = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
};

/** 13–19 digits in an issuer range (2 Mastercard, 3 Amex/JCB/Diners, 4 Visa, 5 Mastercard, 6 Discover/UnionPay), Luhn-valid. */
const isCard = (written: string): boolean => {
  const d = digitsOf(written);
  const first = d.charCodeAt(0) - 48;
  return d.length >= 13 && d.length <= 19 && first >= 2 && first <= 6 && luhnValid(d);
};

type Check = (match: RegExpExecArray, text: string) => { start: number; end: number } | undefined;

const whole = (m: RegExpExecArray): { start: number; end: number } => ({ start: m.index, end: m.index + m[0].length });

const digitCount =
  (min: number, max: number): Check =>
  (m) => {
    const n = digitsOf(m[0]).length;
    return n >= min && n <= max ? whole(m) : undefined;
  };

// Priority order: an e-mail address or IP wins over the digits inside it; a Luhn-valid card wins
// over a phone shape; a My Number (check digit) over a phone; a phone over a postal code.
const DETECTORS: Array<{ type: PiiType; pattern: RegExp; needs: 'at' | 'colon' | 'digit'; check: Check }> = [
  { type: 'EMAIL', pattern: EMAIL, needs: 'at', check: whole },
  { type: 'IP_ADDRESS', pattern: IPV4, needs: 'digit', check: whole },
  { type: 'IP_ADDRESS', pattern: IPV6, needs: 'colon', check: (m) => (ipv6Valid(m[0]) ? whole(m) : undefined) },
  {
    type: 'CARD',
    pattern: CARD,
    needs: 'digit',
    check: (m) => {
      if (isCard(m[0])) return whole(m);
      // A trailing short group may be the security code written after the number ("… 1111 123").
      const cut = m[0].search(/[ -]\d{1,3}$/);
      return cut > 0 && isCard(m[0].slice(0, cut)) ? { start: m.index, end: m.index + cut } : undefined;
    },
  },
  {
    type: 'MY_NUMBER',
    pattern: MY_NUMBER,
    needs: 'digit',
    check: (m) => (myNumberValid(digitsOf(m[0])) ? whole(m) : undefined),
  },
  { type: 'PHONE', pattern: PHONE_INTL, needs: 'digit', check: digitCount(8, 15) },
  { type: 'PHONE', pattern: PHONE_TRUNK, needs: 'digit', check: digitCount(10, 11) },
  { type: 'PHONE', pattern: PHONE_NANP, needs: 'digit', check: whole },
  {
    type: 'POSTAL_CODE',
    pattern: POSTAL_MARKED,
    needs: 'digit',
    check: (m) => {
      const end = m.index + m[0].length;
      return { start: end - (m[1] ?? '').length, end };
    },
  },
  {
    type: 'POSTAL_CODE',
    pattern: POSTAL_BARE,
    needs: 'digit',
    check: (m, text) => {
      const end = m.index + m[0].length;
      const before = text.slice(Math.max(0, m.index - 16), m.index);
      const after = text.slice(end, end + 8);
      return POSTAL_BEFORE.test(before) || POSTAL_AFTER.test(after) ? whole(m) : undefined;
    },
  },
];

/** Index of the first match starting at or after `start` in `sorted` (binary search: long texts hold thousands). */
const insertionPoint = (sorted: readonly PiiMatch[], start: number): number => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid]?.start ?? 0) < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * Finds personal data in `text`: matching runs on a width-folded copy (full-width digits count),
 * spans refer to the original. Returns non-overlapping matches sorted by start.
 */
export const detectPii = (text: string): PiiMatch[] => {
  if (typeof text !== 'string' || text.length === 0) return [];
  const folded = foldWidth(text);
  const needs = { at: hasAddressAt(folded), colon: folded.includes(':'), digit: hasDigit(folded) };
  if (!needs.at && !needs.colon && !needs.digit) return [];
  const taken: PiiMatch[] = [];
  for (const { type, pattern, needs: need, check } of DETECTORS) {
    if (!needs[need]) continue;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(folded); m !== null; m = pattern.exec(folded)) {
      const span = check(m, folded);
      if (!span || span.end <= span.start) continue;
      const at = insertionPoint(taken, span.start);
      const before = taken[at - 1];
      const after = taken[at];
      if ((before && before.end > span.start) || (after && after.start < span.end)) continue;
      taken.splice(at, 0, { type, start: span.start, end: span.end });
    }
  }
  return taken;
};
