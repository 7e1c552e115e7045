import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors.js';
import {
  GRANULARITIES,
  nextPeriod,
  parsePeriodKey,
  periodOf,
  periodsBetween,
  periodsWithin,
  previousPeriod,
  trailingPeriods,
} from '../../../shared/rollups/periods.js';

const ZONES = ['UTC', 'Asia/Tokyo', 'America/New_York'] as const;

describe('periodOf', () => {
  it('puts 15:00Z in the next Tokyo day but the same UTC day', () => {
    // Prepare
    const instant = '2026-11-22T15:00:00.000Z';
    // Act
    const tokyo = periodOf(instant, 'day', 'Asia/Tokyo');
    const utc = periodOf(instant, 'day', 'UTC');
    const tokyoBefore = periodOf('2026-11-22T14:59:59.999Z', 'day', 'Asia/Tokyo');
    // Assess
    expect(tokyo).toEqual({
      granularity: 'day',
      key: '2026-11-23',
      timezone: 'Asia/Tokyo',
      start: '2026-11-22T15:00:00.000Z',
      end: '2026-11-23T15:00:00.000Z',
    });
    expect(utc).toEqual({
      granularity: 'day',
      key: '2026-11-22',
      timezone: 'UTC',
      start: '2026-11-22T00:00:00.000Z',
      end: '2026-11-23T00:00:00.000Z',
    });
    expect(tokyoBefore.key).toBe('2026-11-22');
  });

  it('names ISO weeks from Monday, with the year of their Thursday', () => {
    // Act
    const sunday = periodOf('2026-11-22T12:00:00.000Z', 'week', 'UTC');
    const monday = periodOf('2026-11-23T00:00:00.000Z', 'week', 'UTC');
    const newYearsEve = periodOf('2026-12-31T12:00:00.000Z', 'week', 'UTC');
    const earlyJanuary = periodOf('2021-01-03T12:00:00.000Z', 'week', 'UTC');
    const tokyoMonday = periodOf('2026-11-22T15:00:00.000Z', 'week', 'Asia/Tokyo');
    // Assess
    expect(sunday).toMatchObject({
      key: '2026-W47',
      start: '2026-11-16T00:00:00.000Z',
      end: '2026-11-23T00:00:00.000Z',
    });
    expect(monday.key).toBe('2026-W48');
    expect(newYearsEve.key).toBe('2026-W53');
    expect(earlyJanuary.key).toBe('2020-W53');
    expect(tokyoMonday).toMatchObject({ key: '2026-W48', start: '2026-11-22T15:00:00.000Z' });
  });

  it('gives months and DST days their real length in New York', () => {
    // Act
    const spring = periodOf('2026-03-08T12:00:00.000Z', 'day', 'America/New_York');
    const fall = periodOf('2026-11-01T12:00:00.000Z', 'day', 'America/New_York');
    const november = periodOf('2026-11-15T00:00:00.000Z', 'month', 'America/New_York');
    // Assess
    expect(spring).toMatchObject({ start: '2026-03-08T05:00:00.000Z', end: '2026-03-09T04:00:00.000Z' });
    expect(fall).toMatchObject({ start: '2026-11-01T04:00:00.000Z', end: '2026-11-02T05:00:00.000Z' });
    expect(november).toMatchObject({
      key: '2026-11',
      start: '2026-11-01T04:00:00.000Z',
      end: '2026-12-01T05:00:00.000Z',
    });
  });

  it('starts a day whose midnight is skipped by DST at the end of the gap', () => {
    // Act: São Paulo jumped from 00:00 to 01:00 on 2018-11-04
    const day = periodOf('2018-11-04T12:00:00.000Z', 'day', 'America/Sao_Paulo');
    // Assess
    expect(day).toMatchObject({
      key: '2018-11-04',
      start: '2018-11-04T03:00:00.000Z',
      end: '2018-11-05T02:00:00.000Z',
    });
  });

  it('rejects unknown time zones and bad instants with ValidationError', () => {
    expect(() => periodOf('2026-11-22T00:00:00Z', 'day', 'Mars/Olympus')).toThrow(ValidationError);
    expect(() => periodOf('yesterday', 'day', 'UTC')).toThrow(ValidationError);
  });
});

describe('neighbours and ranges', () => {
  it('walks back over a year boundary for a trailing baseline', () => {
    // Act
    const baseline = trailingPeriods(parsePeriodKey('2027-W02', 'UTC'), 4).map((p) => p.key);
    // Assess
    expect(baseline).toEqual(['2026-W51', '2026-W52', '2026-W53', '2027-W01']);
  });

  it('lists the days of a month and the periods overlapping a range', () => {
    // Act
    const days = periodsWithin(parsePeriodKey('2026-02', 'Asia/Tokyo'), 'day');
    const weeks = periodsBetween('2026-11-20T00:00:00Z', '2026-12-01T00:00:00Z', 'week', 'UTC').map((p) => p.key);
    const none = periodsBetween('2026-12-01T00:00:00Z', '2026-11-20T00:00:00Z', 'day', 'UTC');
    // Assess
    expect(days.map((d) => d.key)).toEqual(
      Array.from({ length: 28 }, (_, i) => `2026-02-${String(i + 1).padStart(2, '0')}`),
    );
    expect(days[0]?.start).toBe('2026-01-31T15:00:00.000Z');
    expect(weeks).toEqual(['2026-W47', '2026-W48', '2026-W49']);
    expect(none).toEqual([]);
  });

  it('rejects malformed and impossible period keys', () => {
    expect(() => parsePeriodKey('2026-13', 'UTC')).toThrow(ValidationError);
    expect(() => parsePeriodKey('2026-02-30', 'UTC')).toThrow(ValidationError);
    expect(() => parsePeriodKey('2025-W53', 'UTC')).toThrow(ValidationError);
    expect(() => parsePeriodKey('week 47', 'UTC')).toThrow(ValidationError);
  });

  it('holds for any instant, granularity and zone (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }),
        fc.constantFrom(...GRANULARITIES),
        fc.constantFrom(...ZONES),
        (ms, granularity, zone) => {
          // Act
          const p = periodOf(ms, granularity, zone);
          const next = nextPeriod(p);
          const prev = previousPeriod(p);
          // Assess: contains the instant, tiles the time line, round-trips through its key
          expect(Date.parse(p.start)).toBeLessThanOrEqual(ms);
          expect(Date.parse(p.end)).toBeGreaterThan(ms);
          expect(next.start).toBe(p.end);
          expect(prev.end).toBe(p.start);
          expect(previousPeriod(next)).toEqual(p);
          expect(parsePeriodKey(p.key, zone)).toEqual(p);
          const hours = (Date.parse(p.end) - Date.parse(p.start)) / 3_600_000;
          const bounds = { day: [23, 25], week: [167, 169], month: [671, 745] }[granularity];
          expect(hours).toBeGreaterThanOrEqual(bounds[0] ?? 0);
          expect(hours).toBeLessThanOrEqual(bounds[1] ?? 0);
          if (granularity === 'week') {
            const local = new Intl.DateTimeFormat('en-US', {
              timeZone: zone,
              weekday: 'short',
              hour: 'numeric',
              hourCycle: 'h23',
            });
            expect(local.format(new Date(p.start))).toMatch(/^Mon,? 00$/);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
