import { ValidationError } from '../errors.js';
import { type Period, periodOf, periodsBetween, previousPeriod } from './periods.js';
import type { Rollup } from './roll-up.js';
import { type PeriodOutcome, type RollupDeps, rollUpComposite, rollUpDay } from './roll-up-period.js';

/** Most days one window re-roll takes (a bit over a year), so one request cannot run for hours. */
export const MAX_WINDOW_DAYS = 400;

/** What a roll-up job did, period by period. */
export interface WindowOutcome {
  timezone: string;
  days: PeriodOutcome[];
  composites: PeriodOutcome[];
}

/**
 * Re-rolls every day overlapping [from, to) from its items, then the weeks and months those days
 * belong to from the stored days. Overwrites, so running it twice stores the same numbers.
 */
export const rollUpWindow = async (
  from: string,
  to: string,
  timezone: string,
  deps: RollupDeps,
): Promise<WindowOutcome> => {
  const days = periodsBetween(from, to, 'day', timezone);
  if (days.length > MAX_WINDOW_DAYS) {
    throw new ValidationError(`The window holds ${days.length} days; the limit is ${MAX_WINDOW_DAYS}`, [
      { path: 'from', message: `at most ${MAX_WINDOW_DAYS} days before 'to'` },
    ]);
  }
  const dayOutcomes: PeriodOutcome[] = [];
  const fresh = new Map<string, Rollup>();
  for (const day of days) {
    const { rollup, ...outcome } = await rollUpDay(day, deps);
    fresh.set(day.key, rollup);
    dayOutcomes.push(outcome);
  }
  const composites = new Map<string, Period>();
  for (const day of days) {
    for (const granularity of ['week', 'month'] as const) {
      const p = periodOf(day.start, granularity, timezone);
      composites.set(`${granularity}#${p.key}`, p);
    }
  }
  const compositeOutcomes: PeriodOutcome[] = [];
  for (const p of composites.values()) compositeOutcomes.push(await rollUpComposite(p, deps, fresh));
  return { timezone, days: dayOutcomes, composites: compositeOutcomes };
};

/** Rolls up the day containing `at` (the current day, hourly) and refreshes its week and month. */
export const rollUpCurrentDay = (at: Date, timezone: string, deps: RollupDeps): Promise<WindowOutcome> => {
  const day = periodOf(at, 'day', timezone);
  return rollUpWindow(day.start, day.end, timezone, deps);
};

/** Closes the day before the one containing `at` (late arrivals included) and refreshes its week and month. */
export const closeDay = (at: Date, timezone: string, deps: RollupDeps): Promise<WindowOutcome> => {
  const day = previousPeriod(periodOf(at, 'day', timezone));
  return rollUpWindow(day.start, day.end, timezone, deps);
};
