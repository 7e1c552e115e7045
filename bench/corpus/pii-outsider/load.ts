/**
 * The outsider PII set (bench/corpus/pii-outsider/{en,ja}.txt, frozen: see README.md) as labelled items.
 * Each line is `channel industry | text`; personal data is marked `[[KIND:value]]`, and `\uXXXX` and `\n`
 * are decoded so zero-width and soft-hyphen separators stay visible in the source.
 */
import { readFileSync } from 'node:fs';

/** A gold span: the characters [start, end) of the item's text hold personal data of this kind. */
export interface PiiSpan {
  kind: string;
  start: number;
  end: number;
}

/** One labelled outsider item. */
export interface PiiOutsiderItem {
  id: string;
  lang: 'en' | 'ja';
  channel: string;
  industry: string;
  text: string;
  spans: PiiSpan[];
}

const KINDS = new Set(['EMAIL', 'PHONE', 'CARD', 'NAME', 'ADDRESS', 'DOB', 'IBAN', 'SSN', 'PASSPORT', 'POSTAL_CODE']);
const MARK = /\[\[([A-Z_]+):(.*?)\]\]/g;
const decode = (s: string) =>
  s
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
    .replace(/\\n/g, '\n');

/** Parses one source line; throws naming the line when it is malformed or names an unknown kind. */
export const parseOutsiderLine = (line: string, lang: 'en' | 'ja', n: number): PiiOutsiderItem => {
  const where = `${lang}.txt line ${n}`;
  const bar = line.indexOf(' | ');
  const [channel, industry] = line.slice(0, bar).split(' ');
  if (bar < 0 || !channel || !industry) throw new Error(`${where}: expected 'channel industry | text'`);
  const source = line.slice(bar + 3);
  let text = '';
  let at = 0;
  const spans: PiiSpan[] = [];
  for (const m of source.matchAll(MARK)) {
    const [whole, kind, value] = m as unknown as [string, string, string];
    if (!KINDS.has(kind)) throw new Error(`${where}: unknown kind ${kind}`);
    text += decode(source.slice(at, m.index));
    const start = text.length;
    text += decode(value);
    spans.push({ kind, start, end: text.length });
    at = (m.index ?? 0) + whole.length;
  }
  text += decode(source.slice(at));
  if (text.includes('[[') || text.includes(']]')) throw new Error(`${where}: unbalanced [[ ]]`);
  return { id: `${lang}-${n}`, lang, channel, industry, text, spans };
};

/** All items of both languages, in file order. */
export const loadOutsiderItems = (): PiiOutsiderItem[] =>
  (['en', 'ja'] as const).flatMap((lang) =>
    readFileSync(new URL(`./${lang}.txt`, import.meta.url), 'utf8')
      .split('\n')
      .map((line, i) => ({ line, n: i + 1 }))
      .filter(({ line }) => line.trim() !== '' && !line.startsWith('#'))
      .map(({ line, n }) => parseOutsiderLine(line, lang, n)),
  );
