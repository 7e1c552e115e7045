/**
 * `koe analyze` over many lines on several cores: the main thread reads the input in chunks of whole lines
 * and analyses chunks itself, and worker threads (cli/lib/analyze-worker.ts), started once the input has
 * proved long enough to repay their start-up (each loads the models and compiles the rules again, ~0.8 s
 * of CPU), take chunks too. Output is written in input order, contiguous chunks in one write; each line's
 * output is the one the main thread alone would have written (test/unit/cli/analyze-threads.test.ts).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import { startScriptWorker } from '../../infra/local/script-worker.js';
import type { Chunk, ChunkResult } from './analyze-chunks.js';
import type { AnalyzerSetup } from './analyze-lines.js';
import type { ChunkMessage, ResultMessage } from './analyze-worker.js';

export interface ThreadOptions {
  /** Threads in all, the main one included; 1 never starts a worker. */
  threads: number;
  /** Lines per chunk at most (one analyzer call each). */
  batchSize: number;
  /** Lines read before the workers start (fewer in all: the main thread does everything). */
  workersAfter: number;
  /** What each worker builds its analyzer from (the main thread's was built from the same); needed when threads > 1. */
  setup?: AnalyzerSetup;
}

// Chunks a worker holds at once: one it works on and one ready, so it never waits for the main thread.
const IN_FLIGHT = 2;
// How long the main thread, once the first lines are in, waits for more before it loads its analyzer (which
// keeps it busy for most of a second): long enough to read a file's first `workersAfter` lines, short enough
// that a line typed at a terminal is still answered at once.
const GATHER_MS = 20;
// The most lines read ahead while waiting to see whether workers are worth starting.
const MAX_GATHER_LINES = 20_000;

/** The worker (cli/lib/analyze-worker.ts) beside this module. build: keeps its own import.meta.url. */
const startWorker = (setup: AnalyzerSetup): Worker =>
  startScriptWorker(import.meta.url, 'analyze-worker', { workerData: setup });

/** What a run did: its bad lines, the chunks it read and how many of those the workers analysed. */
export interface ThreadStats {
  bad: number;
  chunks: number;
  byWorkers: number;
}

/** How the main thread analyses a chunk. */
export type Lane = (chunk: Chunk) => Promise<ChunkResult>;

/**
 * Reads `chunks` to the end and writes every chunk's output lines to `output` in order, analysing in the
 * main thread with the lane `mainLane` makes (when first needed: after the workers, if any, have started)
 * and, when the input is long enough, in worker threads too.
 * Stops quietly when the reader of `output` goes away (EPIPE).
 */
export const analyzeChunks = async (
  chunks: AsyncIterable<Chunk>,
  makeLane: () => Promise<Lane>,
  output: Writable,
  log: (message: string) => void,
  options: ThreadOptions,
): Promise<ThreadStats> => {
  let failure: Error | undefined;
  let closed = false;
  const onOutputError = (error: NodeJS.ErrnoException) => {
    closed = true;
    // The reader went away (`| head`): stop quietly, there is no one left to tell.
    if (error.code !== 'EPIPE') failure ??= error;
    wake();
  };
  output.on('error', onOutputError);

  // Something changed (a chunk read or analysed, output drained, a failure): whoever waits looks again.
  let waiters: Array<() => void> = [];
  const changed = () => new Promise<void>((resolve) => waiters.push(resolve));
  const wake = () => {
    const now = waiters;
    waiters = [];
    for (const resolve of now) resolve();
  };
  const stopped = () => closed || failure !== undefined;

  const pending: Array<{ seq: number; chunk: Chunk }> = [];
  const done = new Map<number, ChunkResult>();
  let read = 0; // chunks read
  let linesRead = 0;
  let written = 0; // chunks written
  let eof = false;
  let bad = 0;
  let byWorkers = 0;
  let draining = false;

  const write = () => {
    let out = '';
    for (let result = done.get(written); result && !closed; result = done.get(written)) {
      done.delete(written++);
      bad += result.notes.length;
      for (const note of result.notes) log(note);
      out += result.out;
    }
    if (out === '' || closed) return;
    if (!output.write(out) && !draining) {
      draining = true;
      void Promise.race([once(output, 'drain'), once(output, 'close')])
        .catch(() => {})
        .then(() => {
          draining = false;
          wake();
        });
    }
  };

  const finish = (seq: number, result: ChunkResult) => {
    done.set(seq, result);
    write();
    wake();
  };

  // Worker threads, each with the chunks it holds.
  const workers: Array<{ worker: Worker; held: number }> = [];
  let ending = false; // workers being stopped: their exit is no failure
  const pump = () => {
    for (const lane of workers)
      while (lane.held < IN_FLIGHT && pending.length && !stopped()) {
        const next = pending.shift() as { seq: number; chunk: Chunk };
        pendingLines -= next.chunk.lines.length;
        lane.held++;
        lane.worker.postMessage(next satisfies ChunkMessage);
      }
  };
  const spawn = () => {
    for (let i = 1; i < options.threads; i++) {
      const worker = startWorker(options.setup as AnalyzerSetup);
      const lane = { worker, held: 0 };
      worker.on('message', (message: ResultMessage) => {
        lane.held--;
        if ('error' in message) {
          const error = new Error(message.error);
          if (message.stack) error.stack = message.stack;
          failure ??= error;
          wake();
          return;
        }
        byWorkers++;
        finish(message.seq, message);
        pump();
      });
      worker.on('error', (error) => {
        failure ??= error;
        wake();
      });
      worker.on('exit', (code) => {
        if (lane.held > 0 && !ending) failure ??= new Error(`a worker thread stopped (exit code ${code})`);
        wake();
      });
      workers.push(lane);
    }
    pump();
  };

  // The reader: chunks into `pending`, ahead of the analysis by a few chunks per thread at most (and, while
  // workers may still start, as far as the lines that decide it, up to a bound).
  const aheadLines = Math.max(
    options.threads > 1 ? Math.min(options.workersAfter, MAX_GATHER_LINES) : 0,
    4 * options.threads * options.batchSize,
  );
  let pendingLines = 0;
  const reading = (async () => {
    for await (const chunk of chunks) {
      pending.push({ seq: read++, chunk });
      linesRead += chunk.lines.length;
      pendingLines += chunk.lines.length;
      if (!workers.length && options.threads > 1 && linesRead >= options.workersAfter && read > 1) spawn();
      pump();
      wake();
      while (
        !stopped() &&
        (pendingLines >= aheadLines || (read - written) * options.batchSize >= 2 * aheadLines || draining)
      )
        await changed();
      if (stopped()) break;
    }
    eof = true;
    wake();
  })().catch((error: Error) => {
    failure ??= error;
    eof = true;
    wake();
  });

  // The main thread's own lane: waits for the first lines (and a little more, so workers can start before its
  // analyzer loads), then takes chunks the workers have not.
  const mainLane = async () => {
    while (!read && !eof && !stopped()) await changed();
    if (!eof && !workers.length && options.threads > 1) {
      let waited = false;
      const timer = setTimeout(() => {
        waited = true;
        wake();
      }, GATHER_MS);
      while (!eof && !workers.length && !waited && !stopped()) await changed();
      clearTimeout(timer);
    }
    if (stopped()) return;
    // Even with nothing to analyze, a bad --rules file is reported.
    const lane = await makeLane();
    while (!stopped()) {
      const next = pending.shift();
      if (!next) {
        if (eof) return;
        await changed();
        continue;
      }
      pendingLines -= next.chunk.lines.length;
      wake();
      finish(next.seq, await lane(next.chunk));
      pump();
      // Let the workers' answers, the reader and the output in between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  try {
    await mainLane();
    while (!stopped() && !(eof && written === read)) await changed();
    // Stopped early, the reader may wait on an input that never ends: the caller closes that input.
    if (!stopped()) await reading;
  } finally {
    ending = true;
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  }
  if (failure) throw failure;
  return { bad, chunks: read, byWorkers };
};
