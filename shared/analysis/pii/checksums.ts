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

/** IBAN (ISO 13616): 15–34 characters, country letters, and mod 97 of the rearranged number equal to 1. */
export const ibanValid = (iban: string): boolean => {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
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
