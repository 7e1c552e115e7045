import type { Span } from '../types.js';

/** A normalized key phrase with where it occurs and how salient it is (higher is more). */
export interface KeyPhrase {
  phrase: string;
  spans: Span[];
  score: number;
}

// Spans kept per phrase: enough to show and locate it; the count still grows for the score.
const MAX_SPANS = 20;

/** Collects phrase occurrences; frequency and earliness raise the score. */
export class PhraseCollector {
  private readonly byPhrase = new Map<string, { spans: Span[]; count: number; weight: number; first: number }>();

  constructor(private readonly textLength: number) {}

  add(phrase: string, span: Span, weight: number): void {
    const seen = this.byPhrase.get(phrase);
    if (seen) {
      if (seen.spans.length < MAX_SPANS) seen.spans.push(span);
      seen.count++;
      seen.weight = Math.max(seen.weight, weight);
    } else this.byPhrase.set(phrase, { spans: [span], count: 1, weight, first: span.start });
  }

  /** Most salient first; a phrase inside a better-ranked longer one (`service` in `customer service`) is dropped. */
  top(limit: number): KeyPhrase[] {
    const scored: KeyPhrase[] = [];
    for (const [phrase, { spans, count, weight, first }] of this.byPhrase) {
      const early = this.textLength > 0 ? 0.2 * (1 - first / this.textLength) : 0;
      // Term frequency counts with diminishing returns: a phrase said five times is not five times as salient.
      scored.push({ phrase, spans, score: weight * (1 + 0.5 * Math.log2(count)) + early });
    }
    scored.sort((a, b) => b.score - a.score || a.phrase.localeCompare(b.phrase));
    const kept: KeyPhrase[] = [];
    for (const candidate of scored) {
      if (kept.length >= limit) break;
      if (kept.some((k) => contains(k.phrase, candidate.phrase))) continue;
      kept.push(candidate);
    }
    return kept;
  }
}

/** True when `inner` occurs in `outer` on word boundaries (or, for CJK, as a substring). */
const contains = (outer: string, inner: string): boolean => {
  if (outer.length <= inner.length) return false;
  const at = outer.indexOf(inner);
  if (at < 0) return false;
  if (!/[a-z0-9]/.test(inner)) return true;
  const before = outer[at - 1];
  const after = outer[at + inner.length];
  return (before === undefined || before === ' ') && (after === undefined || after === ' ');
};
