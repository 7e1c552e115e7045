import type { MetricAggregate } from '../metrics/aggregate.js';

/** What trends count: pain-point topics, and key phrases (which catch issues the taxonomy does not name yet). */
export type TermKind = 'topic' | 'phrase';

/** Items of one period and how many of them mention each term (`topic:<id>` or `phrase:<text>`). */
export interface TermCounts {
  /** Items in the period: the denominator of every share. */
  volume: number;
  terms: Record<string, number>;
}

/** Which topic mentions count: all of them, or only those with negative topic sentiment (pain). */
export type TopicMeasure = 'mentions' | 'negative';

/** The term key of a topic. */
export const topicTerm = (topic: string): string => `topic:${topic}`;
/** The term key of a key phrase. */
export const phraseTerm = (phrase: string): string => `phrase:${phrase}`;

/** Splits a term key into its kind and label. */
export const parseTerm = (term: string): { kind: TermKind; label: string } =>
  term.startsWith('phrase:') ? { kind: 'phrase', label: term.slice(7) } : { kind: 'topic', label: term.slice(6) };

/** Term counts from a period's `all` row (topics, and key phrases, which are counted as mentions). */
export const termCountsOf = (all: MetricAggregate, measure: TopicMeasure = 'mentions'): TermCounts => {
  const entries: Array<[string, number]> = [];
  for (const [topic, tally] of Object.entries(all.topics)) {
    entries.push([topicTerm(topic), measure === 'negative' ? tally.negative : tally.count]);
  }
  for (const [phrase, count] of Object.entries(all.keyPhrases)) entries.push([phraseTerm(phrase), count]);
  return { volume: all.volume, terms: Object.fromEntries(entries.filter(([, n]) => n > 0).sort(byFirst)) };
};

const byFirst = (a: [string, number], b: [string, number]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
