import type { FeedbackItem } from '../feedback/model.js';

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

const mentionOf = (item: FeedbackItem, ids: ReadonlySet<string>): { negative: boolean } | undefined => {
  const topic = item.analysis?.topics.find((t) => ids.has(t.topic));
  if (topic) return { negative: topic.sentiment.label === 'negative' };
  if (item.triage.topics?.some((t) => ids.has(t))) return { negative: item.triage.sentiment === 'negative' };
  return undefined;
};

/**
 * Two or three representative quotes per term from a period's items (already redacted at ingest):
 * negative mentions first, then those closest to a readable length, no comment twice across terms.
 * `terms` maps a term key to the topic ids that count as mentioning it (a theme's merged forms).
 */
export const pickQuotes = (
  terms: ReadonlyMap<string, ReadonlySet<string>>,
  items: readonly FeedbackItem[],
  perTerm: number,
): Map<string, ThemeQuote[]> => {
  const out = new Map<string, ThemeQuote[]>();
  const used = new Set<string>();
  for (const [term, ids] of terms) {
    const candidates = items
      .map((item) => ({ item, hit: mentionOf(item, ids) }))
      .filter((c): c is { item: FeedbackItem; hit: { negative: boolean } } => c.hit !== undefined)
      .map(({ item, hit }) => ({ id: item.id, text: shorten(item.text), negative: hit.negative }))
      .filter((c) => c.text.length >= 8)
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
