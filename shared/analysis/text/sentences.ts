import type { Span } from '../types.js';

// Sentence ends: Western punctuation followed by space/end, Japanese full stops, and line breaks.
const BOUNDARY = /[.!?]+(?=\s|$)|[。！？!?]+|\n+/g;

/** Exactly the characters of the regex class `\s`, tested on a char code (no regex call per character). */
const isSpace = (c: number): boolean =>
  c === 32 ||
  (c >= 9 && c <= 13) ||
  (c >= 0xa0 &&
    (c === 0xa0 ||
      c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0x202f ||
      c === 0x205f ||
      c === 0x3000 ||
      c === 0xfeff));

/** Appends `text[start, end)` trimmed of white space to `spans`, unless nothing is left. */
const pushTrimmed = (spans: Span[], text: string, start: number, end: number): void => {
  let s = start;
  let e = end;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  if (e > s) spans.push({ start: s, end: e });
};

/** Splits text into sentence spans (UTF-16 offsets), trimmed, skipping empty pieces. */
export const splitSentences = (text: string): Span[] => {
  const spans: Span[] = [];
  let start = 0;
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(text); m !== null; m = BOUNDARY.exec(text)) {
    const end = m.index + m[0].length;
    pushTrimmed(spans, text, start, end);
    start = end;
  }
  pushTrimmed(spans, text, start, text.length);
  return spans;
};
