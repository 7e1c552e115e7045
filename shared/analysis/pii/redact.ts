import type { PiiType } from '../types.js';
import { detectPii } from './detect.js';

/** Text with personal data replaced by `[TYPE]` placeholders, and what was found. */
export interface Redaction {
  text: string;
  found: Partial<Record<PiiType, number>>;
}

/**
 * Replaces personal data in `text` with `[TYPE]` (e-mail, phone, card, IBAN, SSN, passport, date of
 * birth, postal code, My Number, IP, street address, name; docs/analysis/pii.md); the one place
 * redaction happens — every stored free-text field goes through it. Never throws; non-string input
 * yields empty text.
 */
export const redactPii = (text: string): Redaction => {
  const found: Partial<Record<PiiType, number>> = {};
  if (typeof text !== 'string') return { text: '', found };
  const matches = detectPii(text);
  if (matches.length === 0) return { text, found };
  let out = '';
  let copied = 0;
  for (const m of matches) {
    out += text.slice(copied, m.start) + `[${m.type}]`;
    copied = m.end;
    found[m.type] = (found[m.type] ?? 0) + 1;
  }
  return { text: out + text.slice(copied), found };
};
