/**
 * EventBridge cron expressions, `cron(minutes hours day-of-month month day-of-week year)`, parsed
 * and evaluated in an IANA time zone with Intl only — the same expressions EventBridge Scheduler runs.
 *
 * Supported: `*`, `?`, values, ranges `a-b`, lists `a,b`, steps `a/n`, `*\/n`, `a-b/n`; month names
 * JAN–DEC; day-of-week 1–7 with SUN=1, or SUN–SAT; `L` (last day of the month) in day-of-month;
 * `d#n` (n-th weekday d of the month) in day-of-week. Not supported, and rejected with the field
 * named: `W`, `LW`, `L` in day-of-week, wrap-around ranges.
 */

import { isKnownTimeZone, offsetAt as zoneOffsetAt, wallClock as zoneWallClock } from '../time/wall-clock.js';
/** A parsed cron expression. */
export interface Cron {
  source: string;
  minutes: Set<number>;
  hours: Set<number>;
  /** Days of the month, or 'any' for `?`. */
  daysOfMonth: Set<number> | 'any';
  /** `L`: the last day of the month matches too. */
  lastDayOfMonth: boolean;
  months: Set<number>;
  /** Days of the week 1–7 (SUN=1), or 'any' for `?`. */
  daysOfWeek: Set<number> | 'any';
  /** `d#n` entries: weekday d (1–7), n-th in the month (1–5). */
  nthWeekdays: Array<{ weekday: number; nth: number }>;
  years: Set<number>;
}

/** A cron expression EventBridge would not accept (or Koe does not support); the message names the field. */
export class CronError extends Error {
  override readonly name = 'CronError';
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS = {
  minutes: { name: 'minutes', min: 0, max: 59 },
  hours: { name: 'hours', min: 0, max: 23 },
  dayOfMonth: { name: 'day-of-month', min: 1, max: 31 },
  month: { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  dayOfWeek: { name: 'day-of-week', min: 1, max: 7, names: DAY_NAMES },
  year: { name: 'year', min: 1970, max: 2199 },
} satisfies Record<string, FieldSpec>;

const fail = (field: FieldSpec, text: string, why: string): never => {
  throw new CronError(`cron ${field.name} field '${text}': ${why}`);
};

const value = (field: FieldSpec, text: string, whole: string): number => {
  const upper = text.toUpperCase();
  const named = field.names?.indexOf(upper) ?? -1;
  const n = named >= 0 ? named + field.min : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(n)) fail(field, whole, `'${text}' is not a number${field.names ? ' or name' : ''}`);
  if (n < field.min || n > field.max) fail(field, whole, `${n} is outside ${field.min}-${field.max}`);
  return n;
};

/** Parses one field's list of `*`, values, ranges and steps into the set of values it matches. */
const parseList = (field: FieldSpec, text: string): Set<number> => {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    if (part === '') fail(field, text, 'empty list item');
    const [range, step, extra] = part.split('/');
    if (extra !== undefined) fail(field, text, 'more than one /');
    const every = step === undefined ? 1 : /^\d+$/.test(step) && Number(step) > 0 ? Number(step) : Number.NaN;
    if (Number.isNaN(every)) fail(field, text, `step '${step}' is not a positive number`);
    let from: number;
    let to: number;
    if (range === '*') {
      from = field.min;
      to = field.max;
    } else {
      const [low = '', high, ...more] = (range ?? '').split('-');
      if (low === '' || high === '' || more.length > 0) fail(field, text, `'${range}' is not a value or range`);
      from = value(field, low, text);
      // `a/n` runs from a to the end of the field, as in EventBridge (`0/15` is every 15 minutes).
      to = high !== undefined ? value(field, high, text) : step !== undefined ? field.max : from;
      if (to < from) fail(field, text, `range ${range} runs backwards (wrap-around is not supported)`);
    }
    for (let n = from; n <= to; n += every) out.add(n);
  }
  return out;
};

/** Parses an EventBridge `cron(...)` expression; throws CronError naming the field at fault. */
export const parseCron = (expression: string): Cron => {
  const inner = /^cron\((.*)\)$/.exec(expression.trim())?.[1];
  if (inner === undefined) throw new CronError(`'${expression}' is not of the form cron(...)`);
  const parts = inner.trim().split(/\s+/);
  if (parts.length !== 6) {
    throw new CronError(
      `cron(${inner}) has ${parts.length} fields; EventBridge needs 6 (minutes hours day-of-month month day-of-week year)`,
    );
  }
  const [min, hour, dom, month, dow, year] = parts as [string, string, string, string, string, string];
  for (const [field, text] of [
    [FIELDS.minutes, min],
    [FIELDS.hours, hour],
    [FIELDS.month, month],
    [FIELDS.year, year],
  ] as const) {
    if (text === '?') fail(field, text, "'?' is only allowed in day-of-month or day-of-week");
  }
  if ((dom === '?') === (dow === '?')) {
    throw new CronError(
      `cron(${inner}): exactly one of day-of-month ('${dom}') and day-of-week ('${dow}') must be '?'`,
    );
  }

  let daysOfMonth: Set<number> | 'any' = 'any';
  let lastDayOfMonth = false;
  if (dom !== '?') {
    if (/W/i.test(dom)) fail(FIELDS.dayOfMonth, dom, "'W' (nearest weekday) is not supported");
    const items = dom.split(',');
    lastDayOfMonth = items.some((i) => i.toUpperCase() === 'L');
    if (items.some((i) => /L/i.test(i) && i.toUpperCase() !== 'L')) {
      fail(FIELDS.dayOfMonth, dom, "only a plain 'L' (last day of the month) is supported");
    }
    const rest = items.filter((i) => i.toUpperCase() !== 'L');
    daysOfMonth = rest.length ? parseList(FIELDS.dayOfMonth, rest.join(',')) : new Set();
  }

  let daysOfWeek: Set<number> | 'any' = 'any';
  const nthWeekdays: Cron['nthWeekdays'] = [];
  if (dow !== '?') {
    if (/L/i.test(dow)) fail(FIELDS.dayOfWeek, dow, "'L' (last weekday) is not supported");
    const items = dow.split(',');
    for (const item of items.filter((i) => i.includes('#'))) {
      const [day, nth] = item.split('#');
      const weekday = value(FIELDS.dayOfWeek, day ?? '', dow);
      if (!/^[1-5]$/.test(nth ?? '')) fail(FIELDS.dayOfWeek, dow, `'#${nth}' must be #1 to #5`);
      nthWeekdays.push({ weekday, nth: Number(nth) });
    }
    const rest = items.filter((i) => !i.includes('#'));
    daysOfWeek = rest.length ? parseList(FIELDS.dayOfWeek, rest.join(',')) : new Set();
  }

  return {
    source: expression,
    minutes: parseList(FIELDS.minutes, min),
    hours: parseList(FIELDS.hours, hour),
    daysOfMonth,
    lastDayOfMonth,
    months: parseList(FIELDS.month, month),
    daysOfWeek,
    nthWeekdays,
    years: parseList(FIELDS.year, year),
  };
};

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Does the calendar date match the day fields? (Day of week needs no time zone: it is the date's own.) */
const dayMatches = (cron: Cron, year: number, month: number, day: number) => {
  if (cron.daysOfMonth !== 'any') {
    return cron.daysOfMonth.has(day) || (cron.lastDayOfMonth && day === daysIn(year, month));
  }
  if (cron.daysOfWeek === 'any') return true;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1; // SUN=1
  if (cron.daysOfWeek.has(weekday)) return true;
  return cron.nthWeekdays.some((n) => n.weekday === weekday && Math.ceil(day / 7) === n.nth);
};

/** The wall clock in `timeZone`; an unknown zone is a CronError. */
const wallClock = (ms: number, timeZone: string) => {
  if (!isKnownTimeZone(timeZone))
    throw new CronError(`unknown time zone '${timeZone}' (use an IANA name such as Asia/Tokyo)`);
  return zoneWallClock(ms, timeZone);
};

/** The zone's offset from UTC at instant `ms`, in ms. */
const offsetAt = (ms: number, timeZone: string) => {
  if (!isKnownTimeZone(timeZone))
    throw new CronError(`unknown time zone '${timeZone}' (use an IANA name such as Asia/Tokyo)`);
  return zoneOffsetAt(ms, timeZone);
};

const DAY_MS = 86_400_000;

/**
 * The first instant at which the wall clock in `timeZone` reads the given time, or undefined when
 * that time does not exist there (skipped by a daylight-saving jump).
 */
const instantOf = (year: number, month: number, day: number, hour: number, minute: number, timeZone: string) => {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The offsets a day either side cover both sides of any transition near this wall time.
  const candidates = [...new Set([offsetAt(asUtc - DAY_MS, timeZone), offsetAt(asUtc + DAY_MS, timeZone)])]
    .map((offset) => asUtc - offset)
    .filter((ms) => {
      const w = wallClock(ms, timeZone);
      return w.year === year && w.month === month && w.day === day && w.hour === hour && w.minute === minute;
    });
  return candidates.length ? Math.min(...candidates) : undefined;
};

const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);

/**
 * The next time after `after` (strictly) that `cron` fires in `timeZone`, or undefined when it
 * never fires again (its years are past). Like EventBridge Scheduler, a wall time skipped by a
 * daylight-saving jump does not fire, and a wall time that occurs twice fires once, the first time.
 */
export const nextRun = (cron: Cron | string, after: Date, timeZone: string): Date | undefined => {
  const c = typeof cron === 'string' ? parseCron(cron) : cron;
  const afterMs = after.getTime();
  const start = wallClock(afterMs, timeZone);
  const minutes = sorted(c.minutes);
  const hours = sorted(c.hours);
  for (const year of sorted(c.years)) {
    if (year < start.year) continue;
    for (const month of sorted(c.months)) {
      if (year === start.year && month < start.month) continue;
      const firstDay = year === start.year && month === start.month ? start.day : 1;
      for (let day = firstDay; day <= daysIn(year, month); day++) {
        if (!dayMatches(c, year, month, day)) continue;
        const today = year === start.year && month === start.month && day === start.day;
        for (const hour of hours) {
          // Wall times well before the start cannot come later; the hour of margin covers a clock set back.
          if (today && hour < start.hour - 1) continue;
          for (const minute of minutes) {
            if (today && hour * 60 + minute < start.hour * 60 + start.minute - 60) continue;
            const ms = instantOf(year, month, day, hour, minute, timeZone);
            if (ms !== undefined && ms > afterMs) return new Date(ms);
          }
        }
      }
    }
  }
  return undefined;
};
