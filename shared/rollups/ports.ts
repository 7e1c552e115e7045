import type { Dimension } from './dimensions.js';
import type { Granularity, Period } from './periods.js';
import type { Rollup } from './roll-up.js';

/** A roll-up as stored: its rows plus when it was computed. */
export interface StoredRollup extends Rollup {
  /** When the job that wrote it ran (ISO-8601); not part of the numbers, so re-runs stay comparable. */
  computedAt: string;
}

/** Which rows to read back. */
export interface RollupReadOptions {
  /** Only this dimension's rows (default: every dimension). */
  dimension?: Dimension;
}

/** Storage of roll-ups: one overwrite per (period, time zone), read by period and dimension. */
export interface RollupStore {
  /** Replaces every stored row of `rollup.period` with these rows (rows no longer produced are deleted). */
  putRollup(rollup: Rollup, computedAt: string): Promise<void>;
  /** The stored roll-up of a period, or undefined if it was never rolled up. */
  getRollup(period: Period, options?: RollupReadOptions): Promise<StoredRollup | undefined>;
}

/** The granularity and time zone a stored roll-up or trend report belongs to. */
export interface PeriodScope {
  granularity: Granularity;
  timezone: string;
}
