import { beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeQueryHandler, QUEUE_COUNT_CAP } from '../../../functions/query/handler.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore } from '../../../shared/adapters/dynamo/rollup-store.js';
import { DynamoTrendStore } from '../../../shared/adapters/dynamo/trend-store.js';
import { DynamoTriageStore } from '../../../shared/adapters/dynamo/triage-store.js';
import type { UrgencyLevel } from '../../../shared/analysis/types.js';
import type { Channel } from '../../../shared/feedback/model.js';
import { gatherDigest } from '../../../shared/reports/gather-digest.js';
import { parsePeriodKey } from '../../../shared/rollups/periods.js';
import { analysisOf, itemOf } from '../../support/analysis-fixture.js';
import { apiEvent, lambdaContext } from '../../support/api-event.js';
import { createTestTable } from '../../support/dynamo.js';
import { saveAnalysisFor } from '../../support/save-analysis.js';

// Issue 13: the queue header shows the true total of its filter ("50 of 1,234"), and the digest's
// queue block counts what the queue shows — overdue timed from receipt, whenever the customer wrote.
const NOW = new Date('2026-12-04T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

interface Seed {
  level: UrgencyLevel;
  receivedMinutesAgo: number;
  channel: Channel;
  topic: string;
  occurredAt?: string;
}

// Critical SLA 60 min, high 240, normal 1440 (DEFAULT_SLA).
const seeds: Seed[] = [
  // Imported history: written in 2015, received 30 minutes ago — not overdue (30 of 60 minutes left).
  ...Array.from({ length: 3 }, () => ({
    level: 'critical' as const,
    receivedMinutesAgo: 30,
    channel: 'social' as const,
    topic: 'delay',
    occurredAt: '2015-02-20T10:00:00.000Z',
  })),
  // Received 2 hours ago: critical overdue, high not.
  ...Array.from({ length: 4 }, () => ({
    level: 'critical' as const,
    receivedMinutesAgo: 120,
    channel: 'email' as const,
    topic: 'billing',
  })),
  ...Array.from({ length: 9 }, (_, i) => ({
    level: 'high' as const,
    receivedMinutesAgo: i < 5 ? 120 : 300, // the last four are overdue
    channel: i % 2 === 0 ? ('email' as const) : ('chat' as const),
    topic: i % 3 === 0 ? 'delay' : 'billing',
  })),
  ...Array.from({ length: 6 }, () => ({
    level: 'normal' as const,
    receivedMinutesAgo: 2000, // overdue, but a digest counts only critical and high
    channel: 'chat' as const,
    topic: 'billing',
  })),
];

let store: DynamoFeedbackStore;
let query: ReturnType<typeof makeQueryHandler>;
let digestDeps: Parameters<typeof gatherDigest>[1];
let acknowledgedId: string;

const listQueue = async (params: Record<string, string>) => {
  const event = apiEvent('GET /v1/queue', { query: params });
  (event.requestContext as { authorizer?: unknown }).authorizer = {
    lambda: { keyId: 'key_alice', name: 'alice', scopes: 'read' },
  };
  const res = await query(event, lambdaContext());
  return { status: res.statusCode, body: JSON.parse(res.body ?? '{}') };
};

/** Counted here from the seeds, independently of the store. */
const expected = (keep: (s: Seed) => boolean) => seeds.filter(keep).length;
const SLA: Record<string, number> = { critical: 60, high: 240, normal: 1440 };
const overdue = (s: Seed) => s.receivedMinutesAgo > (SLA[s.level] ?? Number.POSITIVE_INFINITY);

beforeAll(async () => {
  const { client, tableName } = await createTestTable('koe-queue-total');
  store = new DynamoFeedbackStore(client, tableName);
  query = makeQueryHandler({ store, audit: new DynamoTriageStore(client, tableName), now: () => NOW });
  digestDeps = {
    rollups: new DynamoRollupStore(client, tableName),
    trends: new DynamoTrendStore(client, tableName),
    items: store,
    now: () => NOW,
  };
  const ids: string[] = [];
  for (const [i, s] of seeds.entries()) {
    const receivedAt = minutesAgo(s.receivedMinutesAgo);
    const item = {
      ...itemOf(`Comment ${i}: the refund never came.`, `total-${i}`, receivedAt),
      channel: s.channel,
      occurredAt: s.occurredAt ?? receivedAt,
    };
    await store.putNew(item);
    await saveAnalysisFor(store, item.id, 1, analysisOf(s.level, { topics: [s.topic] }), receivedAt);
    ids.push(item.id);
  }
  // One more critical, acknowledged: off the open queue and off every count.
  const acked = itemOf('Acknowledged one.', 'total-acked', minutesAgo(500));
  await store.putNew(acked);
  await saveAnalysisFor(store, acked.id, 1, analysisOf('critical'), minutesAgo(500));
  const read = await store.get(acked.id);
  if (!read) throw new Error('seed missing');
  acknowledgedId = acked.id;
  await new DynamoTriageStore(client, tableName).updateTriage(read, read.triage.version, {
    ...read.triage,
    status: 'acknowledged',
    acknowledgedAt: NOW.toISOString(),
  });
});

describe('GET /v1/queue total (dynalite)', () => {
  it('counts every open item of the filter, not the page: 2 shown of 22', async () => {
    // Act
    const res = await listQueue({ limit: '2' });
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.total).toEqual({ count: seeds.length, atLeast: false });
    expect(res.body.items.map((i: { id: string }) => i.id)).not.toContain(acknowledgedId);
  });

  it('counts with the same filters the page applies: level, channel, topic, overdue', async () => {
    // Act
    const critical = await listQueue({ level: 'critical', limit: '1' });
    const email = await listQueue({ channel: 'email', limit: '1' });
    const delay = await listQueue({ topic: 'delay', level: 'critical,high', limit: '1' });
    const late = await listQueue({ overdue: 'true', limit: '1' });
    const acknowledged = await listQueue({ status: 'acknowledged' });
    // Assess
    expect(critical.body.total.count).toBe(expected((s) => s.level === 'critical'));
    expect(email.body.total.count).toBe(expected((s) => s.channel === 'email'));
    expect(delay.body.total.count).toBe(expected((s) => s.topic === 'delay' && s.level !== 'normal'));
    expect(late.body.total.count).toBe(expected(overdue));
    expect(acknowledged.body.total).toEqual({ count: 1, atLeast: false });
  });

  it('does not count again on later pages (the cursor)', async () => {
    // Prepare
    const first = await listQueue({ limit: '5' });
    // Act
    const second = await listQueue({ limit: '5', cursor: first.body.nextCursor });
    // Assess
    expect(second.status).toBe(200);
    expect(second.body.items).toHaveLength(5);
    expect(second.body.total).toBeUndefined();
  });

  it('stops at the cap and says the count is a lower bound', async () => {
    // Act
    const capped = await store.countQueue({ levels: ['critical', 'high', 'normal'] }, 10);
    const exact = await store.countQueue({ levels: ['critical'] }, 10);
    // Assess
    expect(QUEUE_COUNT_CAP).toBe(1000);
    expect(capped).toEqual({ count: 10, atLeast: true });
    expect(exact).toEqual({ count: expected((s) => s.level === 'critical'), atLeast: false });
  });

  it('times the SLA from receipt: a 2015 tweet received 30 minutes ago is due in 30 minutes, not 4,000 days late', async () => {
    // Act
    const res = await listQueue({ channel: 'social', level: 'critical' });
    // Assess
    expect(res.body.items).toHaveLength(3);
    for (const entry of res.body.items) {
      expect(entry.occurredAt).toBe('2015-02-20T10:00:00.000Z');
      expect(entry.overdue).toBe(false);
      expect(entry.dueAt).toBe(new Date(Date.parse(entry.receivedAt) + 60 * 60_000).toISOString());
    }
  });
});

describe("the digest's queue block agrees with the queue", () => {
  it('counts critical, high and overdue as the queue filtered to critical,high does', async () => {
    // Prepare
    const period = parsePeriodKey('2026-W48', 'UTC');
    // Act
    const digest = await gatherDigest({ language: 'ja', period }, digestDeps);
    const critical = await listQueue({ level: 'critical', limit: '1' });
    const high = await listQueue({ level: 'high', limit: '1' });
    const late = await listQueue({ level: 'critical,high', overdue: 'true', limit: '1' });
    // Assess: the same numbers, and the independent count of the seeds
    expect(digest.queue.critical).toBe(critical.body.total.count);
    expect(digest.queue.high).toBe(high.body.total.count);
    expect(digest.queue.overdue).toBe(late.body.total.count);
    expect(digest.queue.overdue).toBe(expected((s) => s.level !== 'normal' && overdue(s)));
    expect(digest.queue.truncated).toBe(false);
  });

  it('filters its counts by the digest scope as the queue filters by channel', async () => {
    // Prepare
    const period = parsePeriodKey('2026-W48', 'UTC');
    // Act
    const digest = await gatherDigest({ language: 'en', period, filters: { channel: ['email'] } }, digestDeps);
    const late = await listQueue({ level: 'critical,high', channel: 'email', overdue: 'true' });
    // Assess
    expect(digest.queue.critical).toBe(expected((s) => s.level === 'critical' && s.channel === 'email'));
    expect(digest.queue.high).toBe(expected((s) => s.level === 'high' && s.channel === 'email'));
    expect(digest.queue.overdue).toBe(late.body.total.count);
  });
});
