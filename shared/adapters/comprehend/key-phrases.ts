import type { KeyPhrase } from '@aws-sdk/client-comprehend';

// Leading words Comprehend keeps in its noun phrases ("the refund", "my order") that Koe's
// normalized phrases drop, in the languages Koe treats as first class.
const LEADING = /^(?:the|a|an|my|our|your|his|her|their|its|this|that|these|those|some|any|all|every|no)\s+/u;
const PLACEHOLDER = /\[[A-Z_]+\]/;
const JA_LEADING = /^(?:この|その|あの|どの|私の|弊社の)/u;

/** Lower-cases, NFKC-folds and trims one phrase; drops determiners; empty when nothing useful is left. */
export const normalizePhrase = (phrase: string): string => {
  let p = phrase.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
  p = p.replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, '');
  for (let prev = ''; prev !== p; ) {
    prev = p;
    p = p.replace(LEADING, '').replace(JA_LEADING, '');
  }
  return p;
};

/**
 * Comprehend's phrases for one document (all its chunks) → Koe's list: normalized, without
 * redaction placeholders or numbers alone, de-duplicated, highest Comprehend score first.
 */
export const toKeyPhrases = (phrases: KeyPhrase[], limit: number): string[] => {
  const best = new Map<string, number>();
  for (const kp of phrases) {
    if (!kp.Text || PLACEHOLDER.test(kp.Text)) continue;
    const p = normalizePhrase(kp.Text);
    // One Latin letter says nothing; one kanji (箱, 量) can.
    if (p.length === 0 || /^[a-z]$/.test(p) || /^[\p{N}\s.,]+$/u.test(p)) continue;
    best.set(p, Math.max(best.get(p) ?? 0, kp.Score ?? 0));
  }
  return [...best.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([p]) => p);
};
