import type { TermKind } from './term-counts.js';
import type { TermTrend } from './trends.js';

/** A spike worth alerting on; `dedupKey` is the same however often the period is re-run. */
export interface SpikeAlert {
  /** `spike#<period key>#<term>`: store it with a conditional put so one spike alerts once. */
  dedupKey: string;
  period: string;
  term: string;
  kind: TermKind;
  label: string;
  status: 'rising' | 'new';
  count: number;
  expected: number;
  share: number;
  baselineShare: number;
  rateRatio: number | null;
  pValue: number;
  qValue: number;
}

/** Alert candidates of one period: its rising and new terms, in the report's ranking order. */
export const detectSpikes = (rising: readonly TermTrend[], periodKey: string): SpikeAlert[] =>
  rising.map((t) => ({
    dedupKey: `spike#${periodKey}#${t.term}`,
    period: periodKey,
    term: t.term,
    kind: t.kind,
    label: t.label,
    status: t.status === 'new' ? 'new' : 'rising',
    count: t.count,
    expected: t.expected,
    share: t.share,
    baselineShare: t.baselineShare,
    rateRatio: t.rateRatio,
    pValue: t.pValue,
    qValue: t.qValue ?? 1,
  }));
