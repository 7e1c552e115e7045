import { describe, expect, it } from 'vitest';
import { waitForAnalysis } from '../../../cli/commands/import.js';
import { runItem } from '../../../cli/commands/item.js';
import { runQueue } from '../../../cli/commands/queue.js';
import { recordingIo } from '../../support/recording-cli-io.js';

const NOW = new Date('2026-12-04T06:00:00.000Z');

const queueItem = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  level: 'critical',
  score: 97,
  status: 'open',
  assignee: null,
  dueAt: '2026-12-04T06:44:00.000Z',
  overdue: false,
  occurredAt: '2015-02-20T17:32:32.000Z',
  receivedAt: '2026-12-04T05:44:00.000Z',
  excerpt: '荷物が届かず、問い合わせても三日間返事がありません。返金してください。今すぐに対応をお願いします。',
  topics: ['baggage', 'emergent:peanut allergy'],
  ...over,
});

describe('koe queue', () => {
  it('sends the filters the API reads and lists the rows with names, SLA and the next page', async () => {
    // Prepare
    const { io, requests, out } = recordingIo(() => ({
      status: 200,
      body: {
        items: [queueItem('fb_a'), queueItem('fb_b', { dueAt: '2026-12-04T03:00:00.000Z', assignee: 'hana' })],
        nextCursor: 'CUR',
      },
    }));
    // Act
    const code = await runQueue(['--level', 'all', '--topic', 'baggage', '--overdue', '--limit', '2'], io, () => NOW);
    // Assess
    expect(code).toBe(0);
    const query = Object.fromEntries(requests[0]?.url.searchParams ?? []);
    expect(query).toEqual({
      level: 'critical,high,normal,low',
      status: 'open',
      topic: 'baggage',
      overdue: 'true',
      limit: '2',
    });
    const text = out.join('');
    expect(text).toMatch(/critical +97 +open +— +in 44 min +2015-02-20 +fb_a/);
    expect(text).toMatch(/hana +3 h overdue/);
    expect(text).toContain('[Baggage, "peanut allergy" (discovered)]');
    expect(text).toContain('…'); // the long Japanese excerpt is cut to the column
    expect(text).toContain('more follow: the same command with --cursor CUR');
  });

  it("says how many of the filter's total it shows: exact, or 1,000+ past the API's cap", async () => {
    // Prepare
    const page = (total: { count: number; atLeast: boolean }) =>
      recordingIo(() => ({
        status: 200,
        body: { items: [queueItem('fb_a'), queueItem('fb_b')], nextCursor: 'CUR', total },
      }));
    const exact = page({ count: 1234, atLeast: false });
    const capped = page({ count: 1000, atLeast: true });
    // Act
    await runQueue(['--limit', '2'], exact.io, () => NOW);
    await runQueue(['--limit', '2'], capped.io, () => NOW);
    // Assess
    expect(exact.out.join('')).toContain('2 of 1,234 shown; more follow: the same command with --cursor CUR');
    expect(capped.out.join('')).toContain('2 of 1,000+ shown; more follow');
    expect(exact.out.join('')).toContain('SLA (FROM RECEIPT)');
  });

  it('refuses an unknown level before calling the API', async () => {
    // Prepare
    const { io, requests, err } = recordingIo(() => ({ status: 200, body: { items: [] } }));
    // Act
    const code = await runQueue(['--level', 'critical,urgent'], io);
    // Assess
    expect(code).toBe(2);
    expect(requests).toHaveLength(0);
    expect(err.join('')).toContain("not 'urgent'");
  });

  it('says the queue is empty in words, and the end of the queue when no page follows', async () => {
    // Prepare
    const empty = recordingIo(() => ({ status: 200, body: { items: [] } }));
    const last = recordingIo(() => ({ status: 200, body: { items: [queueItem('fb_a')], nextCursor: null } }));
    // Act
    await runQueue(['--status', 'resolved'], empty.io);
    await runQueue([], last.io, () => NOW);
    // Assess
    expect(empty.out.join('')).toBe('nothing resolved at critical, high or normal level with these filters\n');
    expect(last.out.join('')).toContain('1 item(s): the end of the queue for these filters');
  });

  it('prints an API refusal once, with the scope to ask for', async () => {
    // Prepare
    const { io, out, err } = recordingIo(() => ({
      status: 403,
      body: { error: { code: 'FORBIDDEN', message: 'this key lacks the read scope' } },
    }));
    // Act
    const code = await runQueue([], io);
    // Assess
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain('koe queue: GET /v1/queue failed: 403');
    expect(err[0]).toContain('read scope');
  });
});

describe('koe item', () => {
  const item = {
    id: 'fb_a',
    source: 'twitter-airline',
    externalId: '568825542792720385',
    channel: 'social',
    text: 'Our son has a peanut allergy. Please answer today.',
    metadata: { airline: 'Southwest' },
    occurredAt: '2015-02-20T17:32:32.000Z',
    receivedAt: '2026-12-04T05:44:00.000Z',
    status: 'analyzed',
    overdue: false,
    triage: { status: 'open', level: 'critical', score: 98, topics: ['safety'], dueAt: '2026-12-04T06:44:00.000Z' },
    analysis: {
      language: { code: 'en' },
      sentiment: { label: 'neutral', score: 0.2 },
      urgency: {
        reasons: [
          { code: 'safety_risk', level: 'critical', evidence: { start: 14, end: 28 } },
          { code: 'time_pressure', level: 'high', evidence: { start: 44, end: 49 } },
        ],
      },
    },
    history: [{ at: '2026-12-04T05:50:00.000Z', actor: 'hana', action: 'claim', to: { assignee: 'hana' }, version: 2 }],
  };

  it('shows the item with reason names, their evidence, both times and the history', async () => {
    // Prepare
    const { io, requests, out } = recordingIo(() => ({ status: 200, body: item }));
    // Act
    const code = await runItem(['fb_a'], io, () => NOW);
    // Assess
    expect(code).toBe(0);
    expect(requests[0]?.url.pathname).toBe('/v1/feedback/fb_a');
    const text = out.join('');
    expect(text).toContain('fb_a: critical 98 · open · unassigned · SLA in 44 min');
    expect(text).toContain('written 2015-02-20 17:32 UTC · received 2026-12-04 05:44 UTC (the SLA counts from here)');
    expect(text).toContain('topics: Safety');
    expect(text).toMatch(/critical +risk to safety or health +“peanut allergy”/);
    expect(text).toMatch(/high +\S.* +“today”/);
    expect(text).toContain('hana  claim  assignee=hana');
  });

  it('needs exactly one id', async () => {
    // Prepare
    const { io, requests, err } = recordingIo(() => ({ status: 200, body: item }));
    // Act
    const code = await runItem([], io);
    // Assess
    expect(code).toBe(2);
    expect(requests).toHaveLength(0);
    expect(err.join('')).toContain('give exactly one item id');
  });
});

describe('koe import --wait', () => {
  it('counts the analysis out of what the import queued, as the line before it says', async () => {
    // Prepare: 14,485 queued; 1,470 were analysed while the import ran, then the rest
    const waiting = [13_015, 0];
    const { io, err } = recordingIo(() => ({
      status: 200,
      body: { backlog: { queued: waiting.shift() ?? 0, inFlight: 0, oldestQueuedAt: null }, dataRange: null },
    }));
    // Act
    await waitForAnalysis(io, 'http://koe.test', false, { queued: 14_485, pollMs: 1 });
    // Assess
    const lines = err.join('').trim().split('\n');
    expect(lines[0]).toMatch(/^analysis 1,470 of 14,485 · /);
    expect(lines.at(-1)).toMatch(/^analysis 14,485 of 14,485 · .* · 0 waiting$/);
  });
});
