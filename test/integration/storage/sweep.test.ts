import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeAnalyzeHandler } from '../../../functions/analyze/handler.js';
import type { LocalLog } from '../../../infra/local/log.js';
import { InProcessQueue } from '../../../infra/local/queue.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { createLocalAnalyzer } from '../../../shared/analysis/local-analyzer.js';
import { ingestFeedback } from '../../../shared/feedback/ingest.js';
import type { AnalysisMessage } from '../../../shared/feedback/ports.js';
import { STUCK_AFTER_MS, sweepStuckItems } from '../../../shared/feedback/sweep-stuck.js';
import { createTestTable } from '../../support/dynamo.js';

// The sweeper against dynalite, the in-process queue and the real analyze handler: an item whose
// queue message was lost (a crash between the write and the enqueue, a power cut) is analyzed after a
// sweep; an item whose message is still in flight is left alone.
const quiet: LocalLog = { info: () => {}, warn: () => {}, error: () => {} };
const analyzer = createLocalAnalyzer();
let store: DynamoFeedbackStore;
let queue: InProcessQueue | undefined;
let seq = 0;

beforeAll(async () => {
  const { client, tableName } = await createTestTable('koe-sweep');
  store = new DynamoFeedbackStore(client, tableName);
});

afterEach(async () => {
  await queue?.drain();
  queue = undefined;
});

/** Ingests comments; `lost` drops their queue messages as a crash after the write would. */
const ingest = async (n: number, sent: AnalysisMessage[] = []) => {
  const results = await ingestFeedback(
    Array.from({ length: n }, () => ({
      text: `Parcel ${++seq} arrived late and broken.`,
      source: 'sweep-test',
      externalId: `s-${seq}`,
      channel: 'chat' as const,
      occurredAt: '2026-11-22T00:00:00.000Z',
    })),
    {
      store,
      queue: { send: async (m) => void sent.push(...m) },
      dataRange: { widen: async () => {} },
      now: () => new Date(),
    },
  );
  return results.map((r) => r.id);
};

const startQueue = (name: string) => {
  const q = new InProcessQueue({ name, maxBatchingWindowMs: 1, log: quiet });
  q.start(makeAnalyzeHandler({ store, analyzer, now: () => new Date(), maxReceiveCount: 5 }));
  queue = q;
  return q;
};

const later = () => new Date(Date.now() + STUCK_AFTER_MS + 60_000);

describe('sweepStuckItems', () => {
  it('re-enqueues an item left queued with no message, and it is analyzed', async () => {
    // Prepare: written, then the process died before the enqueue
    const [id] = await ingest(1);
    const q = startQueue('sweep-lost');
    // Act
    const early = await sweepStuckItems({ store, queue: q, now: () => new Date() });
    const result = await sweepStuckItems({ store, queue: q, now: later });
    await q.idle();
    // Assess
    expect(early.requeued).toBe(0);
    expect(result.requeued).toBeGreaterThanOrEqual(1);
    const item = await store.get(id!);
    expect(item?.status).toBe('analyzed');
    expect(item?.analyzedRevision).toBe(1);
  });

  it('leaves an item whose message is in flight alone, and two sweeps enqueue a stuck item once', async () => {
    // Prepare: one item just queued (its message in flight), one stuck
    const inFlight: AnalysisMessage[] = [];
    const [young] = await ingest(1, inFlight);
    const sent: AnalysisMessage[] = [];
    const recording = { send: async (m: AnalysisMessage[]) => void sent.push(...m) };
    const [stuck] = await ingest(1);
    const at = later();
    // Act: the young item is not yet past the deadline at `now`; two sweepers race at `at`
    const now = await sweepStuckItems({ store, queue: recording, now: () => new Date() });
    const [a, b] = await Promise.all([
      sweepStuckItems({ store, queue: recording, now: () => at }),
      sweepStuckItems({ store, queue: recording, now: () => at }),
    ]);
    const again = await sweepStuckItems({ store, queue: recording, now: () => at });
    // Assess
    expect(inFlight.map((m) => m.id)).toEqual([young]);
    expect(now.requeued).toBe(0);
    expect(sent.filter((m) => m.id === stuck)).toEqual([{ id: stuck, revision: 1 }]);
    expect(a.requeued + b.requeued + again.requeued).toBe(sent.length);
    expect(again.requeued).toBe(0);
  });

  it('a message in flight past the deadline plus the sweep’s: analyzed once (idempotent analysis)', async () => {
    // Prepare: the original message is still queued when the sweeper decides the item is stuck
    const original: AnalysisMessage[] = [];
    const [id] = await ingest(1, original);
    const q = new InProcessQueue({ name: 'sweep-double', maxBatchingWindowMs: 1, log: quiet });
    queue = q;
    const saves: string[] = [];
    const counting = Object.create(store) as DynamoFeedbackStore;
    counting.saveAnalysis = async (...args) => {
      const saved = await store.saveAnalysis(...args);
      if (saved) saves.push(args[0].id);
      return saved;
    };
    q.start(makeAnalyzeHandler({ store: counting, analyzer, now: () => new Date(), maxReceiveCount: 5 }));
    // Act
    const swept = await sweepStuckItems({ store, queue: q, now: later });
    await q.send(original);
    await q.idle();
    // Assess
    expect(swept.requeued).toBeGreaterThanOrEqual(1);
    expect(saves.filter((s) => s === id)).toEqual([id]);
    expect((await store.get(id!))?.status).toBe('analyzed');
  });

  it('never sweeps an analyzed or a failed item', async () => {
    // Prepare
    const [analyzed, failed] = await ingest(2);
    const q = startQueue('sweep-done');
    await q.send([{ id: analyzed!, revision: 1 }]);
    await q.idle();
    await store.markFailed(failed!, 1, 'gave up');
    const sent: AnalysisMessage[] = [];
    // Act
    await sweepStuckItems({ store, queue: { send: async (m) => void sent.push(...m) }, now: later });
    // Assess
    expect(sent.map((m) => m.id)).not.toContain(analyzed);
    expect(sent.map((m) => m.id)).not.toContain(failed);
  });
});
