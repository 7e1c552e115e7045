import {
  BatchDetectDominantLanguageCommand,
  type BatchDetectDominantLanguageCommandInput,
  BatchDetectKeyPhrasesCommand,
  BatchDetectSentimentCommand,
  type BatchDetectSentimentCommandInput,
  ComprehendClient,
  DetectPiiEntitiesCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-comprehend';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDlq } from '../../../cli/commands/dlq.js';
import type { CliIo } from '../../../cli/lib/api.js';
import { makeHandler as makeAdminHandler } from '../../../functions/admin/handler.js';
import { makeHandler as makeAnalyzeHandler } from '../../../functions/analyze/handler.js';
import { ROUTES } from '../../../functions/routes.js';
import { type HttpServer, startHttpServer } from '../../../infra/local/http-server.js';
import type { LocalLog } from '../../../infra/local/log.js';
import { InProcessQueue } from '../../../infra/local/queue.js';
import { ComprehendAnalyzer } from '../../../shared/adapters/comprehend/analyzer.js';
import { createKoeRules } from '../../../shared/adapters/comprehend/rules.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { createLocalAnalyzer } from '../../../shared/analysis/local-analyzer.js';
import type { Analyzer } from '../../../shared/analysis/types.js';
import { ingestFeedback } from '../../../shared/feedback/ingest.js';
import { lambdaContext } from '../../support/api-event.js';
import { createTestTable } from '../../support/dynamo.js';
import { sqsRecord } from '../../support/sqs-event.js';

// Faults against the real parts: dynalite (global setup), the in-process queue with SQS semantics,
// the analyze handler as Lambda runs it, the admin API over the local HTTP server and `koe dlq`.
const quiet: LocalLog = { info: () => {}, warn: () => {}, error: () => {} };
let store: DynamoFeedbackStore;
const base = createLocalAnalyzer();

beforeAll(async () => {
  const { client, tableName } = await createTestTable('koe-faults');
  store = new DynamoFeedbackStore(client, tableName);
});

const record = (id: string, messageId: string, receiveCount = 1): SQSRecord =>
  sqsRecord({ id, revision: 1 }, messageId, receiveCount);

const ingest = async (texts: string[], source: string) => {
  const results = await ingestFeedback(
    texts.map((text, i) => ({
      text,
      source,
      externalId: `${source}-${i}`,
      channel: 'chat' as const,
      occurredAt: '2026-11-22T00:00:00.000Z',
    })),
    { store, queue: { send: async () => {} }, dataRange: { widen: async () => {} }, now: () => new Date() },
  );
  return results.map((r) => r.id);
};

/** Wraps an analyzer: counts calls per text and fails while `fails(text)` is true. */
const instrumented = (fails: (text: string) => boolean = () => false, inner: Analyzer = base) => {
  const calls = new Map<string, number>();
  const analyzer: Analyzer = {
    name: inner.name,
    version: inner.version,
    analyze: async (inputs) => {
      for (const input of inputs) calls.set(input.text, (calls.get(input.text) ?? 0) + 1);
      if (inputs.some((i) => fails(i.text))) throw new Error('analyzer broke on this record');
      return inner.analyze(inputs);
    },
  };
  return { analyzer, calls };
};

describe('one record of a batch makes the analyzer throw', () => {
  let server: HttpServer;
  let queue: InProcessQueue;
  afterAll(async () => {
    await server?.close();
    await queue?.drain();
  });

  it('retries only that record, dead-letters it, and `koe dlq replay` analyzes it once the cause is fixed', async () => {
    // Prepare: five comments in one batch, one of which the analyzer cannot take (until fixed)
    let broken = true;
    const texts = ['Fine service.', 'Delivery was late.', 'POISON record here.', 'Love the app.', 'Refund please.'];
    const { analyzer, calls } = instrumented((text) => broken && text.includes('POISON'));
    queue = new InProcessQueue({
      name: 'faults-dlq',
      maxReceiveCount: 3,
      batchSize: 10,
      maxBatchingWindowMs: 1,
      backoff: { baseMs: 1, maxMs: 2 },
      log: quiet,
    });
    queue.start(makeAnalyzeHandler({ store, analyzer, now: () => new Date(), maxReceiveCount: 3 }));
    server = await startHttpServer({
      port: 0,
      routes: ROUTES.filter((r) => r.fn === 'admin'),
      handlers: { admin: makeAdminHandler({ deadLetters: queue }) },
      log: quiet,
    });
    const ids = await ingest(texts, 'poison');
    // Act
    await queue.send(ids.map((id) => ({ id, revision: 1 })));
    await queue.idle();
    const afterFailures = await Promise.all(ids.map((id) => store.get(id)));
    const dead = await queue.list(10);
    broken = false;
    const out: string[] = [];
    const io: CliIo = { env: { KOE_URL: server.url }, out: (t) => out.push(t), err: () => {}, fetch };
    const code = await runDlq(['replay', '--all'], io);
    await queue.idle();
    const afterReplay = await Promise.all(ids.map((id) => store.get(id)));
    // Assess: the other four were analyzed on their first delivery and never again — each text went to the
    // analyzer in the batch's one call, which failed, then alone; the poison alone on each redelivery and the replay
    expect(texts.map((t) => calls.get(t))).toEqual([2, 2, 2 + 2 + 1, 2, 2]);
    expect(afterFailures.map((i) => i?.status)).toEqual(['analyzed', 'analyzed', 'failed', 'analyzed', 'analyzed']);
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0]!.body)).toEqual({ id: ids[2], revision: 1 });
    expect(dead[0]!.attempts).toBe(3);
    expect(code).toBe(0);
    expect(out.join('')).toBe('replayed 1 message(s)\n');
    expect(afterReplay.map((i) => i?.status)).toEqual(Array(5).fill('analyzed'));
    expect(afterReplay.map((i) => i?.analyzedRevision)).toEqual(Array(5).fill(1));
    expect(queue.stats().deadLetters).toBe(0);
  });
});

describe('two batches in flight on one analyze handler (the local queue runs two at a time)', () => {
  it("reports each batch's failed record in that batch's own response", async () => {
    // Prepare: batch A's bad record fails only after batch B has started on the same handler
    const [a1, a2, b1] = await ingest(['A fine.', 'A slow failure.', 'B fine.'], 'concurrent');
    let releaseA!: () => void;
    const bStarted = new Promise<void>((resolve) => {
      releaseA = resolve;
    });
    const analyzer: Analyzer = {
      name: base.name,
      version: base.version,
      analyze: async (inputs) => {
        if (inputs.some((i) => i.text.includes('slow failure'))) {
          await bStarted;
          throw new Error('analyzer broke');
        }
        if (inputs.some((i) => i.text.startsWith('B'))) releaseA();
        return base.analyze(inputs);
      },
    };
    const handler = makeAnalyzeHandler({ store, analyzer, now: () => new Date(), maxReceiveCount: 5 });
    const batchA: SQSEvent = { Records: [record(a1!, 'a-1'), record(a2!, 'a-2')] };
    const batchB: SQSEvent = { Records: [record(b1!, 'b-1')] };
    // Act
    const [resA, resB] = await Promise.all([
      handler(batchA, lambdaContext('koe-analyze')),
      handler(batchB, lambdaContext('koe-analyze')),
    ]);
    // Assess: a failure acknowledged by mistake would be a lost comment
    expect(resA.batchItemFailures).toEqual([{ itemIdentifier: 'a-2' }]);
    expect(resB.batchItemFailures).toEqual([]);
  });
});

describe('every message delivered twice', () => {
  it('analyzes each item once, also when both deliveries run at the same time', async () => {
    // Prepare: a consumer that hands every event to the handler twice, concurrently
    const texts = Array.from({ length: 40 }, (_, i) => `Comment number ${i}: the delivery was late again.`);
    const ids = await ingest(texts, 'twice');
    const saves = new Map<string, number>();
    const counting = Object.create(store) as DynamoFeedbackStore;
    counting.saveAnalysis = async (...args) => {
      const saved = await store.saveAnalysis(...args);
      if (saved) saves.set(args[0].id, (saves.get(args[0].id) ?? 0) + 1);
      return saved;
    };
    const handler = makeAnalyzeHandler({ store: counting, analyzer: base, now: () => new Date(), maxReceiveCount: 5 });
    const queue = new InProcessQueue({ name: 'faults-twice', maxBatchingWindowMs: 1, log: quiet });
    let deliveries = 0;
    queue.start(async (event, context) => {
      deliveries += 2 * event.Records.length;
      const [first] = await Promise.all([handler(event, context), handler(event, context)]);
      return first;
    });
    // Act
    await queue.send(ids.map((id) => ({ id, revision: 1 })));
    await queue.idle();
    await queue.drain();
    const items = await Promise.all(ids.map((id) => store.get(id)));
    // Assess
    expect(deliveries).toBe(80);
    expect(ids.map((id) => saves.get(id))).toEqual(Array(40).fill(1));
    expect(items.every((i) => i?.status === 'analyzed' && i.analyzedRevision === 1)).toBe(true);
  });
});

describe('Amazon Comprehend throttles and fails with 5xx (at the SDK boundary)', () => {
  const comprehend = mockClient(ComprehendClient);
  afterAll(() => comprehend.restore());

  it('backs off, lets the queue retry what outlasts the backoff, and loses nothing', async () => {
    // Prepare: every third sentiment call is throttled, every fifth language call is a 503
    const languages = (input: BatchDetectDominantLanguageCommandInput) => ({
      ResultList: (input.TextList ?? []).map((_, Index) => ({
        Index,
        Languages: [{ LanguageCode: 'en', Score: 0.99 }],
      })),
      ErrorList: [],
    });
    const sentiments = (input: BatchDetectSentimentCommandInput) => ({
      ResultList: (input.TextList ?? []).map((_, Index) => ({
        Index,
        Sentiment: 'NEGATIVE' as const,
        SentimentScore: { Positive: 0.05, Negative: 0.9, Neutral: 0.04, Mixed: 0.01 },
      })),
      ErrorList: [],
    });
    let sentimentCalls = 0;
    let languageCalls = 0;
    comprehend.on(BatchDetectDominantLanguageCommand).callsFake((input) => {
      languageCalls++;
      if (languageCalls % 5 === 0)
        throw Object.assign(new Error('Service Unavailable'), {
          name: 'ServiceUnavailable',
          $metadata: { httpStatusCode: 503 },
        });
      return languages(input);
    });
    comprehend.on(BatchDetectSentimentCommand).callsFake((input) => {
      sentimentCalls++;
      if (sentimentCalls % 3 !== 0)
        throw new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });
      return sentiments(input);
    });
    comprehend.on(BatchDetectKeyPhrasesCommand).resolves({ ResultList: [], ErrorList: [] });
    comprehend.on(DetectPiiEntitiesCommand).resolves({ Entities: [] });
    const sleeps: number[] = [];
    // Two attempts per call: a third of the calls outlast the SDK-level backoff and fail the record.
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({ region: 'local' }), {
      rules: createKoeRules(),
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 40 },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    const ids = await ingest(
      Array.from({ length: 30 }, (_, i) => `Order ${i} arrived broken and late.`),
      'comprehend',
    );
    const queue = new InProcessQueue({
      name: 'faults-comprehend',
      maxReceiveCount: 20,
      maxBatchingWindowMs: 1,
      backoff: { baseMs: 1, maxMs: 4 },
      log: quiet,
    });
    queue.start(makeAnalyzeHandler({ store, analyzer, now: () => new Date(), maxReceiveCount: 20 }));
    // Act
    await queue.send(ids.map((id) => ({ id, revision: 1 })));
    await queue.idle();
    await queue.drain();
    const items = await Promise.all(ids.map((id) => store.get(id)));
    // Assess
    expect(sleeps.length).toBeGreaterThan(0);
    expect(queue.stats().failedAttempts).toBeGreaterThan(0);
    expect(queue.stats().deadLetters).toBe(0);
    expect(items.map((i) => i?.status)).toEqual(Array(30).fill('analyzed'));
    expect(items.every((i) => i?.analysis?.analyzer.name.includes('comprehend'))).toBe(true);
  });
});
