/**
 * Wall-clock time in an IANA time zone, for the roll-up periods and the cron schedules: the fields a
 * clock in that zone shows at an instant, and the zone's offset from UTC then. No I/O; Intl only.
 */

/** What a clock in the zone shows. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Thrown for a zone name this runtime does not know; callers turn it into their own error. */
export class UnknownTimeZoneError extends Error {
  constructor(readonly timeZone: string) {
    super(`Unknown time zone: ${timeZone}`);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new UnknownTimeZoneError(timeZone);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** Is `timeZone` an IANA zone this runtime knows? */
export const isKnownTimeZone = (timeZone: string): boolean => {
  try {
    formatterFor(timeZone);
    return true;
  } catch (error) {
    if (error instanceof UnknownTimeZoneError) return false;
    throw error;
  }
};

/** The wall clock in `timeZone` at instant `ms` (throws UnknownTimeZoneError). */
export const wallClock = (ms: number, timeZone: string): WallClock => {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
};

/** The zone's offset from UTC at instant `ms`, in ms (Tokyo: +9 h). */
export const offsetAt = (ms: number, timeZone: string): number => {
  const w = wallClock(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
};
