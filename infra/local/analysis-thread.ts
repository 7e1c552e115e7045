/**
 * The analysis consumer in a worker thread (infra/local/analysis-worker.ts): the queue on this thread delivers
 * its batches to `consumer`, which hands them to the thread and resolves with the handler's answer, so the
 * analyzer and the consumer's DynamoDB calls run on another core than the HTTP server. The queue keeps every
 * guarantee it has with a consumer in process: a batch the thread fails, or loses by stopping, is retried and
 * then dead-lettered; a thread that stops is started again for the next batch.
 */
import { Worker } from 'node:worker_threads';
import type { SQSBatchResponse } from 'aws-lambda';
import type { AnalysisThreadSetup, ToMainMessage, ToWorkerMessage } from './analysis-worker.js';
import { type LocalLog, localLog } from './log.js';
import type { QueueConsumer } from './queue.js';
import { startScriptWorker } from './script-worker.js';

/** The analysis thread stopped, or could not start; the batches it held are failed (and so retried). */
export class AnalysisThreadError extends Error {
  override readonly name = 'AnalysisThreadError';
}

/** A batch's answer as the handler gave it: its error keeps the handler's error name (the dead letter's reason). */
const batchError = (name: string, message: string) => Object.assign(new Error(message), { name });

// How long a stopping thread may take to close its sockets before it is terminated.
const STOP_MS = 5_000;

/**
 * The worker: `script` when given (tests), else infra/local/analysis-worker.ts beside this module (compiled, or
 * through tsx). build: keeps its own import.meta.url.
 */
const startWorker = (script: URL | undefined): Worker =>
  script ? new Worker(script) : startScriptWorker(import.meta.url, 'analysis-worker');

interface Lane {
  worker: Worker;
  /** Whether the consumer's setup has been sent to this worker. */
  opened: boolean;
  ready: Promise<void>;
  /** Batches handed to the thread and not answered yet. */
  pending: Map<number, { resolve: (r: SQSBatchResponse | undefined) => void; reject: (e: Error) => void }>;
}

/**
 * The analysis consumer's worker thread. `spawn` starts it at once, so it loads the analysis modules on the other
 * core while the stack is still being built; `open` gives it the stack's setup and resolves once it is ready.
 */
export class AnalysisThread {
  private lane?: Lane | undefined;
  private setup?: AnalysisThreadSetup | undefined;
  private seq = 0;
  private stopping = false;

  private constructor(
    private readonly log: LocalLog,
    private readonly script: URL | undefined,
  ) {}

  /**
   * Starts the thread (it waits for `open`). `script` replaces infra/local/analysis-worker.ts with another that
   * speaks its messages (tests: a worker that fails on purpose).
   */
  static spawn(options: { log?: LocalLog; script?: URL } = {}): AnalysisThread {
    const thread = new AnalysisThread(options.log ?? localLog, options.script);
    thread.current();
    return thread;
  }

  /** Builds the consumer in the thread; rejects when it cannot (its config, a missing script). */
  async open(setup: AnalysisThreadSetup): Promise<void> {
    if (this.setup) throw new Error('the analysis thread is already open');
    this.setup = setup;
    await this.current().ready;
  }

  /** The queue's consumer: the batch through the thread's analyze handler. */
  readonly consumer: QueueConsumer = (event, context): Promise<SQSBatchResponse | undefined> => {
    if (this.stopping) return Promise.reject(new AnalysisThreadError('the analysis thread is stopping'));
    const lane = this.current();
    const seq = ++this.seq;
    return new Promise<SQSBatchResponse | undefined>((resolve, reject) => {
      lane.pending.set(seq, { resolve, reject });
      lane.worker.postMessage({
        type: 'batch',
        seq,
        event,
        functionName: context.functionName,
        awsRequestId: context.awsRequestId,
        remainingMs: context.getRemainingTimeInMillis(),
      } satisfies ToWorkerMessage);
    });
  };

  /** Ends the thread; call it once the queue has drained (a batch still in flight is failed). */
  async stop(): Promise<void> {
    this.stopping = true;
    const lane = this.lane;
    if (!lane) return;
    lane.worker.ref(); // waiting for its exit keeps this process alive
    const exited = new Promise<void>((resolve) => lane.worker.once('exit', () => resolve()));
    lane.worker.postMessage({ type: 'stop' } satisfies ToWorkerMessage);
    const timer = setTimeout(() => void lane.worker.terminate(), STOP_MS);
    await exited;
    clearTimeout(timer);
  }

  /** The running worker, started (and given the setup, once known) when there is none: at spawn, after a crash. */
  private current(): Lane {
    const lane = this.lane ?? this.start();
    if (this.setup && !lane.opened) {
      lane.worker.postMessage({ type: 'open', setup: this.setup } satisfies ToWorkerMessage);
      lane.opened = true;
    }
    return lane;
  }

  private start(): Lane {
    const worker = startWorker(this.script);
    // The server's handles decide when the process exits, not the thread's.
    worker.unref();
    const pending: Lane['pending'] = new Map();
    let readyResolve: () => void = () => {};
    let readyReject: (error: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      readyResolve = resolve;
      readyReject = reject;
    });
    ready.catch(() => {}); // after a restart a failure reaches the batches; the first one's reaches `open`
    const lane: Lane = { worker, opened: false, ready, pending };
    const failAll = (error: Error) => {
      readyReject(error);
      for (const { reject } of pending.values()) reject(error);
      pending.clear();
    };
    worker.on('message', (message: ToMainMessage) => {
      if (message.type === 'ready') return readyResolve();
      if (message.type === 'start-failed') {
        this.log.error('the analysis thread could not start', { error: message.name });
        return failAll(new AnalysisThreadError(`the analysis thread could not start: ${message.message}`));
      }
      const batch = pending.get(message.seq);
      pending.delete(message.seq);
      if (message.type === 'result') batch?.resolve(message.response);
      else batch?.reject(batchError(message.name, message.message));
    });
    worker.on('error', (error) => {
      // An exception nothing caught: its name and the frame it came from, never data.
      this.log.error('the analysis thread failed', { error: error.name, at: error.stack?.split('\n')[1]?.trim() });
    });
    worker.on('exit', (code) => {
      if (this.lane === lane) this.lane = undefined;
      if (!this.stopping) this.log.warn('the analysis thread stopped; it starts again with the next batch', { code });
      failAll(new AnalysisThreadError(`the analysis thread stopped (exit code ${code})`));
    });
    this.lane = lane;
    return lane;
  }
}
