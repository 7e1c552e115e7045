import { describe, expect, it } from 'vitest';
import { isKnownTimeZone, offsetAt, UnknownTimeZoneError, wallClock } from '../../../shared/time/wall-clock.js';

describe('wall clock in a time zone', () => {
  it('shows Tokyo nine hours ahead of UTC, across midnight', () => {
    // Act
    const clock = wallClock(Date.parse('2026-11-22T15:00:00Z'), 'Asia/Tokyo');
    // Assess
    expect(clock).toEqual({ year: 2026, month: 11, day: 23, hour: 0, minute: 0, second: 0 });
    expect(offsetAt(Date.parse('2026-11-22T15:00:00Z'), 'Asia/Tokyo')).toBe(9 * 3_600_000);
  });

  it('follows daylight saving time (New York: -4 h in July, -5 h in January)', () => {
    expect(offsetAt(Date.parse('2026-07-01T12:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000);
    expect(offsetAt(Date.parse('2026-01-01T12:00:00Z'), 'America/New_York')).toBe(-5 * 3_600_000);
  });

  it('refuses a zone name the runtime does not know, naming it', () => {
    expect(isKnownTimeZone('Asia/Osaka')).toBe(false);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(() => wallClock(0, 'Asia/Osaka')).toThrow(UnknownTimeZoneError);
    expect(() => wallClock(0, 'Asia/Osaka')).toThrow('Unknown time zone: Asia/Osaka');
  });
});
