import type { PiiEntity, PiiEntityType } from '@aws-sdk/client-comprehend';
import type { PiiType, Span } from '../../analysis/types.js';

// Comprehend's finer types folded into Koe's; anything not listed counts as OTHER.
const TYPE_MAP: Partial<Record<PiiEntityType, PiiType>> = {
  NAME: 'NAME',
  ADDRESS: 'ADDRESS',
  EMAIL: 'EMAIL',
  PHONE: 'PHONE',
  CREDIT_DEBIT_NUMBER: 'CARD',
  IP_ADDRESS: 'IP_ADDRESS',
};

/**
 * Types not treated as personal data here: a date or an age says when or who-ish, not who, and
 * masking "delivered on 3 March" would cost the analysis the very detail a manager needs.
 */
export const IGNORED_PII_TYPES: ReadonlySet<string> = new Set(['DATE_TIME', 'AGE']);

/** A PII entity in Koe's terms, with a UTF-16 span into the text that was sent. */
export interface PiiFinding {
  type: PiiType;
  span: Span;
}

// Comprehend reports offsets in characters (code points); JavaScript strings index UTF-16 units.
const codePointToUtf16 = (text: string): ((offset: number) => number) => {
  const table: number[] = [];
  for (let i = 0; i < text.length; ) {
    table.push(i);
    i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  }
  table.push(text.length);
  return (offset) => table[Math.min(Math.max(0, offset), table.length - 1)] ?? text.length;
};

// The rules already replaced what they found with `[TYPE]`; Comprehend sometimes tags the placeholder.
const PLACEHOLDER = /\[[A-Z_]+\]/g;

/**
 * Turns DetectPiiEntities output for `text` into findings: low scores, ignored types and
 * entities inside an existing `[TYPE]` placeholder dropped; offsets converted to UTF-16.
 */
export const toPiiFindings = (text: string, entities: PiiEntity[], minScore: number): PiiFinding[] => {
  const toUtf16 = codePointToUtf16(text);
  const placeholders = [...text.matchAll(PLACEHOLDER)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const findings: PiiFinding[] = [];
  for (const entity of entities) {
    if (!entity.Type || IGNORED_PII_TYPES.has(entity.Type) || (entity.Score ?? 0) < minScore) continue;
    if (entity.BeginOffset === undefined || entity.EndOffset === undefined) continue;
    const span = { start: toUtf16(entity.BeginOffset), end: toUtf16(entity.EndOffset) };
    if (span.end <= span.start) continue;
    if (placeholders.some((p) => span.start >= p.start && span.end <= p.end)) continue;
    findings.push({ type: TYPE_MAP[entity.Type] ?? 'OTHER', span });
  }
  return findings;
};

/** Counts findings by type. */
export const countPii = (findings: PiiFinding[]): Partial<Record<PiiType, number>> => {
  const counts: Partial<Record<PiiType, number>> = {};
  for (const f of findings) counts[f.type] = (counts[f.type] ?? 0) + 1;
  return counts;
};

/**
 * Blanks each finding with spaces of the same length. Keeping the length keeps every span the
 * rules produce valid against the stored text, and spaces can neither form a key phrase nor
 * match a topic or urgency cue, so no part of a name or address leaves the analyzer.
 */
export const maskPii = (text: string, findings: PiiFinding[]): string => {
  if (findings.length === 0) return text;
  const chars = text.split('');
  for (const { span } of findings) for (let i = span.start; i < span.end && i < chars.length; i++) chars[i] = ' ';
  return chars.join('');
};
