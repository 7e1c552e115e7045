import { splitSentences } from '../../analysis/text/sentences.js';
import type { Span } from '../../analysis/types.js';

/** A piece of a document small enough for one Comprehend call, with where it sits in the document. */
export interface Chunk {
  span: Span;
  text: string;
  /** UTF-8 size, which is what Comprehend's limits count. */
  bytes: number;
}

const encoder = new TextEncoder();

/** UTF-8 byte length of `text` (lone surrogates count as U+FFFD, as the SDK would send them). */
export const utf8Bytes = (text: string): number => encoder.encode(text).length;

const codePointBytes = (cp: number): number => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

// A sentence larger than the limit on its own (a wall of text with no full stop) is cut at
// code point boundaries, so a surrogate pair is never torn in two.
const hardSplit = (text: string, span: Span, maxBytes: number): Chunk[] => {
  const chunks: Chunk[] = [];
  let start = span.start;
  let bytes = 0;
  let i = span.start;
  while (i < span.end) {
    const cp = text.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    const size = codePointBytes(cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp);
    if (bytes + size > maxBytes && i > start) {
      chunks.push({ span: { start, end: i }, text: text.slice(start, i), bytes });
      start = i;
      bytes = 0;
    }
    bytes += size;
    i += width;
  }
  if (i > start) chunks.push({ span: { start, end: span.end }, text: text.slice(start, span.end), bytes });
  return chunks;
};

/**
 * Packs whole sentences into chunks of at most `maxBytes` UTF-8 bytes, in order; a sentence
 * over the limit is cut at code point boundaries. Whitespace-only text gives no chunks.
 */
export const chunkBySentences = (text: string, maxBytes: number): Chunk[] =>
  packSpans(text, splitSentences(text), maxBytes);

/** Each sentence on its own (cut further when one is over `maxBytes`), for per-sentence sentiment. */
export const sentenceChunks = (text: string, maxBytes: number): Chunk[] =>
  splitSentences(text).flatMap((span) => packSpans(text, [span], maxBytes));

const packSpans = (text: string, spans: Span[], maxBytes: number): Chunk[] => {
  const chunks: Chunk[] = [];
  let current: Chunk | undefined;
  const flush = () => {
    if (!current) return;
    if (current.bytes <= maxBytes) chunks.push({ ...current, text: text.slice(current.span.start, current.span.end) });
    else chunks.push(...hardSplit(text, current.span, maxBytes));
    current = undefined;
  };
  for (const span of spans) {
    // Counting only the new stretch keeps packing linear in the length of the text.
    const grown = current ? current.bytes + utf8Bytes(text.slice(current.span.end, span.end)) : 0;
    if (current && grown <= maxBytes) {
      current = { span: { start: current.span.start, end: span.end }, text: '', bytes: grown };
      continue;
    }
    flush();
    current = { span: { ...span }, text: '', bytes: utf8Bytes(text.slice(span.start, span.end)) };
  }
  flush();
  return chunks;
};
