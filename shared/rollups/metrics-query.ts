import { ValidationError } from '../errors.js';
import { DIMENSIONS, type Dimension } from './dimensions.js';
import { GRANULARITIES, type Granularity, type Period, parsePeriodKey, periodOf, periodsBetween } from './periods.js';

/** A validated `GET /v1/metrics` request: whole periods of one granularity, grouped by one dimension. */
export interface MetricsQuery {
  granularity: Granularity;
  groupBy: Dimension;
  /** First local date asked for (YYYY-MM-DD). */
  from: string;
  /** Last local date asked for, inclusive. */
  to: string;
  timezone: string;
  /** The periods overlapping [from, to], oldest first. */
  periods: Period[];
  /** Topics (and discovered themes) listed per value, most mentioned first. */
  topics: number;
}

/** Topics listed per value unless `topics` says otherwise; the answer stays small whatever the long tail. */
export const DEFAULT_TOPICS = 10;
/** Most topics a request may list per value. */
export const MAX_TOPICS = 200;

/** Most periods one request may span, per granularity (about a year of days, two of weeks, three of months). */
export const MAX_PERIODS: Record<Granularity, number> = { day: 366, week: 104, month: 36 };

/** How far back a request without `from` looks: 30 days, 12 weeks or 12 months, ending with `to`. */
const DEFAULT_SPAN: Record<Granularity, number> = { day: 30, week: 12, month: 12 };

/** Longest a period can be, in days (a day with a DST shift still rounds to 1), so days / this ≤ periods. */
const MAX_DAYS_PER: Record<Granularity, number> = { day: 1, week: 7, month: 31 };

/** For the message of a refused range: its approximate size. */
const AVERAGE_DAYS_PER: Record<Granularity, number> = { day: 1, week: 7, month: 30.44 };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const parseDate = (raw: string, field: 'from' | 'to', timezone: string): Period => {
  const invalid = new ValidationError(`${field} must be a date YYYY-MM-DD`, [
    { path: field, message: 'must be a calendar date YYYY-MM-DD' },
  ]);
  if (!DATE.test(raw)) throw invalid;
  try {
    return parsePeriodKey(raw, timezone);
  } catch {
    throw invalid;
  }
};

const oneOf = <T extends string>(raw: string | undefined, allowed: readonly T[], field: string, fallback: T): T => {
  if (raw === undefined || raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new ValidationError(`${field} must be one of ${allowed.join(', ')}`, [
    { path: field, message: `must be one of ${allowed.join(', ')}` },
  ]);
};

/**
 * Parses `from`, `to` (local dates, inclusive, in the deployment's time zone), `granularity`,
 * `groupBy` and `topics` (per value, 0–200, default 10); every bad field is a ValidationError naming it.
 */
export const parseMetricsQuery = (
  params: Record<string, string | undefined>,
  timezone: string,
  now: Date,
): MetricsQuery => {
  const granularity = oneOf(params.granularity, GRANULARITIES, 'granularity', 'day');
  const topics = params.topics === undefined || params.topics === '' ? DEFAULT_TOPICS : Number(params.topics);
  if (!Number.isInteger(topics) || topics < 0 || topics > MAX_TOPICS) {
    throw new ValidationError(`topics must be an integer from 0 to ${MAX_TOPICS}`, [
      { path: 'topics', message: `must be an integer from 0 to ${MAX_TOPICS}` },
    ]);
  }
  const groupBy = oneOf(params.groupBy, DIMENSIONS, 'groupBy', 'all');
  const toDay = params.to ? parseDate(params.to, 'to', timezone) : periodOf(now, 'day', timezone);
  let fromDay: Period;
  if (params.from) {
    fromDay = parseDate(params.from, 'from', timezone);
  } else {
    // The first day of the period DEFAULT_SPAN − 1 periods before the one holding `to`.
    let p = periodOf(toDay.start, granularity, timezone);
    for (let i = 1; i < DEFAULT_SPAN[granularity]; i++) p = periodOf(Date.parse(p.start) - 1, granularity, timezone);
    fromDay = periodOf(p.start, 'day', timezone);
  }
  if (fromDay.start > toDay.start) {
    throw new ValidationError('from must not be after to', [{ path: 'from', message: `is after to (${toDay.key})` }]);
  }
  const tooMany = (count: number | string) =>
    new ValidationError(`The range spans ${count} ${granularity}s; the limit is ${MAX_PERIODS[granularity]}`, [
      { path: 'from', message: `at most ${MAX_PERIODS[granularity]} ${granularity}s before to` },
    ]);
  // Refuse a far-too-long range by arithmetic: listing 50,000 weeks one by one blocked the server for seconds.
  // Up to twice the limit the periods are counted exactly (cheap), so a near miss names its exact size.
  const days = Math.round((Date.parse(toDay.end) - Date.parse(fromDay.start)) / 86_400_000);
  const atLeast = Math.floor(days / MAX_DAYS_PER[granularity]);
  if (atLeast > 2 * MAX_PERIODS[granularity])
    throw tooMany(`about ${Math.round(days / AVERAGE_DAYS_PER[granularity])}`);
  const periods = periodsBetween(fromDay.start, toDay.end, granularity, timezone);
  if (periods.length > MAX_PERIODS[granularity]) throw tooMany(periods.length);
  return { granularity, groupBy, from: fromDay.key, to: toDay.key, timezone, periods, topics };
};
