import { ValidationError } from '../errors.js';
import { detectTrends } from '../trends/detect-trends.js';
import type { TrendStore } from '../trends/ports.js';
import { GRANULARITIES, type Granularity, type Period, parsePeriodKey, periodOf, periodsBetween } from './periods.js';
import type { Rollup } from './roll-up.js';
import { type PeriodOutcome, type RollupDeps, rollUpComposite, rollUpDay } from './roll-up-period.js';
import type { WindowOutcome } from './roll-up-window.js';

/** A validated `POST /v1/rollups/run`: local dates `from`..`to` inclusive, already widened to whole periods. */
export interface RerunRequest {
  from: string;
  to: string;
  /** First instant and exclusive end of the window to re-roll. */
  start: string;
  end: string;
}

/** Most days one re-run covers (a year and a day); each call does what fits its time budget and says where to go on. */
export const MAX_RERUN_DAYS = 366;

/**
 * Time one call spends on days (each re-rolled and its trend report refreshed) before it composes
 * the weeks and months that are due and answers; API Gateway stops a request at 29 s.
 */
export const RERUN_BUDGET_MS = 8_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Years a re-roll may name. */
const MIN_YEAR = 1970;
const MAX_YEAR = 2999;

const dayOf = (raw: unknown, field: string, timezone: string) => {
  if (typeof raw !== 'string' || !DATE.test(raw)) {
    throw new ValidationError(`${field} must be a date YYYY-MM-DD`, [
      { path: field, message: 'must be a date YYYY-MM-DD' },
    ]);
  }
  // A sane range: year 9999's last period ends in year 10000, a key the store cannot order (was a 503).
  const year = Number(raw.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new ValidationError(`${field} must be in the years ${MIN_YEAR} to ${MAX_YEAR}`, [
      { path: field, message: `must be in the years ${MIN_YEAR} to ${MAX_YEAR}` },
    ]);
  }
  try {
    return parsePeriodKey(raw, timezone);
  } catch {
    throw new ValidationError(`${field} is not a calendar date`, [{ path: field, message: 'is not a calendar date' }]);
  }
};

/**
 * Parses `{date?, granularity?}` (the day, week or month holding `date`, default today) or
 * `{from, to}` (local dates, inclusive). Unknown fields are refused so a typo does not re-roll the wrong window.
 */
export const parseRerunRequest = (body: unknown, timezone: string, now: Date): RerunRequest => {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError('Body must be a JSON object', [{ path: '(body)', message: 'must be an object' }]);
  }
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!['date', 'granularity', 'from', 'to'].includes(key)) {
      throw new ValidationError(`Unknown field ${key}`, [{ path: key, message: 'unknown field' }]);
    }
  }
  let startDay: ReturnType<typeof dayOf>;
  let endDay: ReturnType<typeof dayOf>;
  if (input.from !== undefined || input.to !== undefined) {
    if (input.date !== undefined || input.granularity !== undefined) {
      throw new ValidationError('Send either date/granularity or from/to', [
        { path: 'from', message: 'cannot be combined with date or granularity' },
      ]);
    }
    startDay = dayOf(input.from, 'from', timezone);
    endDay = dayOf(input.to, 'to', timezone);
    if (startDay.start > endDay.start) {
      throw new ValidationError('from must not be after to', [
        { path: 'from', message: `is after to (${endDay.key})` },
      ]);
    }
  } else {
    const granularity = (input.granularity ?? 'day') as Granularity;
    if (!GRANULARITIES.includes(granularity)) {
      throw new ValidationError(`granularity must be one of ${GRANULARITIES.join(', ')}`, [
        { path: 'granularity', message: `must be one of ${GRANULARITIES.join(', ')}` },
      ]);
    }
    const date = input.date === undefined ? periodOf(now, 'day', timezone) : dayOf(input.date, 'date', timezone);
    const period = periodOf(date.start, granularity, timezone);
    startDay = periodOf(period.start, 'day', timezone);
    endDay = periodOf(Date.parse(period.end) - 1, 'day', timezone);
  }
  const days = Math.round((Date.parse(endDay.end) - Date.parse(startDay.start)) / 86_400_000);
  if (days > MAX_RERUN_DAYS) {
    throw new ValidationError(`The window spans ${days} days; the limit is ${MAX_RERUN_DAYS}`, [
      { path: 'from', message: `at most ${MAX_RERUN_DAYS} days up to to` },
    ]);
  }
  return { from: startDay.key, to: endDay.key, start: startDay.start, end: endDay.end };
};

/** What one re-run call did: exactly the periods it wrote, and where the next call starts when it ran out of time. */
export interface RerunOutcome extends WindowOutcome {
  from: string;
  to: string;
  /** Trend reports refreshed (periods). */
  trends: string[];
  /** True when every day up to `to` is done and every week and month is composed. */
  complete: boolean;
  /** The first day not yet re-rolled: send `{from: next, to}` to go on. Absent when complete. */
  next?: string;
}

/**
 * Re-rolls a window on request (the CLI, a back-fill after late imports) and refreshes the trend
 * reports of the periods it wrote — without alerting: spikes page people from the daily job only,
 * so a back-fill of last quarter does not page anyone about last quarter.
 *
 * Days are re-rolled in order until `budgetMs` is spent (at least one per call), so no call nears the
 * API's 29 s limit; a week or month is composed in the call that re-rolls its last day in the window,
 * and the answer says `next` until the window is done (the CLI follows it with a progress line).
 */
export const rerunRollups = async (
  request: RerunRequest,
  timezone: string,
  deps: RollupDeps & { trends: TrendStore; budgetMs?: number },
): Promise<RerunOutcome> => {
  const started = performance.now();
  const budget = deps.budgetMs ?? RERUN_BUDGET_MS;
  const days = periodsBetween(request.start, request.end, 'day', timezone);
  const trendDeps = { rollups: deps.rollups, trends: deps.trends, items: deps.items, now: deps.now };
  const fresh = new Map<string, Rollup>();
  const dayOutcomes: PeriodOutcome[] = [];
  for (const day of days) {
    if (dayOutcomes.length > 0 && performance.now() - started >= budget) break;
    const { rollup, ...outcome } = await rollUpDay(day, deps);
    fresh.set(day.key, rollup);
    dayOutcomes.push(outcome);
    // Within the budget: a year of mostly empty days costs its trend reports as much as its roll-ups.
    await detectTrends(day, trendDeps);
  }
  const done = days.slice(0, dayOutcomes.length);
  const complete = done.length === days.length;
  const doneUntil = done.at(-1)?.end ?? request.start;
  // A composite is due once its last day inside the window is done; earlier calls would compose it twice.
  const due = new Map<string, Period>();
  for (const day of done) {
    for (const granularity of ['week', 'month'] as const) {
      const p = periodOf(day.start, granularity, timezone);
      // biome-ignore lint/complexity/useMathMinMax: ISO date strings, compared as strings (Math.min would give NaN).
      const lastInWindow = p.end < request.end ? p.end : request.end;
      if (complete || lastInWindow <= doneUntil) due.set(`${granularity}#${p.key}`, p);
    }
  }
  const compositeOutcomes: PeriodOutcome[] = [];
  for (const p of due.values()) compositeOutcomes.push(await rollUpComposite(p, deps, fresh));
  const refreshed = done.map((d) => d.key);
  for (const period of due.values()) {
    await detectTrends(period, trendDeps);
    refreshed.push(period.key);
  }
  const next = days[done.length]?.key;
  return {
    timezone,
    days: dayOutcomes,
    composites: compositeOutcomes,
    from: request.from,
    to: request.to,
    trends: refreshed,
    complete,
    ...(next ? { next } : {}),
  };
};
