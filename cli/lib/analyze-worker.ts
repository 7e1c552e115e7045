/**
 * A worker thread of `koe analyze --threads N` (cli/lib/analyze-threads.ts): builds its own analyzer from
 * the same rules and models as the main thread, then answers each chunk of lines with its output lines,
 * one chunk at a time, in the order they came.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { present } from '../../shared/present.js';
import type { Chunk } from './analyze-chunks.js';
import { type AnalyzerSetup, analyzeChunk, createAnalyzer } from './analyze-lines.js';

/** From the main thread: a chunk to analyze, with its place in the output. */
export interface ChunkMessage {
  seq: number;
  chunk: Chunk;
}

/** To the main thread: a chunk's output, or why it has none. */
export type ResultMessage =
  | { seq: number; out: string; notes: string[] }
  | { seq: number; error: string; stack?: string | undefined };

const port = present(parentPort ?? undefined, 'parent port of the analyze worker');
// The main thread has already reported a model file it cannot use: a worker says nothing of it again.
const analyzer = createAnalyzer(workerData as AnalyzerSetup, () => {});
let queue: Promise<unknown> = analyzer;

port.on('message', ({ seq, chunk }: ChunkMessage) => {
  queue = queue
    .then(async () => {
      const result = await analyzeChunk(await analyzer, chunk);
      port.postMessage({ seq, ...result } satisfies ResultMessage);
    })
    .catch((error: unknown) =>
      port.postMessage({
        seq,
        error: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      } satisfies ResultMessage),
    );
});
