import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type {
  AnalysisBacklog,
  AnalysisBacklogSource,
  AnalysisMessage,
  AnalysisQueue,
  DeadLetter,
  DeadLetterQueue,
} from '../../shared/feedback/ports.js';
import { present } from '../../shared/present.js';
import { makeLambdaContext } from './lambda-context.js';
import { type LocalLog, localLog } from './log.js';
import { MessageFiles, type StoredMessage } from './queue/message-files.js';

/** Options of the in-process queue; the defaults mirror Koe's SQS queue and event source mapping. */
export interface InProcessQueueOptions {
  name: string;
  /** Folder for the messages and dead letters; absent = memory only. */
  dataDir?: string | undefined;
  /** Most records per event (the event source mapping's BatchSize). Default 10. */
  batchSize?: number;
  /** How long to gather a partial batch (MaximumBatchingWindowInSeconds, in ms). Default 50. */
  maxBatchingWindowMs?: number;
  /** Batches delivered at the same time (the mapping's MaximumConcurrency). Default 2. */
  concurrency?: number;
  /** Receives before a message becomes a dead letter (the redrive policy). Default 5. */
  maxReceiveCount?: number;
  /** A batch running longer than this is delivered again (SQS visibility timeout). Absent = never. */
  visibilityTimeoutMs?: number;
  /** Delay before a failed message is visible again: exponential from `baseMs`, capped at `maxMs`, with jitter. */
  backoff?: { baseMs: number; maxMs: number };
  /** The consumer's function folder name, for its Lambda Context (`koe-<fn>`). Default: the queue name. */
  fn?: string;
  log?: LocalLog;
}

/** The consumer: an SQS-triggered Lambda handler. */
export type QueueConsumer = (
  event: SQSEvent,
  context: Context,
) => Promise<SQSBatchResponse | undefined> | Promise<void>;

/** Counters of the queue, for tests, logs and benchmarks. */
export interface QueueStats {
  /** Messages waiting (ready or backing off), not in flight. */
  pending: number;
  inFlight: number;
  deadLetters: number;
  /** Messages acknowledged by the consumer. */
  delivered: number;
  /** Messages sent (enqueued) since start. */
  sent: number;
  /** Record deliveries that failed (thrown batch or listed in batchItemFailures). */
  failedAttempts: number;
}

const ERROR_CHARS = 300;
const WRITE_PARALLELISM = 64;

const md5 = (body: string) => createHash('md5').update(body, 'utf8').digest('hex');

/**
 * An in-process stand-in for SQS plus Lambda's event source mapping: at-least-once delivery of
 * SQS-shaped events, partial batch responses, exponential backoff with jitter between attempts,
 * a dead-letter list after `maxReceiveCount` receives, and (with `dataDir`) persistence across restarts.
 */
export class InProcessQueue implements AnalysisQueue, DeadLetterQueue, AnalysisBacklogSource {
  private readonly batchSize: number;
  private readonly windowMs: number;
  private readonly concurrency: number;
  private readonly maxReceiveCount: number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly arn: string;
  private readonly log: LocalLog;
  private readonly files?: MessageFiles;

  /** Every message not yet acknowledged nor dead, by id. */
  private readonly messages = new Map<string, StoredMessage>();
  /** Ids ready for delivery, oldest first (a Set keeps insertion order). */
  private readonly ready = new Set<string>();
  /** Ids backing off after a failure: when they are due, and their timer while running. */
  private readonly delayed = new Map<string, { dueAt: number; timer?: NodeJS.Timeout | undefined }>();
  /** Ids in flight, with the receipt handle of their current receive. */
  private readonly inFlight = new Map<string, string>();
  private readonly dead = new Map<string, StoredMessage>();
  private readonly batches = new Set<Promise<void>>();
  private readonly idleWaiters: Array<() => void> = [];
  private consumer?: QueueConsumer;
  private running = false;
  private windowTimer?: NodeJS.Timeout | undefined;
  private windowDue = false;
  private delivered = 0;
  private sent = 0;
  private failedAttempts = 0;

  constructor(private readonly options: InProcessQueueOptions) {
    this.batchSize = options.batchSize ?? 10;
    this.windowMs = options.maxBatchingWindowMs ?? 50;
    this.concurrency = options.concurrency ?? 2;
    this.maxReceiveCount = options.maxReceiveCount ?? 5;
    this.backoff = options.backoff ?? { baseMs: 1000, maxMs: 60_000 };
    this.arn = `arn:aws:sqs:local:000000000000:${options.name}`;
    this.log = options.log ?? localLog;
    if (this.batchSize < 1 || this.concurrency < 1 || this.maxReceiveCount < 1) {
      throw new Error('batchSize, concurrency and maxReceiveCount must be at least 1');
    }
    if (options.dataDir) {
      this.files = new MessageFiles(options.dataDir);
      const { pending, dead } = this.files.load((file) =>
        this.log.error('unreadable queue file set aside', { queue: options.name, file }),
      );
      for (const message of pending) {
        this.messages.set(message.messageId, message);
        this.ready.add(message.messageId);
      }
      for (const message of dead) this.dead.set(message.messageId, message);
    }
  }

  /** Enqueues every message or throws (and then none is delivered). */
  async send(messages: AnalysisMessage[]): Promise<void> {
    const now = Date.now();
    const stored = messages.map((message): StoredMessage => {
      const body = JSON.stringify({ id: message.id, revision: message.revision });
      return { v: 1, messageId: randomUUID(), body, md5OfBody: md5(body), sentTimestamp: now, receiveCount: 0 };
    });
    if (this.files) {
      const files = this.files;
      try {
        for (let i = 0; i < stored.length; i += WRITE_PARALLELISM) {
          await Promise.all(stored.slice(i, i + WRITE_PARALLELISM).map((m) => files.write(m, 'pending')));
        }
      } catch (error) {
        await Promise.allSettled(stored.map((m) => files.remove(m.messageId, 'pending')));
        throw error;
      }
    }
    for (const message of stored) {
      this.messages.set(message.messageId, message);
      this.ready.add(message.messageId);
    }
    this.sent += stored.length;
    this.pump();
  }

  /** Starts delivering to `consumer`; messages left from a previous run are delivered first. */
  start(consumer: QueueConsumer): void {
    if (this.running) throw new Error(`queue ${this.options.name} is already started`);
    this.consumer = consumer;
    this.running = true;
    for (const id of this.delayed.keys()) this.armDelay(id);
    this.pump();
  }

  /** Stops polling and waits for the batches in flight; undelivered messages stay (on disk too) for the next start. */
  async drain(): Promise<void> {
    this.running = false;
    clearTimeout(this.windowTimer);
    this.windowTimer = undefined;
    for (const entry of this.delayed.values()) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
    }
    while (this.batches.size) await Promise.allSettled([...this.batches]);
    await this.files?.flush();
  }

  /** Resolves once nothing is pending or in flight (dead letters do not count) and the disk has caught up. */
  async idle(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.checkIdle();
    });
    await this.files?.flush();
  }

  stats(): QueueStats {
    return {
      pending: this.messages.size - this.inFlight.size,
      inFlight: this.inFlight.size,
      deadLetters: this.dead.size,
      delivered: this.delivered,
      sent: this.sent,
      failedAttempts: this.failedAttempts,
    };
  }

  /** The backlog as /health reports it; the oldest waiting message is the first in insertion order not in flight. */
  async backlog(): Promise<AnalysisBacklog> {
    let oldest: number | undefined;
    for (const [id, message] of this.messages) {
      if (this.inFlight.has(id)) continue;
      oldest = message.sentTimestamp;
      break;
    }
    return {
      queued: this.messages.size - this.inFlight.size,
      inFlight: this.inFlight.size,
      oldestWaitingSeconds: oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1000),
      deadLetters: this.dead.size,
    };
  }

  /** Dead letters, oldest first. The handle is the message id. */
  async list(limit: number): Promise<DeadLetter[]> {
    return [...this.dead.values()]
      .sort((a, b) => (a.deadAt ?? '').localeCompare(b.deadAt ?? ''))
      .slice(0, Math.max(0, limit))
      .map((m) => ({
        handle: m.messageId,
        body: m.body,
        attempts: m.receiveCount,
        firstFailedAt: m.firstFailedAt ?? m.deadAt ?? new Date(m.sentTimestamp).toISOString(),
        ...(m.lastError ? { lastError: m.lastError } : {}),
      }));
  }

  /** Moves dead letters (all when `handles` is absent) back to the queue with a fresh receive count. */
  async replay(handles?: string[]): Promise<number> {
    const targets = handles
      ? [...new Set(handles)].map((h) => this.dead.get(h)).filter((m): m is StoredMessage => m !== undefined)
      : [...this.dead.values()];
    for (const message of targets) {
      const revived: StoredMessage = {
        v: 1,
        messageId: message.messageId,
        body: message.body,
        md5OfBody: message.md5OfBody,
        sentTimestamp: Date.now(),
        receiveCount: 0,
      };
      await this.files?.move(revived, 'dead', 'pending');
      this.dead.delete(message.messageId);
      this.messages.set(message.messageId, revived);
      this.ready.add(message.messageId);
    }
    if (targets.length) this.log.info('dead letters replayed', { queue: this.options.name, count: targets.length });
    this.pump();
    return targets.length;
  }

  private pump(): void {
    if (!this.running || !this.consumer) return;
    while (this.batches.size < this.concurrency && this.ready.size > 0) {
      // Like the event source mapping: a full batch goes at once, a partial one after the batching window.
      if (this.ready.size < this.batchSize && this.windowMs > 0 && !this.windowDue) {
        this.windowTimer ??= setTimeout(() => {
          this.windowTimer = undefined;
          this.windowDue = true;
          this.pump();
        }, this.windowMs);
        return;
      }
      this.windowDue = false;
      const ids: string[] = [];
      for (const id of this.ready) {
        if (ids.length === this.batchSize) break;
        ids.push(id);
      }
      for (const id of ids) this.ready.delete(id);
      this.dispatch(ids, this.consumer);
    }
    if (this.ready.size === 0) {
      clearTimeout(this.windowTimer);
      this.windowTimer = undefined;
      this.windowDue = false;
    }
  }

  private dispatch(ids: string[], consumer: QueueConsumer): void {
    const now = Date.now();
    const records = ids.map((id): SQSRecord => {
      const message = present(this.messages.get(id), 'message of a ready id');
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= now;
      const receiptHandle = Buffer.from(`${id}:${message.receiveCount}:${randomBytes(6).toString('hex')}`).toString(
        'base64url',
      );
      this.inFlight.set(id, receiptHandle);
      return {
        messageId: id,
        receiptHandle,
        body: message.body,
        attributes: {
          ApproximateReceiveCount: String(message.receiveCount),
          SentTimestamp: String(message.sentTimestamp),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp),
        },
        messageAttributes: {},
        md5OfBody: message.md5OfBody,
        eventSource: 'aws:sqs',
        eventSourceARN: this.arn,
        awsRegion: 'local',
      };
    });
    const timeoutMs = this.options.visibilityTimeoutMs;
    const visibility = timeoutMs ? setTimeout(() => this.expire(records), timeoutMs) : undefined;
    const context = makeLambdaContext({ fn: this.options.fn ?? this.options.name, timeoutMs });
    const batch = (async () => {
      let failed: Set<string> | 'all';
      let reason = 'reported in batchItemFailures';
      try {
        failed = this.failures(records, await consumer({ Records: records }, context));
        if (failed === 'all') reason = 'invalid batchItemFailures';
      } catch (error) {
        failed = 'all';
        reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      clearTimeout(visibility);
      await this.settle(records, failed, reason.slice(0, ERROR_CHARS));
    })().finally(() => {
      this.batches.delete(batch);
      this.pump();
      this.checkIdle();
    });
    this.batches.add(batch);
  }

  /** Which records failed, per the partial batch response; an identifier not in the batch fails it all, as on AWS. */
  private failures(records: SQSRecord[], response: unknown): Set<string> | 'all' {
    const items = (response as SQSBatchResponse | undefined)?.batchItemFailures ?? [];
    const ids = new Set(records.map((r) => r.messageId));
    const failed = new Set<string>();
    for (const item of items) {
      if (!item?.itemIdentifier || !ids.has(item.itemIdentifier)) return 'all';
      failed.add(item.itemIdentifier);
    }
    return failed;
  }

  private async settle(records: SQSRecord[], failed: Set<string> | 'all', reason: string): Promise<void> {
    const writes: Promise<void>[] = [];
    const now = new Date();
    for (const record of records) {
      const id = record.messageId;
      const message = this.messages.get(id);
      // A receive that outlived its visibility timeout no longer owns the message.
      if (!message || this.inFlight.get(id) !== record.receiptHandle) continue;
      this.inFlight.delete(id);
      if (failed !== 'all' && !failed.has(id)) {
        this.messages.delete(id);
        this.delivered += 1;
        if (this.files) writes.push(this.files.remove(id, 'pending'));
        continue;
      }
      this.failedAttempts += 1;
      message.firstFailedAt ??= now.toISOString();
      message.lastError = reason;
      if (message.receiveCount >= this.maxReceiveCount) {
        this.messages.delete(id);
        message.deadAt = now.toISOString();
        this.dead.set(id, message);
        if (this.files) writes.push(this.files.move(message, 'pending', 'dead'));
        this.log.warn('message dead-lettered', {
          queue: this.options.name,
          messageId: id,
          attempts: message.receiveCount,
          error: reason,
        });
      } else {
        const cap = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** (message.receiveCount - 1));
        // "Equal jitter": never less than half the step, so retries spread out but still back off.
        this.delayed.set(id, { dueAt: Date.now() + cap / 2 + Math.random() * (cap / 2) });
        this.armDelay(id);
        if (this.files) writes.push(this.files.write(message, 'pending'));
      }
    }
    for (const result of await Promise.allSettled(writes)) {
      if (result.status === 'rejected') {
        // The in-memory state is right; on disk the message is at worst delivered again after a restart.
        this.log.error('queue file write failed', { queue: this.options.name, error: (result.reason as Error)?.name });
      }
    }
  }

  private armDelay(id: string): void {
    const entry = this.delayed.get(id);
    if (!entry || !this.running || entry.timer) return;
    entry.timer = setTimeout(
      () => {
        this.delayed.delete(id);
        if (this.messages.has(id) && !this.inFlight.has(id)) this.ready.add(id);
        this.pump();
      },
      Math.max(0, entry.dueAt - Date.now()),
    );
  }

  private expire(records: SQSRecord[]): void {
    for (const record of records) {
      if (this.inFlight.get(record.messageId) !== record.receiptHandle) continue;
      this.inFlight.delete(record.messageId);
      this.ready.add(record.messageId);
      this.log.warn('visibility timeout expired; message visible again', {
        queue: this.options.name,
        messageId: record.messageId,
      });
    }
    this.pump();
  }

  private checkIdle(): void {
    if (this.messages.size > 0 || this.batches.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
