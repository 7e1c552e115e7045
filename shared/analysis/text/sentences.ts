import type { Span } from '../types.js';

// Sentence ends: Western punctuation followed by space/end, Japanese full stops, and line breaks.
const BOUNDARY = /[.!?]+(?=\s|$)|[。！？!?]+|\n+/g;

/** Splits text into sentence spans (UTF-16 offsets), trimmed, skipping empty pieces. */
export const splitSentences = (text: string): Span[] => {
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s] ?? '')) s++;
    while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
    if (e > s) spans.push({ start: s, end: e });
  };
  for (const match of text.matchAll(BOUNDARY)) {
    const end = (match.index ?? 0) + match[0].length;
    push(end);
    start = end;
  }
  push(text.length);
  return spans;
};
