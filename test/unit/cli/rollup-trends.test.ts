import { describe, expect, it } from 'vitest';
import { runRollup } from '../../../cli/commands/rollup.js';
import { runTrends } from '../../../cli/commands/trends.js';
import { recordingIo } from '../../support/recording-cli-io.js';

const runAnswer = (body: { from?: string; to?: string; date?: string }) => ({
  status: 200,
  body: {
    from: body.from ?? body.date ?? '2026-11-22',
    to: body.to ?? body.date ?? '2026-11-22',
    days: [{ period: body.from ?? '2026-11-22', items: 3, rows: 7 }],
    composites: [{ period: '2026-11', granularity: 'month', items: 3 }],
  },
});

describe('koe rollup', () => {
  it('follows the server until the window is done, with a progress line and the API key', async () => {
    // Prepare: the server does two days per call
    const { io, requests, out, err } = recordingIo((_, raw) => {
      const body = raw as { from: string; to: string };
      const next = new Date(Date.parse(`${body.from}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
      const complete = next > body.to;
      return {
        status: 200,
        body: {
          from: body.from,
          to: body.to,
          days: [{ period: body.from, items: 3, rows: 7 }],
          composites: complete ? [{ period: '2026-01', granularity: 'month', items: 9 }] : [],
          complete,
          ...(complete ? {} : { next }),
        },
      };
    });
    // Act
    const code = await runRollup(['--from', '2026-01-01', '--to', '2026-01-05'], io);
    // Assess
    expect(code).toBe(0);
    expect(requests.map((r) => r.body)).toEqual([
      { from: '2026-01-01', to: '2026-01-05' },
      { from: '2026-01-03', to: '2026-01-05' },
      { from: '2026-01-05', to: '2026-01-05' },
    ]);
    expect(requests.every((r) => r.url.pathname === '/v1/rollups/run' && r.method === 'POST')).toBe(true);
    expect(requests[0]?.auth).toBe('Bearer koe_admin_key_123456');
    expect(err.join('')).toContain('going on from 2026-01-03');
    expect(out.join('')).toMatch(/2026-01 +month +9/);
    expect(out.join('')).toContain('re-rolled 2026-01-01 … 2026-01-05: 3 day(s), 1 week(s) and month(s), 9 item(s)');
  });

  it('sends date and granularity as given', async () => {
    // Prepare
    const { io, requests } = recordingIo((_, body) => runAnswer(body as { date: string }));
    // Act
    const code = await runRollup(['--date', '2026-11-20', '--granularity', 'week'], io);
    // Assess
    expect(code).toBe(0);
    expect(requests[0]?.body).toEqual({ date: '2026-11-20', granularity: 'week' });
  });

  it('refuses bad usage with exit code 2 before calling anything', async () => {
    // Prepare
    const { io, requests, err } = recordingIo(() => ({ status: 500, body: {} }));
    // Act
    const codes = [
      await runRollup(['--granularity', 'year'], io),
      await runRollup(['--from', '2026-01-01'], io),
      await runRollup(['--date', '2026-01-01', '--from', '2026-01-01', '--to', '2026-01-02'], io),
    ];
    // Assess
    expect(codes).toEqual([2, 2, 2]);
    expect(requests).toHaveLength(0);
    expect(err.join('')).toContain("--granularity must be day, week or month, got 'year'");
  });

  it("shows the server's field errors and exits 1", async () => {
    // Prepare
    const { io, err } = recordingIo(() => ({
      status: 400,
      body: {
        error: {
          message: 'date is not a calendar date',
          issues: [{ path: 'date', message: 'is not a calendar date' }],
        },
      },
    }));
    // Act
    const code = await runRollup(['--date', '2026-02-30'], io);
    // Assess
    expect(code).toBe(1);
    expect(err.join('')).toContain('400 date is not a calendar date');
    expect(err.join('').match(/is not a calendar date/g)).toHaveLength(1); // the message names the issue: once
  });
});

describe('koe trends', () => {
  it('prints rising terms and discovered themes as words, and says when no report exists yet', async () => {
    // Prepare
    const term = {
      term: 'topic:emergent:double charge',
      label: 'emergent:double charge',
      kind: 'theme',
      discovered: true,
      status: 'new',
      count: 12,
      share: 0.6,
      baselineShare: 0,
      qValue: 0.0001,
    };
    let answer: unknown = {
      timezone: 'UTC',
      trends: {
        granularity: 'day',
        period: '2026-11-10',
        volume: 8985,
        baselineVolume: 12496,
        baselinePeriods: 8,
        insufficientBaseline: false,
        rising: [term],
        falling: [],
        discovered: [
          {
            id: 'emergent:double charge',
            label: 'double charge',
            discovered: true,
            members: ['double charge', 'charge double'],
            count: 12,
            negative: 9,
            share: 0.6,
            baselineCount: 0,
            salience: 4.2,
            quotes: [{ id: 'fb_1', text: 'I was charged twice for one seat.' }],
          },
        ],
        themes: [],
      },
    };
    const { io, requests, out } = recordingIo(() => ({ status: 200, body: answer }));
    // Act
    const first = await runTrends(['--period', 'day', '--limit', '5'], io);
    answer = { timezone: 'UTC', trends: null };
    const second = await runTrends(['--period', 'week'], io);
    // Assess
    expect([first, second]).toEqual([0, 0]);
    expect(requests[0]?.url.search).toBe('?period=day&limit=5');
    expect(out.join('')).toMatch(/double charge\s+discovered\s+new\s+12\s+60\.0%\s+0\.0%/);
    expect(out.join('')).toMatch(/double charge\s+12\s+60\.0%\s+4\.2\s+charge double/);
    expect(out.join('')).toContain('double charge: “I was charged twice for one seat.”');
    expect(out.join('')).toContain('no week trend report yet');
    expect(out.join('')).toContain('8,985 item(s) against 12,496 over 8 period(s)'); // grouped as koe import prints
  });
});
