import type { MetricAggregate } from '../metrics/aggregate.js';
import { mergedTopics, type ThemeGrouping } from '../themes/discover-themes.js';
import { isEmergent } from '../themes/emergent.js';

/** What trends count: curated taxonomy topics, and discovered themes (which name issues the taxonomy does not yet). */
export type TermKind = 'topic' | 'theme';

/** Items of one period and how many of them mention each term (`topic:<id>`). */
export interface TermCounts {
  /** Items in the period: the denominator of every share. */
  volume: number;
  terms: Record<string, number>;
}

/** Which topic mentions count: all of them, or only those with negative topic sentiment (pain). */
export type TopicMeasure = 'mentions' | 'negative';

/** The term key of a topic or theme id. */
export const topicTerm = (topic: string): string => `topic:${topic}`;

/** Splits a term key into its kind and label (the topic or theme id). */
export const parseTerm = (term: string): { kind: TermKind; label: string } => {
  const label = term.startsWith('topic:') ? term.slice(6) : term;
  return { kind: isEmergent(label) ? 'theme' : 'topic', label };
};

/** Term counts of an aggregate: taxonomy topics, and discovered candidates merged into their themes. */
export const termCountsOf = (
  agg: MetricAggregate,
  grouping: ThemeGrouping,
  measure: TopicMeasure = 'mentions',
): TermCounts => {
  const entries: Array<[string, number]> = [];
  for (const [topic, tally] of mergedTopics(agg, grouping)) {
    entries.push([topicTerm(topic), measure === 'negative' ? tally.negative : tally.count]);
  }
  return { volume: agg.volume, terms: Object.fromEntries(entries.filter(([, n]) => n > 0).sort(byFirst)) };
};

const byFirst = (a: [string, number], b: [string, number]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
