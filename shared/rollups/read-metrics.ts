import { mapLimit } from '../map-limit.js';
import { emptyAggregate, type MetricAggregate, mergeAggregates } from '../metrics/aggregate.js';
import { type Scores, scoresOf } from '../metrics/scores.js';
import { ALL_VALUE } from './dimensions.js';
import type { MetricsQuery } from './metrics-query.js';
import type { RollupStore } from './ports.js';

/** Scores of one dimension value; `scores.topics` holds the `topics` most mentioned, `topicCount` says how many there were. */
export interface ValueScores {
  value: string;
  scores: Scores;
  /** Topics and discovered themes the row holds (its `scores.topics` is cut to the query's `topics`). */
  topicCount: number;
}

/** One period of a metrics answer; `computedAt` is null for a period never rolled up (shown as zeros). */
export interface PeriodScores {
  period: string;
  start: string;
  end: string;
  computedAt: string | null;
  values: ValueScores[];
}

/** The answer to `GET /v1/metrics`: per period, and the whole range merged exactly from the same rows. */
export interface MetricsView {
  timezone: string;
  granularity: MetricsQuery['granularity'];
  groupBy: MetricsQuery['groupBy'];
  from: string;
  to: string;
  periods: PeriodScores[];
  total: { values: ValueScores[] };
}

/** Stored periods read at once; enough to hide latency, few enough not to throttle. */
const READ_CONCURRENCY = 8;

const valueScores = (value: string, metrics: MetricAggregate, topics: number): ValueScores => {
  const scores = scoresOf(metrics);
  return { value, scores: { ...scores, topics: scores.topics.slice(0, topics) }, topicCount: scores.topics.length };
};

const byValue = (a: { value: string }, b: { value: string }) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);

/**
 * Scores per period and dimension value from stored roll-ups (no item is read), plus the range total
 * merged from the same partial aggregates. A period that was never rolled up counts as empty.
 */
export const readMetrics = async (query: MetricsQuery, deps: { rollups: RollupStore }): Promise<MetricsView> => {
  const stored = await mapLimit(query.periods, READ_CONCURRENCY, (period) =>
    deps.rollups.getRollup(period, { dimension: query.groupBy }),
  );

  const totals = new Map<string, MetricAggregate>();
  if (query.groupBy === 'all') totals.set(ALL_VALUE, emptyAggregate());
  const periods = query.periods.map((period, i): PeriodScores => {
    const rows = (stored[i]?.rows ?? []).filter((r) => r.dimension === query.groupBy);
    if (query.groupBy === 'all' && rows.length === 0) {
      rows.push({ period: period.key, dimension: 'all', value: ALL_VALUE, metrics: emptyAggregate() });
    }
    for (const row of rows)
      totals.set(row.value, mergeAggregates(totals.get(row.value) ?? emptyAggregate(), row.metrics));
    return {
      period: period.key,
      start: period.start,
      end: period.end,
      computedAt: stored[i]?.computedAt ?? null,
      values: rows.map((r) => valueScores(r.value, r.metrics, query.topics)).sort(byValue),
    };
  });
  return {
    timezone: query.timezone,
    granularity: query.granularity,
    groupBy: query.groupBy,
    from: query.from,
    to: query.to,
    periods,
    total: { values: [...totals].map(([value, metrics]) => valueScores(value, metrics, query.topics)).sort(byValue) },
  };
};
