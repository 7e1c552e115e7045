/**
 * The input of `koe analyze` cut into chunks of whole lines, each numbered, as they arrive. Kept apart from
 * the analysis (cli/lib/analyze-lines.ts) so that the main thread can start its workers before it loads that.
 */

/** A runaway line (no newline for this long) is dropped with an error rather than held in memory. */
export const MAX_LINE = 16 * 1024 * 1024;

/** Consecutive input lines: `lines[i]` is line `first + i`, without its newline; null for a runaway line. */
export interface Chunk {
  first: number;
  lines: Array<string | null>;
}

/** A chunk's output: its output lines (each ending in a newline) and the notes for stderr, one per bad line. */
export interface ChunkResult {
  out: string;
  notes: string[];
}

/**
 * The input's lines in chunks of at most `size`, as they arrive: each read's whole lines at once (a line
 * typed at a terminal is answered without waiting for more), the last line even without its newline.
 */
export async function* readChunks(input: AsyncIterable<string>, size: number): AsyncGenerator<Chunk> {
  let next = 1;
  let partial = '';
  let skipping = false;
  for await (const piece of input) {
    const lines: Array<string | null> = (partial + piece).split('\n');
    partial = (lines.pop() as string | undefined) ?? '';
    // The line that ran away ended in this piece: its place gets the error.
    if (skipping && lines.length) {
      lines[0] = null;
      skipping = false;
    }
    if (partial.length > MAX_LINE) {
      partial = '';
      skipping = true;
    }
    for (let from = 0; from < lines.length; from += size) {
      yield { first: next, lines: lines.slice(from, from + size) };
      next += Math.min(size, lines.length - from);
    }
  }
  if (partial !== '' || skipping) yield { first: next, lines: [skipping ? null : partial] };
}
