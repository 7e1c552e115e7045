import { afterEach, describe, expect, inject, it } from 'vitest';
import { AnalysisThread, AnalysisThreadError } from '../../../infra/local/analysis-thread.js';
import { makeLambdaContext } from '../../../infra/local/lambda-context.js';
import type { LocalLog } from '../../../infra/local/log.js';
import { InProcessQueue } from '../../../infra/local/queue.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { ingestFeedback } from '../../../shared/feedback/ingest.js';
import type { AnalysisMessage } from '../../../shared/feedback/ports.js';
import { createTestTable } from '../../support/dynamo.js';
import { sqsRecord } from '../../support/sqs-event.js';

// The local stack's analysis consumer in its worker thread (infra/local/analysis-thread.ts): the real thread
// against dynalite, and a stand-in worker (test/support/fake-analysis-worker.mjs) that dies or refuses on purpose.
const quiet: LocalLog = { info: () => {}, warn: () => {}, error: () => {} };
const FAKE = new URL('../../support/fake-analysis-worker.mjs', import.meta.url);
const setup = (env: Record<string, string> = {}) => ({ env, dynamoSocket: '/nonexistent.sock' });
const context = () => makeLambdaContext({ fn: 'analyze' });
const event = (body: unknown, receiveCount = 1) => ({ Records: [sqsRecord(body, `m-${Math.random()}`, receiveCount)] });

const stoppers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stoppers.splice(0)) await stop();
});

describe('AnalysisThread', () => {
  it('analyses what the queue delivers in its thread, against the engine, and stops once drained', async () => {
    // Prepare: two comments stored and their messages on a queue whose consumer is the thread
    const { client, tableName } = await createTestTable('koe-thread');
    const store = new DynamoFeedbackStore(client, tableName);
    const sent: AnalysisMessage[] = [];
    const results = await ingestFeedback(
      ['The parcel arrived broken and nobody answers.', '配送が遅すぎて困っています。'].map((text, i) => ({
        text,
        source: 'thread-test',
        externalId: `t-${i}`,
        channel: 'chat' as const,
        occurredAt: new Date().toISOString(),
      })),
      {
        store,
        queue: { send: async (m) => void sent.push(...m) },
        dataRange: { widen: async () => {} },
        now: () => new Date(),
      },
    );
    const thread = AnalysisThread.spawn({ log: quiet });
    stoppers.push(() => thread.stop());
    await thread.open({ env: { ...process.env, TABLE_NAME: tableName }, dynamoSocket: inject('dynamoSocket') });
    const queue = new InProcessQueue({ name: 'thread-q', maxBatchingWindowMs: 1, log: quiet });
    // Act
    queue.start(thread.consumer);
    await queue.send(sent);
    await queue.idle();
    await queue.drain();
    await thread.stop();
    const items = await Promise.all(results.map((r) => store.get(r.id)));
    // Assess
    expect(queue.stats()).toMatchObject({ delivered: 2, failedAttempts: 0, deadLetters: 0 });
    expect(items.map((item) => [item?.status, item?.analyzedRevision])).toEqual([
      ['analyzed', 1],
      ['analyzed', 1],
    ]);
    await expect(thread.consumer(event({ id: 'late', revision: 1 }), context())).rejects.toBeInstanceOf(
      AnalysisThreadError,
    );
  });

  it('fails the batch of a thread that dies, and starts a new one, opened with the same setup, for the next', async () => {
    // Prepare
    const thread = AnalysisThread.spawn({ log: quiet, script: FAKE });
    stoppers.push(() => thread.stop());
    await thread.open(setup());
    // Act
    const crashed = await thread.consumer(event({ id: 'crash', revision: 1 }), context()).catch((e: Error) => e);
    const next = await thread.consumer(event({ id: 'calm', revision: 1 }), context());
    // Assess
    expect(crashed).toBeInstanceOf(AnalysisThreadError);
    expect((crashed as Error).message).toContain('exit code 3');
    expect(next).toEqual({ batchItemFailures: [] });
  });

  it('loses nothing when the thread dies mid-batch: the queue delivers the message again', async () => {
    // Prepare
    const thread = AnalysisThread.spawn({ log: quiet, script: FAKE });
    stoppers.push(() => thread.stop());
    await thread.open(setup());
    const queue = new InProcessQueue({
      name: 'thread-crash-q',
      maxBatchingWindowMs: 1,
      backoff: { baseMs: 1, maxMs: 2 },
      log: quiet,
    });
    queue.start(thread.consumer);
    // Act
    await queue.send([
      { id: 'crash', revision: 1 },
      { id: 'calm', revision: 1 },
    ]);
    await queue.idle();
    await queue.drain();
    // Assess: both were in the batch the thread took down with it; both are delivered on the retry
    expect(queue.stats()).toMatchObject({ delivered: 2, failedAttempts: 2, deadLetters: 0 });
  });

  it('rejects open when the thread cannot build its consumer', async () => {
    // Prepare
    const thread = AnalysisThread.spawn({ log: quiet, script: FAKE });
    stoppers.push(() => thread.stop());
    // Act
    const opened = await thread.open(setup({ FAKE_OPEN_FAILS: '1' })).catch((e: Error) => e);
    // Assess
    expect(opened).toBeInstanceOf(AnalysisThreadError);
    expect((opened as Error).message).toContain('no models');
  });
});
