import { describe, expect, it } from 'vitest';
import { SCHEDULES } from '../../../functions/schedules.js';
import { CronError, nextRun, parseCron } from '../../../shared/scheduling/cron.js';

const next = (cron: string, after: string, zone = 'UTC') => nextRun(cron, new Date(after), zone)?.toISOString();

/** The n next runs, each after the previous one. */
const runs = (cron: string, after: string, zone: string, n: number) => {
  const out: string[] = [];
  let at = new Date(after);
  for (let i = 0; i < n; i++) {
    at = nextRun(cron, at, zone)!;
    out.push(at.toISOString());
  }
  return out;
};

describe('EventBridge cron parsing', () => {
  it('expands values, ranges, lists and steps', () => {
    // Act
    const cron = parseCron('cron(0/15 9-17/4 ? JAN,jun-AUG MON-FRI 2025-2030)');
    // Assess
    expect([...cron.minutes]).toEqual([0, 15, 30, 45]);
    expect([...cron.hours]).toEqual([9, 13, 17]);
    expect(cron.daysOfMonth).toBe('any');
    expect([...cron.months]).toEqual([1, 6, 7, 8]);
    expect([...cron.daysOfWeek]).toEqual([2, 3, 4, 5, 6]);
    expect([...cron.years]).toEqual([2025, 2026, 2027, 2028, 2029, 2030]);
  });

  it('numbers days of the week from SUN=1, as EventBridge does', () => {
    // Act
    const byName = parseCron('cron(0 0 ? * SUN,SAT *)');
    const byNumber = parseCron('cron(0 0 ? * 1,7 *)');
    // Assess
    expect([...(byName.daysOfWeek as Set<number>)]).toEqual([1, 7]);
    expect(byNumber.daysOfWeek).toEqual(byName.daysOfWeek);
  });

  it('parses every schedule in functions/schedules.ts', () => {
    // Act
    const parsed = SCHEDULES.map((s) => parseCron(s.cron));
    // Assess
    expect(parsed).toHaveLength(SCHEDULES.length);
  });

  it.each([
    ['0 * * * ? *', /cron\(\.\.\.\)/],
    ['cron(0 * * * ?)', /5 fields; EventBridge needs 6/],
    ['cron(60 * * * ? *)', /minutes field '60': 60 is outside 0-59/],
    ['cron(0 24 * * ? *)', /hours field '24'/],
    ['cron(0 0 32 * ? *)', /day-of-month field '32'/],
    ['cron(0 0 * 13 ? *)', /month field '13'/],
    ['cron(0 0 ? * 8 *)', /day-of-week field '8'/],
    ['cron(0 0 ? * FUNDAY *)', /day-of-week field 'FUNDAY'/],
    ['cron(0 0 * * ? 1969)', /year field '1969'/],
    ['cron(0 0 * * * *)', /exactly one of day-of-month \('\*'\) and day-of-week \('\*'\) must be '\?'/],
    ['cron(0 0 ? * ? *)', /exactly one of day-of-month/],
    ['cron(? 0 * * ? *)', /minutes field '\?'/],
    ['cron(0 0 15W * ? *)', /day-of-month field '15W': 'W' \(nearest weekday\) is not supported/],
    ['cron(0 0 ? * 6L *)', /day-of-week field '6L': 'L' \(last weekday\) is not supported/],
    ['cron(0 0 ? * 2#6 *)', /day-of-week field '2#6'/],
    ['cron(0 22-2 * * ? *)', /hours field '22-2': range 22-2 runs backwards/],
    ['cron(*/0 * * * ? *)', /minutes field '\*\/0': step '0'/],
    ['cron(1,,2 * * * ? *)', /minutes field '1,,2': empty list item/],
  ])('rejects %s with an error naming the field', (expression, message) => {
    // Act
    const parse = () => parseCron(expression);
    // Assess
    expect(parse).toThrow(CronError);
    expect(parse).toThrow(message);
  });
});

describe('nextRun', () => {
  it('finds the next minute, hour and day in UTC, strictly after the given time', () => {
    // Assess
    expect(next('cron(5 * * * ? *)', '2025-03-10T10:04:59Z')).toBe('2025-03-10T10:05:00.000Z');
    expect(next('cron(5 * * * ? *)', '2025-03-10T10:05:00Z')).toBe('2025-03-10T11:05:00.000Z');
    expect(next('cron(20 0 * * ? *)', '2025-12-31T23:59:00Z')).toBe('2026-01-01T00:20:00.000Z');
  });

  it('honours day-of-week, last day of month and the n-th weekday', () => {
    // Assess: 2025-03-10 is a Monday
    expect(next('cron(0 9 ? * MON-FRI *)', '2025-03-14T09:00:00Z')).toBe('2025-03-17T09:00:00.000Z');
    expect(next('cron(0 0 ? * 1 *)', '2025-03-10T00:00:00Z')).toBe('2025-03-16T00:00:00.000Z'); // SUN=1
    expect(next('cron(0 12 L * ? *)', '2025-02-01T00:00:00Z')).toBe('2025-02-28T12:00:00.000Z');
    expect(next('cron(0 12 L * ? *)', '2024-02-01T00:00:00Z')).toBe('2024-02-29T12:00:00.000Z');
    expect(next('cron(0 10 ? * 2#1 *)', '2025-03-04T00:00:00Z')).toBe('2025-04-07T10:00:00.000Z');
  });

  it('reads the expression in Asia/Tokyo time (UTC+9)', () => {
    // Assess: 00:20 in Tokyo is 15:20 UTC the day before
    expect(next('cron(20 0 * * ? *)', '2025-06-01T12:00:00Z', 'Asia/Tokyo')).toBe('2025-06-01T15:20:00.000Z');
    expect(next('cron(0 9 ? * MON *)', '2025-06-01T12:00:00Z', 'Asia/Tokyo')).toBe('2025-06-02T00:00:00.000Z');
  });

  it('keeps the wall-clock time across a daylight-saving change (America/New_York)', () => {
    // Assess: 2025-03-09 clocks go forward; 09:00 local is 14:00 UTC before, 13:00 UTC after
    expect(runs('cron(0 9 * * ? *)', '2025-03-07T20:00:00Z', 'America/New_York', 3)).toEqual([
      '2025-03-08T14:00:00.000Z',
      '2025-03-09T13:00:00.000Z',
      '2025-03-10T13:00:00.000Z',
    ]);
  });

  it('skips a time that does not exist on the spring-forward day, like EventBridge Scheduler', () => {
    // Assess: 02:30 does not exist in New York on 2025-03-09
    expect(runs('cron(30 2 * * ? *)', '2025-03-08T00:00:00Z', 'America/New_York', 2)).toEqual([
      '2025-03-08T07:30:00.000Z',
      '2025-03-10T06:30:00.000Z',
    ]);
  });

  it('runs a repeated time once on the fall-back day', () => {
    // Assess: 01:05 happens twice in New York on 2025-11-02 (EDT, then EST); only the first runs
    expect(runs('cron(5 * * * ? *)', '2025-11-02T04:30:00Z', 'America/New_York', 3)).toEqual([
      '2025-11-02T05:05:00.000Z', // 01:05 EDT
      '2025-11-02T07:05:00.000Z', // 02:05 EST (01:05 EST is skipped)
      '2025-11-02T08:05:00.000Z',
    ]);
  });

  it('returns undefined when the years are over, and rejects an unknown time zone', () => {
    // Assess
    expect(next('cron(0 0 * * ? 2020)', '2025-01-01T00:00:00Z')).toBeUndefined();
    expect(() => next('cron(0 0 * * ? *)', '2025-01-01T00:00:00Z', 'Mars/Olympus')).toThrow(/unknown time zone/);
  });
});
