import type { FeedbackItem } from '../feedback/model.js';
import type { FeedbackStore } from '../feedback/ports.js';
import type { MetricAggregate } from '../metrics/aggregate.js';
import { themeImpact } from '../metrics/theme-impact.js';
import type { Period } from '../rollups/periods.js';
import { type DiscoverOptions, discoverThemes, groupThemes, mergeCoOccurring } from '../themes/discover-themes.js';
import { EMERGENT_PREFIX } from '../themes/emergent.js';
import { pickQuotes } from '../themes/quotes.js';
import type { StoredTerm, StoredTrends } from './ports.js';
import { termCountsOf } from './term-counts.js';
import { computeTrends, type TrendOptions } from './trends.js';

/** Most rising and falling terms, and theme-impact entries, kept in a report (bounds the stored item). */
export const STORED_TERMS = 50;
/** Discovered themes kept in a report. */
export const STORED_THEMES = 20;
/** Rising terms that get quotes (the digest shows five). */
const QUOTED_RISING = 5;
/** Quotes per theme or term. */
const QUOTES = 3;
/** Items read at most to find quotes. */
export const QUOTE_SCAN = 3000;

/** What a period's report is built from: its aggregate and topic rows, and the trailing periods' aggregates. */
export interface TrendInputs {
  period: Period;
  /** The period's aggregate (its `all` row, or a filter's rows merged); undefined when never rolled up. */
  current: MetricAggregate | undefined;
  /** Topic rows, for theme impact and for merging themes said together (co-occurrence). */
  topicRows: ReadonlyArray<{ topic: string; metrics: MetricAggregate }>;
  /** Trailing periods' aggregates, oldest first; periods without feedback are left out. */
  baseline: readonly MetricAggregate[];
}

/** What building a report needs: a clock, and (for quotes) the period's items with an optional filter. */
export interface TrendReportDeps {
  now: () => Date;
  items?: Pick<FeedbackStore, 'listByOccurredAt'>;
  /** Only items this accepts are quoted (a digest's filter). */
  accepts?: (item: FeedbackItem) => boolean;
  options?: TrendOptions & DiscoverOptions;
}

const readItems = async (period: Period, items: Pick<FeedbackStore, 'listByOccurredAt'>): Promise<FeedbackItem[]> => {
  const out: FeedbackItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await items.listByOccurredAt(period.start, period.end, cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && out.length < QUOTE_SCAN);
  return out;
};

/**
 * The trend report of one period, the one way every path builds it (the trends job, `koe rollup`,
 * a digest or preview without a stored report, a filtered digest): candidates merged into themes
 * consistently over the period and its baseline, taxonomy topics and themes tested for rising and
 * falling, the period's discovered themes, theme impact, and quotes. Bounded: at most STORED_TERMS
 * of each list and STORED_THEMES themes with three quotes of ≤ 140 characters each.
 */
export const buildTrendReport = async (input: TrendInputs, deps: TrendReportDeps): Promise<StoredTrends> => {
  const { period, current } = input;
  const baseline = input.baseline.filter((b) => b.volume > 0);
  const totals = current ? [current] : [];
  // Near-duplicates merge by shared lemmas over the period and its baseline, then by co-occurrence in
  // the period's comments (its topic rows), so every period of the comparison uses the same themes.
  const byLemma = groupThemes([...totals, ...baseline]);
  const grouping = current ? mergeCoOccurring(byLemma, current, input.topicRows) : byLemma;
  const report = computeTrends(
    current ? termCountsOf(current, grouping) : { volume: 0, terms: {} },
    baseline.map((b) => termCountsOf(b, grouping)),
    deps.options,
  );
  const discovered = current
    ? discoverThemes(current, baseline, grouping, { limit: STORED_THEMES, ...deps.options })
    : [];
  const rising: StoredTerm[] = report.rising.slice(0, STORED_TERMS);
  if (deps.items && (discovered.length > 0 || rising.length > 0)) {
    const idsOf = (id: string): Set<string> =>
      new Set(grouping.members.has(id) ? (grouping.members.get(id) ?? []).map((m) => `${EMERGENT_PREFIX}${m}`) : [id]);
    const terms = new Map<string, Set<string>>();
    for (const t of discovered) terms.set(t.id, idsOf(t.id));
    for (const t of rising.slice(0, QUOTED_RISING)) if (!terms.has(t.label)) terms.set(t.label, idsOf(t.label));
    const items = (await readItems(period, deps.items)).filter((i) => deps.accepts?.(i) ?? true);
    const quotes = pickQuotes(terms, items, QUOTES);
    for (const t of discovered) t.quotes = quotes.get(t.id) ?? [];
    for (const [i, t] of rising.entries())
      if (i < QUOTED_RISING) rising[i] = { ...t, quotes: quotes.get(t.label) ?? [] };
  }
  return {
    granularity: period.granularity,
    period: period.key,
    timezone: period.timezone,
    start: period.start,
    end: period.end,
    computedAt: deps.now().toISOString(),
    volume: report.volume,
    baselineVolume: report.baselineVolume,
    baselinePeriods: report.baselinePeriods,
    insufficientBaseline: report.insufficientBaseline,
    rising,
    falling: report.falling.slice(0, STORED_TERMS),
    discovered,
    themes: current ? themeImpact(current, input.topicRows).slice(0, STORED_TERMS) : [],
  };
};
