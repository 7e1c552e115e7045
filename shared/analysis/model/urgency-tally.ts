import { URGENCY_RANK, type UrgencyLevel } from '../types.js';

/** F1 from counts (0 when nothing was found). */
export const f1 = (tp: number, fp: number, fn: number): number => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));

/** F2: recall weighs twice precision (a missed critical costs more than a false alarm). */
export const f2 = (tp: number, fp: number, fn: number): number => (tp === 0 ? 0 : (5 * tp) / (5 * tp + 4 * fn + fp));

/** Counts of predicted against gold urgency: critical, high-or-critical and far misses — what tuning and eval score. */
export class UrgencyTally {
  readonly critical = { tp: 0, fp: 0, fn: 0 };
  readonly highOrCritical = { tp: 0, fp: 0, fn: 0 };
  far = 0;
  n = 0;

  add(predicted: UrgencyLevel, gold: UrgencyLevel): void {
    this.n++;
    count(this.critical, predicted === 'critical', gold === 'critical');
    count(this.highOrCritical, URGENCY_RANK[predicted] >= 2, URGENCY_RANK[gold] >= 2);
    if (Math.abs(URGENCY_RANK[predicted] - URGENCY_RANK[gold]) >= 2) this.far++;
  }
}

const count = (c: { tp: number; fp: number; fn: number }, predicted: boolean, gold: boolean) => {
  if (predicted && gold) c.tp++;
  else if (predicted) c.fp++;
  else if (gold) c.fn++;
};
