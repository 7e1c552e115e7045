import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA, dueAt, isOverdue, parseSla } from '../../../shared/triage/sla.js';

describe('SLA', () => {
  it('parses KOE_SLA_MINUTES, keeping defaults for levels not named', () => {
    expect(parseSla('critical=30, high=120')).toEqual({ critical: 30, high: 120, normal: 1440 });
    expect(parseSla(undefined)).toEqual(DEFAULT_SLA);
  });

  it('names every bad entry', () => {
    expect(() => parseSla('critical=0,urgent=5')).toThrow(/critical=0.*unknown level 'urgent'/);
  });

  it('computes dueAt from receivedAt, and none for a level without SLA', () => {
    expect(dueAt('2026-11-22T09:00:00.000Z', 'high', DEFAULT_SLA)).toBe('2026-11-22T13:00:00.000Z');
    expect(dueAt('2026-11-22T09:00:00.000Z', 'low', DEFAULT_SLA)).toBeUndefined();
  });

  it('counts only open items past dueAt as overdue', () => {
    const now = new Date('2026-11-22T12:00:00.000Z');
    expect(isOverdue({ status: 'open', dueAt: '2026-11-22T11:59:59.000Z' }, now)).toBe(true);
    expect(isOverdue({ status: 'open', dueAt: '2026-11-22T12:00:01.000Z' }, now)).toBe(false);
    expect(isOverdue({ status: 'acknowledged', dueAt: '2026-11-22T11:00:00.000Z' }, now)).toBe(false);
    expect(isOverdue({ status: 'open' }, now)).toBe(false);
  });
});
