import { createHash } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalLog } from '../../../infra/local/log.js';
import { InProcessQueue, type InProcessQueue as Queue } from '../../../infra/local/queue.js';

const quiet: LocalLog = { info: () => {}, warn: () => {}, error: () => {} };
const fast = { maxBatchingWindowMs: 1, backoff: { baseMs: 1, maxMs: 4 }, log: quiet };
const queues: Queue[] = [];
const make = (options: Partial<ConstructorParameters<typeof InProcessQueue>[0]> = {}) => {
  const queue = new InProcessQueue({ name: 'test-q', ...fast, ...options });
  queues.push(queue);
  return queue;
};
const idOf = (record: SQSRecord) => (JSON.parse(record.body) as { id: string }).id;

afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.drain()));
});

describe('in-process queue: delivery', () => {
  it('delivers SQS-shaped records to the consumer', async () => {
    // Prepare
    const queue = make();
    const events: SQSEvent[] = [];
    queue.start(async (event) => {
      events.push(event);
    });
    // Act
    await queue.send([{ id: 'a', revision: 1 }]);
    await queue.idle();
    // Assess
    const record = events[0]!.Records[0]!;
    expect(record.body).toBe('{"id":"a","revision":1}');
    expect(record.md5OfBody).toBe(createHash('md5').update(record.body).digest('hex'));
    expect(record.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(record.receiptHandle).toBeTruthy();
    expect(record.attributes.ApproximateReceiveCount).toBe('1');
    expect(Number(record.attributes.SentTimestamp)).toBeGreaterThan(0);
    expect(Number(record.attributes.ApproximateFirstReceiveTimestamp)).toBeGreaterThanOrEqual(
      Number(record.attributes.SentTimestamp),
    );
    expect(record).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:000000000000:test-q',
      awsRegion: 'local',
      messageAttributes: {},
    });
    expect(queue.stats()).toEqual({
      pending: 0,
      inFlight: 0,
      deadLetters: 0,
      delivered: 1,
      sent: 1,
      failedAttempts: 0,
    });
  });

  it('groups messages into batches of at most batchSize', async () => {
    // Prepare
    const queue = make({ batchSize: 4, concurrency: 1 });
    const sizes: number[] = [];
    // Act
    await queue.send(Array.from({ length: 10 }, (_, i) => ({ id: `m${i}`, revision: 1 })));
    queue.start(async (event) => {
      sizes.push(event.Records.length);
    });
    await queue.idle();
    // Assess
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('retries only the records named in batchItemFailures', async () => {
    // Prepare
    const queue = make();
    const attempts = new Map<string, number>();
    queue.start(async (event): Promise<SQSBatchResponse> => {
      const failures = [];
      for (const record of event.Records) {
        const id = idOf(record);
        attempts.set(id, (attempts.get(id) ?? 0) + 1);
        if (id === 'bad' && attempts.get(id)! < 3) failures.push({ itemIdentifier: record.messageId });
      }
      return { batchItemFailures: failures };
    });
    // Act
    await queue.send([
      { id: 'good', revision: 1 },
      { id: 'bad', revision: 1 },
    ]);
    await queue.idle();
    // Assess
    expect(attempts.get('good')).toBe(1);
    expect(attempts.get('bad')).toBe(3);
    expect(queue.stats()).toMatchObject({ delivered: 2, failedAttempts: 2, deadLetters: 0 });
  });

  it('retries the whole batch when the consumer throws, counting receives', async () => {
    // Prepare
    const queue = make({ batchSize: 10 });
    const counts: string[][] = [];
    let calls = 0;
    queue.start(async (event) => {
      counts.push(event.Records.map((r) => r.attributes.ApproximateReceiveCount));
      calls += 1;
      if (calls === 1) throw new Error('store down');
    });
    // Act
    await queue.send([
      { id: 'x', revision: 1 },
      { id: 'y', revision: 1 },
    ]);
    await queue.idle();
    // Assess
    expect(counts.flat().sort()).toEqual(['1', '1', '2', '2']);
    expect(queue.stats()).toMatchObject({ delivered: 2, failedAttempts: 2 });
  });

  it('treats a batchItemFailures identifier that is not in the batch as a failure of the whole batch', async () => {
    // Prepare
    const queue = make();
    let calls = 0;
    queue.start(async () => {
      calls += 1;
      return calls === 1 ? { batchItemFailures: [{ itemIdentifier: 'not-a-message-id' }] } : undefined;
    });
    // Act
    await queue.send([{ id: 'a', revision: 1 }]);
    await queue.idle();
    // Assess
    expect(calls).toBe(2);
    expect(queue.stats().failedAttempts).toBe(1);
  });

  it('delivers a message again when a batch outlives the visibility timeout (at least once)', async () => {
    // Prepare
    const queue = make({ visibilityTimeoutMs: 20, concurrency: 2 });
    const receives: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    queue.start(async (event) => {
      const count = event.Records[0]!.attributes.ApproximateReceiveCount;
      receives.push(count);
      if (count === '1') await gate; // the first receive hangs past its visibility timeout
    });
    // Act
    await queue.send([{ id: 'slow', revision: 1 }]);
    while (receives.length < 2) await new Promise((r) => setTimeout(r, 5));
    release();
    await queue.idle();
    // Assess
    expect(receives).toEqual(['1', '2']);
    expect(queue.stats()).toMatchObject({ delivered: 1, pending: 0, inFlight: 0 });
  });
});

describe('in-process queue: dead letters', () => {
  it('dead-letters a message after maxReceiveCount receives, with attempts, first failure and last error', async () => {
    // Prepare
    const queue = make({ maxReceiveCount: 3 });
    let receives = 0;
    queue.start(async () => {
      receives += 1;
      throw new Error(`analyzer broke #${receives}`);
    });
    // Act
    await queue.send([{ id: 'poison', revision: 2 }]);
    await queue.idle();
    const [letter] = await queue.list(10);
    // Assess
    expect(receives).toBe(3);
    expect(letter).toMatchObject({
      body: '{"id":"poison","revision":2}',
      attempts: 3,
      lastError: 'Error: analyzer broke #3',
    });
    expect(new Date(letter!.firstFailedAt).getTime()).not.toBeNaN();
    expect(queue.stats()).toMatchObject({ deadLetters: 1, pending: 0, failedAttempts: 3 });
  });

  it('logs the dead-lettering with the error message but never the body', async () => {
    // Prepare
    const lines: string[] = [];
    const capture: LocalLog = {
      info: (m, a) => lines.push(m + JSON.stringify(a)),
      warn: (m, a) => lines.push(m + JSON.stringify(a)),
      error: (m, a) => lines.push(m + JSON.stringify(a)),
    };
    const queue = make({ maxReceiveCount: 1, log: capture });
    queue.start(async () => {
      throw new Error('boom-message');
    });
    // Act
    await queue.send([{ id: 'body-marker-id', revision: 1 }]);
    await queue.idle();
    // Assess
    expect(lines.join('\n')).toContain('boom-message');
    expect(lines.join('\n')).not.toContain('body-marker-id');
  });

  it('replays chosen dead letters with a fresh receive count, and the rest stay', async () => {
    // Prepare
    const queue = make({ maxReceiveCount: 1 });
    let healthy = false;
    const delivered: string[] = [];
    queue.start(async (event) => {
      if (!healthy) throw new Error('down');
      for (const r of event.Records) delivered.push(`${idOf(r)}@${r.attributes.ApproximateReceiveCount}`);
    });
    await queue.send([
      { id: 'one', revision: 1 },
      { id: 'two', revision: 1 },
    ]);
    await queue.idle();
    const letters = await queue.list(10);
    const one = letters.find((l) => l.body.includes('"one"'))!;
    healthy = true;
    // Act
    const replayed = await queue.replay([one.handle, 'unknown-handle']);
    await queue.idle();
    // Assess
    expect(replayed).toBe(1);
    expect(delivered).toEqual(['one@1']);
    expect((await queue.list(10)).map((l) => l.body)).toEqual(['{"id":"two","revision":1}']);
    expect(await queue.replay()).toBe(1);
    await queue.idle();
    expect(delivered).toEqual(['one@1', 'two@1']);
    expect(queue.stats().deadLetters).toBe(0);
  });

  it('lists at most `limit` dead letters', async () => {
    // Prepare
    const queue = make({ maxReceiveCount: 1 });
    queue.start(async () => {
      throw new Error('no');
    });
    await queue.send(Array.from({ length: 5 }, (_, i) => ({ id: `d${i}`, revision: 1 })));
    await queue.idle();
    // Act
    const listed = await queue.list(2);
    // Assess
    expect(listed).toHaveLength(2);
    expect(queue.stats().deadLetters).toBe(5);
  });
});

describe('in-process queue: at least once under concurrency', () => {
  it('delivers every one of 1,000 messages despite random failures, and loses none', async () => {
    // Prepare
    const queue = make({ concurrency: 4, batchSize: 10, maxReceiveCount: 50 });
    const delivered = new Map<string, number>();
    const processed = new Set<string>();
    let n = 0;
    queue.start(async (event) => {
      await new Promise((r) => setTimeout(r, 0));
      const failures: { itemIdentifier: string }[] = [];
      for (const record of event.Records) {
        const id = idOf(record);
        delivered.set(id, (delivered.get(id) ?? 0) + 1);
        // Deterministic "random" failures: every 7th record fails, every 13th batch throws.
        if (++n % 7 === 0) failures.push({ itemIdentifier: record.messageId });
        else processed.add(id);
      }
      if (n % 13 === 0) throw new Error('batch failed');
      return { batchItemFailures: failures };
    });
    const ids = Array.from({ length: 1000 }, (_, i) => `item-${i}`);
    // Act
    await Promise.all(
      Array.from({ length: 10 }, (_, k) =>
        queue.send(ids.slice(k * 100, k * 100 + 100).map((id) => ({ id, revision: 1 }))),
      ),
    );
    await queue.idle();
    // Assess
    expect(ids.filter((id) => !delivered.has(id))).toEqual([]);
    expect(ids.filter((id) => !processed.has(id))).toEqual([]);
    expect(queue.stats()).toMatchObject({ pending: 0, inFlight: 0, deadLetters: 0 });
    expect(queue.stats().delivered).toBe(1000);
  });
});

describe('in-process queue: drain', () => {
  it('waits for the batch in flight and keeps undelivered messages for the next start', async () => {
    // Prepare
    const queue = make({ batchSize: 1, concurrency: 1 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen: string[] = [];
    queue.start(async (event) => {
      seen.push(idOf(event.Records[0]!));
      await gate;
    });
    await queue.send([
      { id: 'first', revision: 1 },
      { id: 'second', revision: 1 },
    ]);
    while (seen.length === 0) await new Promise((r) => setTimeout(r, 1));
    // Act
    const draining = queue.drain();
    release();
    await draining;
    const afterDrain = queue.stats();
    queue.start(async (event) => {
      seen.push(idOf(event.Records[0]!));
    });
    await queue.idle();
    // Assess
    expect(afterDrain).toMatchObject({ pending: 1, inFlight: 0, delivered: 1 });
    expect(seen).toEqual(['first', 'second']);
  });
});

describe('in-process queue: backlog', () => {
  it('reports what waits, what is in flight and how old the oldest waiting message is', async () => {
    // Prepare: one batch of 2 held in flight, 3 more waiting behind it
    const queue = make({ batchSize: 2, concurrency: 1 });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    queue.start(async () => held);
    const empty = await queue.backlog();
    await queue.send([1, 2, 3, 4, 5].map((n) => ({ id: `b${n}`, revision: 1 })));
    await new Promise((r) => setTimeout(r, 30));
    // Act
    const busy = await queue.backlog();
    release();
    await queue.idle();
    const done = await queue.backlog();
    // Assess
    expect(empty).toEqual({ queued: 0, inFlight: 0, oldestWaitingSeconds: 0, deadLetters: 0 });
    expect(busy.queued).toBe(3);
    expect(busy.inFlight).toBe(2);
    expect(busy.oldestWaitingSeconds).toBeGreaterThan(0);
    expect(done).toEqual({ queued: 0, inFlight: 0, oldestWaitingSeconds: 0, deadLetters: 0 });
  });
});
