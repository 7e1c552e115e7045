import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors.js';
import { parseSubscriptionInput } from '../../../shared/reports/subscription.js';

const valid = {
  recipients: ['ops@example.com', 'hanako@example.jp'],
  language: 'ja',
  period: 'weekly',
  schedule: 'cron(0 9 ? * MON *)',
  timezone: 'Asia/Tokyo',
};

const issuesOf = (body: unknown) => {
  try {
    parseSubscriptionInput(body, 'UTC');
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
};

describe('subscription validation', () => {
  it('accepts a full subscription and fills defaults', () => {
    // Act
    const parsed = parseSubscriptionInput(
      {
        recipients: ['a@example.com'],
        language: 'en',
        period: 'monthly',
        filters: { topic: ['delivery'] },
        targets: [{ metric: 'csat', kind: 'atLeast', value: 4.2, label: 'CSAT ≥ 4.2' }],
      },
      'Europe/London',
    );
    // Assess
    expect(parsed).toMatchObject({
      schedule: 'cron(0 8 1 * ? *)',
      timezone: 'Europe/London',
      skipEmpty: false,
      filters: { topic: ['delivery'] },
    });
    expect(parseSubscriptionInput(valid, 'UTC').schedule).toBe('cron(0 9 ? * MON *)');
  });

  it('refuses a bad address, naming which one and why', () => {
    const issues = issuesOf({ ...valid, recipients: ['ok@example.com', 'not-an-address', 'ok@example.com'] });
    expect(issues).toEqual([
      { path: 'recipients[1]', message: "'not-an-address' is not an e-mail address" },
      { path: 'recipients[2]', message: "'ok@example.com' is listed twice" },
    ]);
  });

  it('refuses no recipients and more than 50', () => {
    expect(issuesOf({ ...valid, recipients: [] })).toEqual([
      { path: 'recipients', message: 'must hold at least one address' },
    ]);
    const many = Array.from({ length: 51 }, (_, i) => `r${i}@example.com`);
    expect(issuesOf({ ...valid, recipients: many })[0]).toMatchObject({ path: 'recipients' });
  });

  it('refuses a bad cron expression with the field at fault', () => {
    expect(issuesOf({ ...valid, schedule: 'cron(0 25 * * ? *)' })).toEqual([
      { path: 'schedule', message: "cron hours field '25': 25 is outside 0-23" },
    ]);
    expect(issuesOf({ ...valid, schedule: '0 8 * * *' })[0]?.message).toMatch(/not of the form cron/);
    expect(issuesOf({ ...valid, schedule: 'cron(0 8 * * MON *)' })[0]?.message).toMatch(/exactly one of day-of-month/);
    expect(issuesOf({ ...valid, schedule: 'cron(0 8 * * ? 2001)' })[0]?.message).toMatch(/never fires/);
    expect(issuesOf({ ...valid, schedule: 'cron(0 8 31 2 ? *)' })[0]?.message).toMatch(/never fires \(no date matches/);
  });

  it('refuses an unknown time zone', () => {
    expect(issuesOf({ ...valid, timezone: 'Mars/Olympus' })).toEqual([
      {
        path: 'timezone',
        message: "'Mars/Olympus' is not an IANA time zone (use a name such as Asia/Tokyo or Europe/London)",
      },
    ]);
  });

  it('lists every problem at once, unknown fields and bad enums included', () => {
    const issues = issuesOf({ ...valid, language: 'fr', period: 'hourly', colour: 'red', recipients: ['x'] });
    expect(issues.map((i) => i.path).sort()).toEqual(['colour', 'language', 'period', 'recipients[0]']);
  });

  it('refuses a target with since on a non-change kind, and an unknown channel filter', () => {
    const issues = issuesOf({
      ...valid,
      targets: [{ metric: 'nps', kind: 'atLeast', value: 30, since: '2026-01-01' }],
      filters: { channel: ['fax'] },
    });
    expect(issues.map((i) => i.path).sort()).toEqual(['filters.channel[0]', 'targets[0].since']);
  });

  it('refuses filters on two dimensions at once (roll-ups keep one dimension per row)', () => {
    expect(issuesOf({ ...valid, filters: { channel: ['email'], topic: ['billing'] } })).toEqual([
      {
        path: 'filters',
        message: 'filter on one of channel, source or topic (any number of values), not channel and topic',
      },
    ]);
  });
});
