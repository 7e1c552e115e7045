import { ValidationError } from '../errors.js';
import { isKnownTimeZone, wallClock, offsetAt as zoneOffsetAt } from '../time/wall-clock.js';

/**
 * Calendar periods (day, ISO week, month) in an IANA time zone, computed with Intl only.
 * A period is the half-open instant range [start, end) between two local midnights, so a
 * day in a DST zone lasts 23 or 25 hours and periods still tile the time line.
 */

/** The period lengths roll-ups are kept at. */
export const GRANULARITIES = ['day', 'week', 'month'] as const;
/** One period length. */
export type Granularity = (typeof GRANULARITIES)[number];

/** One calendar period in one time zone; `end` is exclusive. */
export interface Period {
  granularity: Granularity;
  /** `2026-11-22`, `2026-W47` (ISO week) or `2026-11`. */
  key: string;
  timezone: string;
  /** First instant, ISO 8601 UTC. */
  start: string;
  /** First instant of the next period, ISO 8601 UTC. */
  end: string;
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;
/** Throws ValidationError unless `timezone` is an IANA zone this runtime knows. */
export const assertTimezone = (timezone: string): void => {
  if (!isKnownTimeZone(timezone))
    throw new ValidationError(`Unknown time zone: ${timezone}`, [
      { path: 'timezone', message: 'must be an IANA time zone' },
    ]);
};

/** The wall clock in `timezone`; an unknown zone is a ValidationError. */
const localParts = (ms: number, timezone: string) => {
  assertTimezone(timezone);
  return wallClock(ms, timezone);
};

/** Offset of local time from UTC at instant `ms`, in ms (Tokyo: +9h). */
const offsetAt = (ms: number, timezone: string): number => {
  assertTimezone(timezone);
  return zoneOffsetAt(ms, timezone);
};

const dayNumber = (d: LocalDate): number => Math.round(Date.UTC(d.year, d.month - 1, d.day) / DAY_MS);

const fromDayNumber = (n: number): LocalDate => {
  const date = new Date(n * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
};

const localDateOf = (ms: number, timezone: string): LocalDate => {
  const { year, month, day } = localParts(ms, timezone);
  return { year, month, day };
};

/** The first instant of local date `d`: local midnight, or the end of a DST gap that swallows midnight. */
const startOfLocalDay = (d: LocalDate, timezone: string): number => {
  const wall = Date.UTC(d.year, d.month - 1, d.day);
  // Two passes settle the offset unless midnight sits in or next to a transition.
  let t = wall - offsetAt(wall, timezone);
  t = wall - offsetAt(t, timezone);
  const target = dayNumber(d);
  // If midnight does not exist (gap) or the guess landed on the wrong side, search the
  // first instant whose local date is `d`; transitions move at most a few hours.
  if (dayNumber(localDateOf(t, timezone)) !== target || dayNumber(localDateOf(t - 1, timezone)) === target) {
    let lo = t - 6 * 3_600_000;
    let hi = t + 6 * 3_600_000;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (dayNumber(localDateOf(mid, timezone)) >= target) hi = mid;
      else lo = mid;
    }
    t = hi;
  }
  return t;
};

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** ISO weekday, Monday = 0 … Sunday = 6; day 0 (1970-01-01) was a Thursday. */
const isoWeekday = (n: number): number => (((n + 3) % 7) + 7) % 7;

const isoWeekOf = (d: LocalDate): { year: number; week: number; monday: number } => {
  const n = dayNumber(d);
  const monday = n - isoWeekday(n);
  const thursday = monday + 3;
  const year = fromDayNumber(thursday).year;
  const week = Math.floor((thursday - dayNumber({ year, month: 1, day: 1 })) / 7) + 1;
  return { year, week, monday };
};

/** First and exclusive-last local dates of the period of `granularity` containing local date `d`. */
const localBounds = (d: LocalDate, granularity: Granularity): { key: string; first: number; next: number } => {
  switch (granularity) {
    case 'day': {
      const n = dayNumber(d);
      return { key: `${d.year}-${pad(d.month)}-${pad(d.day)}`, first: n, next: n + 1 };
    }
    case 'week': {
      const { year, week, monday } = isoWeekOf(d);
      return { key: `${year}-W${pad(week)}`, first: monday, next: monday + 7 };
    }
    case 'month': {
      const first = dayNumber({ year: d.year, month: d.month, day: 1 });
      const next =
        d.month === 12
          ? dayNumber({ year: d.year + 1, month: 1, day: 1 })
          : dayNumber({ ...d, month: d.month + 1, day: 1 });
      return { key: `${d.year}-${pad(d.month)}`, first, next };
    }
  }
};

const toInstant = (instant: string | number | Date): number => {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) {
    throw new ValidationError(`Not an instant: ${String(instant)}`, [{ path: 'instant', message: 'must be ISO 8601' }]);
  }
  return ms;
};

const periodOfLocalDate = (d: LocalDate, granularity: Granularity, timezone: string): Period => {
  const { key, first, next } = localBounds(d, granularity);
  return {
    granularity,
    key,
    timezone,
    start: new Date(startOfLocalDay(fromDayNumber(first), timezone)).toISOString(),
    end: new Date(startOfLocalDay(fromDayNumber(next), timezone)).toISOString(),
  };
};

/** The period of `granularity` that contains `instant`, in `timezone`. */
export const periodOf = (instant: string | number | Date, granularity: Granularity, timezone: string): Period =>
  periodOfLocalDate(localDateOf(toInstant(instant), timezone), granularity, timezone);

/** The period right after `period`. */
export const nextPeriod = (period: Period): Period => periodOf(period.end, period.granularity, period.timezone);

/** The period right before `period`. */
export const previousPeriod = (period: Period): Period =>
  periodOf(Date.parse(period.start) - 1, period.granularity, period.timezone);

/** The `count` periods before `period`, oldest first (a trailing baseline). */
export const trailingPeriods = (period: Period, count: number): Period[] => {
  const out: Period[] = [];
  let p = period;
  for (let i = 0; i < count; i++) {
    p = previousPeriod(p);
    out.unshift(p);
  }
  return out;
};

/** True when `instant` falls in [period.start, period.end). */
export const inPeriod = (instant: string | number | Date, period: Period): boolean => {
  const ms = toInstant(instant);
  return ms >= Date.parse(period.start) && ms < Date.parse(period.end);
};

/** The periods of `granularity` that overlap [from, to), oldest first; empty when `to` ≤ `from`. */
export const periodsBetween = (
  from: string | number | Date,
  to: string | number | Date,
  granularity: Granularity,
  timezone: string,
): Period[] => {
  const end = toInstant(to);
  const out: Period[] = [];
  if (end <= toInstant(from)) return out;
  for (let p = periodOf(from, granularity, timezone); Date.parse(p.start) < end; p = nextPeriod(p)) out.push(p);
  return out;
};

/** The periods of `granularity` inside `period` (the days of a week or month), oldest first. */
export const periodsWithin = (period: Period, granularity: Granularity): Period[] =>
  periodsBetween(period.start, period.end, granularity, period.timezone).filter(
    (p) => p.start >= period.start && p.end <= period.end,
  );

const KEY_PATTERNS: Record<Granularity, RegExp> = {
  day: /^(\d{4})-(\d{2})-(\d{2})$/,
  week: /^(\d{4})-W(\d{2})$/,
  month: /^(\d{4})-(\d{2})$/,
};

/** The granularity a period key is written in, or undefined for anything else. */
export const granularityOfKey = (key: string): Granularity | undefined =>
  GRANULARITIES.find((g) => KEY_PATTERNS[g].test(key));

/** Parses a period key (`2026-11-22`, `2026-W47`, `2026-11`) back into a period; ValidationError when malformed. */
export const parsePeriodKey = (key: string, timezone: string): Period => {
  const granularity = granularityOfKey(key);
  const m = granularity ? KEY_PATTERNS[granularity].exec(key) : null;
  const invalid = () =>
    new ValidationError(`Not a period key: ${key}`, [
      { path: 'period', message: 'use YYYY-MM-DD, YYYY-Www or YYYY-MM' },
    ]);
  if (!granularity || !m) throw invalid();
  const year = Number(m[1]);
  const second = Number(m[2]);
  let date: LocalDate;
  if (granularity === 'week') {
    // ISO week 1 is the week holding January 4th.
    const jan4 = dayNumber({ year, month: 1, day: 4 });
    date = fromDayNumber(jan4 - isoWeekday(jan4) + (second - 1) * 7);
  } else {
    date = { year, month: second, day: granularity === 'day' ? Number(m[3]) : 1 };
  }
  // Date.UTC rolls 2026-02-30 over to March; the key comparison below then rejects it.
  const period = periodOfLocalDate(fromDayNumber(dayNumber(date)), granularity, timezone);
  if (period.key !== key) throw invalid();
  return period;
};
