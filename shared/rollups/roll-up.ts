import { ValidationError } from '../errors.js';
import {
  aggregateFacts,
  emptyAggregate,
  type MetricAggregate,
  mergeAggregates,
  TOP_THEMES,
} from '../metrics/aggregate.js';
import { ALL_VALUE, DIMENSIONS, type Dimension, dimensionValues } from './dimensions.js';
import type { RollupFact } from './fact.js';
import type { Period } from './periods.js';

/** One stored roll-up row, keyed by (period key, dimension, value). */
export interface RollupRow {
  period: string;
  dimension: Dimension;
  value: string;
  metrics: MetricAggregate;
}

/** The roll-up of one period: rows ordered by dimension (as in DIMENSIONS), then value. */
export interface Rollup {
  period: Period;
  rows: RollupRow[];
}

const compareRows = (a: RollupRow, b: RollupRow): number =>
  DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension) ||
  (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);

const rowId = (dimension: Dimension, value: string): string => `${dimension}\u0000${value}`;

/** How many discovered themes a roll-up keeps, per row and as `topic` rows (see boundTopics). */
export interface RollupOptions {
  /** [TOP_THEMES] */
  topThemes?: number | undefined;
}

/**
 * The rows a roll-up keeps: every row but the `topic` rows of discovered themes beyond the `top`
 * most mentioned (by volume, ties by value); their mentions stay counted in each row's `otherThemes`.
 */
const boundRows = (rows: RollupRow[], top: number): RollupRow[] => {
  const themeRows = rows.filter((r) => r.dimension === 'topic' && r.value.startsWith('emergent:'));
  if (themeRows.length <= top) return rows;
  const kept = new Set(
    themeRows
      .sort((a, b) => b.metrics.volume - a.metrics.volume || (a.value < b.value ? -1 : 1))
      .slice(0, top)
      .map((r) => r.value),
  );
  return rows.filter((r) => !(r.dimension === 'topic' && r.value.startsWith('emergent:') && !kept.has(r.value)));
};

/**
 * Rolls up the facts of one window into rows per dimension value. Facts outside the period
 * are ignored, so a caller may pass a superset; the `all` row is always present (zeros when
 * empty). Discovered themes are bounded (top `topThemes` plus an `otherThemes` tally per row, and
 * as many `topic` rows), so a row's size does not follow the data's long tail. Same facts in any
 * order → same rollup.
 */
export const rollUp = (
  facts: Iterable<RollupFact>,
  period: Period,
  dimensions: readonly Dimension[] = DIMENSIONS,
  options: RollupOptions = {},
): Rollup => {
  const top = options.topThemes ?? TOP_THEMES;
  const dims = [...new Set<Dimension>(['all', ...dimensions])];
  const groups = new Map<Dimension, Map<string, RollupFact[]>>(dims.map((d) => [d, new Map()]));
  const start = Date.parse(period.start);
  const end = Date.parse(period.end);
  for (const fact of facts) {
    const at = Date.parse(fact.occurredAt);
    if (!(at >= start && at < end)) continue;
    for (const [dimension, byValue] of groups) {
      for (const value of dimensionValues(fact, dimension)) {
        const group = byValue.get(value);
        if (group) group.push(fact);
        else byValue.set(value, [fact]);
      }
    }
  }
  const rows: RollupRow[] = [];
  for (const [dimension, byValue] of groups) {
    for (const [value, group] of byValue) {
      rows.push({
        period: period.key,
        dimension,
        value,
        metrics: aggregateFacts(group, { topThemes: top }),
      });
    }
  }
  if (!groups.get('all')?.size)
    rows.push({ period: period.key, dimension: 'all', value: ALL_VALUE, metrics: emptyAggregate() });
  return { period, rows: boundRows(rows, top).sort(compareRows) };
};

const contains = (outer: Period, inner: Period): boolean =>
  outer.timezone === inner.timezone && outer.start <= inner.start && inner.end <= outer.end;

/**
 * Merges two roll-ups of disjoint windows into the roll-up of `into` (default: a's period),
 * which must contain both: days into a week or month. Exact while the discovered themes fit the
 * bound: rollUp(A ∪ B) = merge(rollUp(A), rollUp(B)); beyond it tail themes are lower bounds.
 */
export const mergeRollups = (a: Rollup, b: Rollup, into: Period = a.period, options: RollupOptions = {}): Rollup => {
  const top = options.topThemes ?? TOP_THEMES;
  if (!contains(into, a.period) || !contains(into, b.period)) {
    throw new ValidationError(`Cannot merge ${a.period.key} and ${b.period.key} into ${into.key}`, [
      { path: 'period', message: 'the target period must contain both roll-ups, in the same time zone' },
    ]);
  }
  const merged = new Map<string, RollupRow>();
  for (const row of [...a.rows, ...b.rows]) {
    const id = rowId(row.dimension, row.value);
    const seen = merged.get(id);
    merged.set(id, {
      period: into.key,
      dimension: row.dimension,
      value: row.value,
      metrics: seen ? mergeAggregates(seen.metrics, row.metrics, { topThemes: top }) : row.metrics,
    });
  }
  return { period: into, rows: boundRows([...merged.values()], top).sort(compareRows) };
};

/** Composes stored roll-ups of sub-periods (e.g. the days of a month) into the roll-up of `into`. */
export const composeRollups = (parts: readonly Rollup[], into: Period, options: RollupOptions = {}): Rollup =>
  parts.reduce((acc, part) => mergeRollups(acc, part, into, options), rollUp([], into, DIMENSIONS, options));

/** The row of one dimension value, or undefined when no fact had it. */
export const findRow = (rollup: Rollup, dimension: Dimension, value: string): RollupRow | undefined =>
  rollup.rows.find((r) => r.dimension === dimension && r.value === value);

/** The `all` row's aggregate (always present in a roll-up). */
export const totalsOf = (rollup: Rollup): MetricAggregate =>
  findRow(rollup, 'all', ALL_VALUE)?.metrics ?? emptyAggregate();

/** The topic rows of a roll-up as (topic, aggregate) pairs, for theme impact. */
export const topicRowsOf = (rollup: Rollup): Array<{ topic: string; metrics: MetricAggregate }> =>
  rollup.rows.filter((r) => r.dimension === 'topic').map((r) => ({ topic: r.value, metrics: r.metrics }));
