import { singularize, stemWord } from '../analysis/text/inflect.js';
import { foldWidth } from '../analysis/text/normalize.js';
import type { Span } from '../analysis/types.js';
import type { FeedbackItem } from '../feedback/model.js';
import { EMERGENT_PREFIX } from './emergent.js';

/** A short redacted quote of a theme or topic. */
export interface ThemeQuote {
  id: string;
  text: string;
}

const SENTENCE_END = /[。！？!?.]/;

/** A quote short enough for a digest: cut at a sentence end near `max` characters, else at `max` with an ellipsis. */
export const shorten = (text: string, max = 140): string => {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  for (let i = max - 1; i >= 40; i--) if (SENTENCE_END.test(clean[i] ?? '')) return clean.slice(0, i + 1);
  return `${clean.slice(0, max - 1)}…`;
};

/**
 * A quote of at most `max` characters that holds `span`: the whole text when short, else a window
 * starting at the sentence (or word) before the span, with an ellipsis where it was cut.
 */
export const quoteAround = (text: string, span: Span | undefined, max = 140): string => {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!span || clean.length <= max || span.end <= max - 1) return shorten(text, max);
  // Whitespace runs were collapsed: find the span's words again in the cleaned text.
  const said = text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
  const at = clean.indexOf(said);
  if (at < 0) return shorten(text, max);
  let start = Math.max(0, at - Math.floor((max - said.length) / 3));
  for (let i = at - 1; i >= start; i--)
    if (SENTENCE_END.test(clean[i] ?? '')) {
      start = i + 1;
      break;
    }
  while (start > 0 && start < at && /\S/.test(clean[start - 1] ?? '') && /[A-Za-z0-9]/.test(clean[start] ?? ''))
    start++;
  const body = clean.slice(start).trim();
  const lead = start > 0 && !SENTENCE_END.test(clean[start - 1] ?? '') ? '…' : '';
  return lead + shorten(body, max - lead.length);
};

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/**
 * True when `text` says the theme `key` (its normal form) in words: every English word of the key is
 * a word of the text or its singular/stem ("bags" says "bag", "stucco" does not say "stuck");
 * a Japanese compound stands in the width-folded text as it is.
 */
export const quoteHasWords = (text: string, key: string): boolean => {
  const folded = foldWidth(text.normalize('NFKC'), false).toLowerCase();
  if (!/[a-z]/.test(key)) return folded.includes(key);
  const words = new Set<string>();
  for (const m of folded.matchAll(WORD)) {
    const w = m[0].replace(/['’]s$/, '');
    words.add(w).add(singularize(w)).add(stemWord(w));
  }
  return key.split(' ').every((w) => words.has(w) || words.has(stemWord(w)));
};

interface Mention {
  negative: boolean;
  span?: Span;
}

const mentionOf = (item: FeedbackItem, ids: ReadonlySet<string>): Mention | undefined => {
  const topic = item.analysis?.topics.find((t) => ids.has(t.topic));
  if (topic) {
    const span = topic.evidence[0];
    return { negative: topic.sentiment.label === 'negative', ...(span ? { span } : {}) };
  }
  if (item.triage.topics?.some((t) => ids.has(t))) return { negative: item.triage.sentiment === 'negative' };
  return undefined;
};

/** The words a quote of a discovered theme must say (one of its merged forms); none for a taxonomy topic. */
const themeForms = (ids: ReadonlySet<string>): string[] =>
  [...ids].filter((id) => id.startsWith(EMERGENT_PREFIX)).map((id) => id.slice(EMERGENT_PREFIX.length));

/**
 * Two or three representative quotes per term from a period's items (already redacted at ingest):
 * negative mentions first, then those closest to a readable length, no comment twice across terms.
 * `terms` maps a term key to the topic ids that count as mentioning it (a theme's merged forms).
 * A discovered theme's quote is cut around where the theme is said and says it in words.
 */
export const pickQuotes = (
  terms: ReadonlyMap<string, ReadonlySet<string>>,
  items: readonly FeedbackItem[],
  perTerm: number,
): Map<string, ThemeQuote[]> => {
  const out = new Map<string, ThemeQuote[]>();
  const used = new Set<string>();
  for (const [term, ids] of terms) {
    const forms = themeForms(ids);
    const candidates = items
      .map((item) => ({ item, hit: mentionOf(item, ids) }))
      .filter((c): c is { item: FeedbackItem; hit: Mention } => c.hit !== undefined)
      .map(({ item, hit }) => ({ id: item.id, text: quoteAround(item.text, hit.span), negative: hit.negative }))
      .filter((c) => c.text.length >= 8 && (forms.length === 0 || forms.some((k) => quoteHasWords(c.text, k))))
      .sort(
        (a, b) =>
          Number(b.negative) - Number(a.negative) ||
          Math.abs(a.text.length - 70) - Math.abs(b.text.length - 70) ||
          (a.id < b.id ? -1 : 1),
      );
    const quotes: ThemeQuote[] = [];
    for (const c of candidates) {
      if (quotes.length >= perTerm) break;
      if (used.has(c.id) || quotes.some((q) => q.text === c.text)) continue;
      used.add(c.id);
      quotes.push({ id: c.id, text: c.text });
    }
    out.set(term, quotes);
  }
  return out;
};
