/** Check-digit algorithms that tell real identifiers from look-alike digit runs. */

/** Luhn (mod 10) check over a string of ASCII digits; card numbers pass it, most random runs do not. */
export const luhnValid = (digits: string): boolean => {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
};

/**
 * My Number (個人番号) check digit, as defined by the 総務省令 on the number's generation:
 * with P(n) the n-th digit counted from the right excluding the check digit and Q(n) = n+1
 * (n ≤ 6) or n−5 (n ≥ 7), the check digit is 0 when Σ P·Q mod 11 ≤ 1, else 11 − that remainder.
 */
export const myNumberValid = (digits: string): boolean => {
  if (digits.length !== 12) return false;
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = digits.charCodeAt(11 - n) - 48;
    if (p < 0 || p > 9) return false;
    sum += p * (n <= 6 ? n + 1 : n - 5);
  }
  const remainder = sum % 11;
  const check = remainder <= 1 ? 0 : 11 - remainder;
  return digits.charCodeAt(11) - 48 === check;
};

/** Validates an IPv6 address in full or `::`-compressed form (no zone, no embedded IPv4). */
export const ipv6Valid = (candidate: string): boolean => {
  const halves = candidate.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string): string[] | undefined => {
    if (part === '') return [];
    const gs = part.split(':');
    return gs.every((g) => g.length >= 1 && g.length <= 4) ? gs : undefined;
  };
  const left = groups(halves[0] ?? '');
  if (!left) return false;
  if (halves.length === 1) return left.length === 8;
  const right = groups(halves[1] ?? '');
  if (!right) return false;
  const total = left.length + right.length;
  // A single group is only taken in the loopback-like `::1` form; a bare `::` is punctuation.
  return total <= 7 && (total >= 2 || /^::[0-9a-fA-F]{1,4}$/.test(candidate));
};

/**
 * IBAN length by country (the ISO 13616 registry): an IBAN is exactly its country's length, so a card number
 * after a word such as "GE90" (Georgia's are 22 characters) is not one even when mod 97 happens to come to 1.
 */
const IBAN_LENGTH: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

/** IBAN (ISO 13616): its country's length, country letters, and mod 97 of the rearranged number equal to 1. */
export const ibanValid = (iban: string): boolean => {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban) || IBAN_LENGTH[iban.slice(0, 2)] !== iban.length) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const c = ch.charCodeAt(0);
    const value = c >= 65 ? c - 55 : c - 48;
    rest = value >= 10 ? (rest * 100 + value) % 97 : (rest * 10 + value) % 97;
  }
  return rest === 1;
};

/** US Social Security number rules: area not 000, 666 or 9xx; group not 00; serial not 0000. */
export const ssnValid = (digits: string): boolean => {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = digits.slice(0, 3);
  return (
    area !== '000' && area !== '666' && area[0] !== '9' && digits.slice(3, 5) !== '00' && digits.slice(5) !== '0000'
  );
};
