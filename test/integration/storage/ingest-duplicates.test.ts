import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDataRangeStore } from '../../../shared/adapters/dynamo/data-range-store.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import type { Analysis } from '../../../shared/analysis/types.js';
import { ingestFeedback } from '../../../shared/feedback/ingest.js';
import type { FeedbackInput } from '../../../shared/feedback/model.js';
import type { AnalysisMessage, AnalysisQueue } from '../../../shared/feedback/ports.js';
import { createTestTable } from '../../support/dynamo.js';
import { saveAnalysisFor } from '../../support/save-analysis.js';

class RecordingQueue implements AnalysisQueue {
  sent: AnalysisMessage[] = [];
  async send(messages: AnalysisMessage[]) {
    this.sent.push(...messages);
  }
}

const analysis: Analysis = {
  language: { code: 'en', confidence: 1 },
  sentiment: { label: 'negative', score: -0.5, confidence: 0.9, sentences: [] },
  keyPhrases: [],
  topics: [],
  urgency: { level: 'normal', score: 40, reasons: [] },
  pii: {},
  analyzer: { name: 'test', version: '1' },
};

const inputs = (n: number, prefix: string): FeedbackInput[] =>
  Array.from({ length: n }, (_, i) => ({
    text: `The parcel ${i} was late`,
    source: 'import',
    externalId: `${prefix}-${i}`,
    channel: 'review',
    occurredAt: '2026-11-20T10:00:00.000Z',
  }));

/** The DynamoDB operations `client` sends from now on, by name. */
const recordCalls = (client: DynamoDBClient) => {
  const calls: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: `callRecorder${Math.random()}` },
  );
  return calls;
};

let client: DynamoDBClient;
let store: DynamoFeedbackStore;
let deps: Parameters<typeof ingestFeedback>[1] & { queue: RecordingQueue };

beforeEach(async () => {
  const table = await createTestTable('koe-dups');
  client = table.client;
  store = new DynamoFeedbackStore(client, table.tableName);
  deps = {
    store,
    queue: new RecordingQueue(),
    dataRange: new DynamoDataRangeStore(client, table.tableName),
    now: () => new Date('2026-11-22T09:00:00Z'),
  };
});

describe('ingest of a batch already stored', () => {
  it('answers every item duplicate with one read per 100 items, writes nothing and enqueues nothing', async () => {
    // Prepare: a batch imported and analysed.
    const batch = inputs(150, 'a');
    const first = await ingestFeedback(batch, deps);
    for (const { id } of first) await saveAnalysisFor(store, id, 1, analysis, '2026-11-22T09:01:00Z');
    deps.queue.sent = [];
    const calls = recordCalls(client);
    // Act: the same file again.
    const again = await ingestFeedback(batch, deps);
    // Assess
    expect(again.map((r) => r.status)).toEqual(batch.map(() => 'duplicate'));
    expect(again.map((r) => r.id)).toEqual(first.map((r) => r.id));
    expect(deps.queue.sent).toEqual([]);
    expect(calls).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
    const stored = await store.getMany(first.map((r) => r.id));
    expect([...stored.values()].every((i) => i.status === 'analyzed' && i.revision === 1)).toBe(true);
  });

  it('stores and enqueues the new items of a batch that is partly stored, once each', async () => {
    // Prepare
    const old = inputs(30, 'b');
    const firstResults = await ingestFeedback(old, deps);
    for (const { id } of firstResults) await saveAnalysisFor(store, id, 1, analysis, '2026-11-22T09:01:00Z');
    deps.queue.sent = [];
    const fresh = inputs(20, 'c');
    // Act: old and new interleaved, one new item twice.
    const mixed = [...old.slice(0, 10), ...fresh, ...old.slice(10), fresh[0]!];
    const results = await ingestFeedback(mixed, deps);
    // Assess
    expect(results.filter((r) => r.status === 'queued')).toHaveLength(20);
    expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(31);
    expect(deps.queue.sent.map((m) => m.id).sort()).toEqual(
      results
        .filter((r) => r.status === 'queued')
        .map((r) => r.id)
        .sort(),
    );
    const stored = await store.getMany(results.map((r) => r.id));
    expect(stored.size).toBe(50);
  });

  it('re-enqueues a duplicate still waiting for analysis (a crash between store and enqueue heals on retry)', async () => {
    // Prepare: stored, never analysed, its message lost.
    const batch = inputs(5, 'd');
    await ingestFeedback(batch, deps);
    deps.queue.sent = [];
    // Act
    const again = await ingestFeedback(batch, deps);
    // Assess
    expect(again.every((r) => r.status === 'duplicate')).toBe(true);
    expect(deps.queue.sent.map((m) => m.id).sort()).toEqual(again.map((r) => r.id).sort());
  });
});
