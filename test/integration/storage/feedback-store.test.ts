import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import type { Analysis, UrgencyLevel } from '../../../shared/analysis/types.js';
import { toRedactedItem } from '../../../shared/feedback/ingest.js';
import type { FeedbackItem } from '../../../shared/feedback/model.js';
import { createTestTable } from '../../support/dynamo.js';
import { saveAnalysisFor } from '../../support/save-analysis.js';

let store: DynamoFeedbackStore;

const item = (n: number, occurredAt: string, channel: FeedbackItem['channel'] = 'chat'): FeedbackItem =>
  toRedactedItem(
    { text: `comment ${n}`, source: 'store-test', externalId: `s-${n}-${occurredAt}`, channel, occurredAt },
    occurredAt,
  );

const analysis = (level: UrgencyLevel, score: number): Analysis => ({
  language: { code: 'en', confidence: 1 },
  sentiment: { label: 'negative', score: -0.5, confidence: 0.9, sentences: [] },
  keyPhrases: [],
  topics: [],
  urgency: { level, score, reasons: [{ code: 'test', level }] },
  pii: {},
  analyzer: { name: 'test', version: '1' },
});

const seed = async (
  level: UrgencyLevel,
  score: number,
  occurredAt: string,
  channel: FeedbackItem['channel'] = 'chat',
) => {
  const it = item(Math.round(score * 1000), occurredAt, channel);
  await store.putNew(it);
  await saveAnalysisFor(store, it.id, 1, analysis(level, score), occurredAt);
  return it.id;
};

// A table per test: the queue and window reads see only what their own test seeded, in any order.
beforeEach(async () => {
  const { client, tableName } = await createTestTable();
  store = new DynamoFeedbackStore(client, tableName);
});

describe('DynamoFeedbackStore', () => {
  it('orders the queue by level, then score, then age, across pages', async () => {
    // Prepare
    const oldHigh = await seed('high', 70, '2026-11-01T00:00:00.000Z');
    const newHigh = await seed('high', 70, '2026-11-02T00:00:00.000Z');
    const topHigh = await seed('high', 75, '2026-11-03T00:00:00.000Z');
    const critical = await seed('critical', 90, '2026-11-04T00:00:00.000Z');
    const normal = await seed('normal', 40, '2026-11-05T00:00:00.000Z');
    await seed('low', 10, '2026-11-06T00:00:00.000Z');
    // Act: pages of two
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.queue({ levels: ['critical', 'high', 'normal'], limit: 2, cursor });
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    // Assess
    expect(ids).toEqual([critical, topHigh, oldHigh, newHigh, normal]);
  });

  it('filters the queue by channel', async () => {
    const email = await seed('high', 65, '2026-11-07T00:00:00.000Z', 'email');
    const page = await store.queue({ levels: ['high'], channels: ['email'], limit: 10 });
    expect(page.items.map((i) => i.id)).toEqual([email]);
  });

  it('records an analysis once per revision', async () => {
    const it = item(1, '2026-11-08T00:00:00.000Z');
    await store.putNew(it);
    const first = await saveAnalysisFor(store, it.id, 1, analysis('normal', 40), '2026-11-08T01:00:00.000Z');
    const second = await saveAnalysisFor(store, it.id, 1, analysis('critical', 99), '2026-11-08T02:00:00.000Z');
    const stored = await store.get(it.id);
    expect([first, second]).toEqual([true, false]);
    expect(stored?.analysis?.urgency.level).toBe('normal');
    expect(stored?.analyzedAt).toBe('2026-11-08T01:00:00.000Z');
  });

  it('does not mark an analyzed item failed', async () => {
    const it = item(2, '2026-11-09T00:00:00.000Z');
    await store.putNew(it);
    await saveAnalysisFor(store, it.id, 1, analysis('low', 5), '2026-11-09T01:00:00.000Z');
    await store.markFailed(it.id, 1, 'late failure');
    expect((await store.get(it.id))?.status).toBe('analyzed');
  });

  it('lists items by occurredAt over a window spanning days, and nothing outside it', async () => {
    // Prepare: items in Tokyo's 2026-10-10 (2026-10-09T15:00Z .. 2026-10-10T15:00Z) and around it
    const inside = [
      '2026-10-09T15:00:00.000Z',
      '2026-10-09T23:59:59.999Z',
      '2026-10-10T00:00:00.000Z',
      '2026-10-10T14:59:59.999Z',
    ];
    const outside = ['2026-10-09T14:59:59.999Z', '2026-10-10T15:00:00.000Z'];
    for (const [n, at] of [...inside, ...outside].entries()) await store.putNew(item(100 + n, at));
    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listByOccurredAt('2026-10-09T15:00:00.000Z', '2026-10-10T15:00:00.000Z', cursor);
      seen.push(...page.items.map((i) => i.occurredAt));
      cursor = page.nextCursor;
    } while (cursor);
    // Assess
    expect(seen.sort()).toEqual(inside.sort());
  });

  it('refuses a forged cursor with a validation error', async () => {
    await expect(store.queue({ limit: 5, cursor: 'not-a-cursor' })).rejects.toThrow(/Invalid cursor/);
  });
});
