import type { PiiType } from '../types.js';

/** Text with personal data replaced by `[TYPE]` placeholders, and what was found. */
export interface Redaction {
  text: string;
  found: Partial<Record<PiiType, number>>;
}

// First version; the analysis engine issue owns the full detector (Luhn, My Number, JP formats).
const RULES: Array<{ type: PiiType; pattern: RegExp }> = [
  { type: 'EMAIL', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g },
  { type: 'CARD', pattern: /\b(?:\d[ -]?){13,19}\b/g },
  { type: 'PHONE', pattern: /\+?\d[\d\s().-]{7,}\d/g },
];

/** Replaces e-mail addresses, card numbers and phone numbers in `text`; the one place redaction happens. */
export const redactPii = (text: string): Redaction => {
  const found: Partial<Record<PiiType, number>> = {};
  let out = text;
  for (const { type, pattern } of RULES) {
    out = out.replace(pattern, () => {
      found[type] = (found[type] ?? 0) + 1;
      return `[${type}]`;
    });
  }
  return { text: out, found };
};
