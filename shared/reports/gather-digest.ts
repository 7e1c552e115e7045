import type { UrgencyLevel } from '../analysis/types.js';
import { ValidationError } from '../errors.js';
import type { Channel, FeedbackItem } from '../feedback/model.js';
import type { FeedbackStore, QueueFilter } from '../feedback/ports.js';
import { emptyAggregate, type MetricAggregate, mergeAggregates } from '../metrics/aggregate.js';
import { scoresOf } from '../metrics/scores.js';
import { ALL_VALUE, type Dimension } from '../rollups/dimensions.js';
import { toRollupFact } from '../rollups/fact.js';
import { type Period, parsePeriodKey, periodOf, previousPeriod, trailingPeriods } from '../rollups/periods.js';
import type { RollupStore } from '../rollups/ports.js';
import { rollUp, topicRowsOf } from '../rollups/roll-up.js';
import { shorten } from '../themes/quotes.js';
import { BASELINE_PERIODS } from '../trends/detect-trends.js';
import { buildTrendReport } from '../trends/period-trends.js';
import type { StoredTrends, TrendStore } from '../trends/ports.js';
import { isOverdue } from '../triage/sla.js';
import type { DigestRequest, DigestTarget } from './digest.js';
import {
  type DigestData,
  type DigestFigures,
  type DigestPainPoint,
  type DigestQueue,
  type DigestQueueItem,
  type DigestTheme,
  figuresOf,
  metricValue,
  type TargetProgress,
} from './digest-data.js';

/** What gathering a digest reads: roll-ups, trend reports, items (quotes, live roll-ups) and the urgency queue. */
export interface GatherDigestDeps {
  rollups: RollupStore;
  trends: TrendStore;
  items: Pick<FeedbackStore, 'listByOccurredAt' | 'queue' | 'countQueue'>;
  now: () => Date;
}

/** Sizes of a digest's lists; defaults in brackets. */
export interface GatherOptions {
  /** Periods in the trend charts, the current one included [8]. */
  seriesPeriods?: number;
  /** Topics in the bar chart [8]. */
  topics?: number;
  /** Rising pain points and discovered themes shown, each [5]. */
  painPoints?: number;
  /** Open critical and high items read at most, for the longest waiting one [1000]. */
  queueScan?: number;
  /** Queue counts are exact up to this many, then lower bounds [10,000]. */
  queueCountCap?: number;
  /** Queue items listed [5]. */
  queueTop?: number;
}

const FILTER_DIMENSIONS = { channel: 'channel', source: 'source', topic: 'topic' } as const satisfies Record<
  string,
  Dimension
>;

/**
 * The roll-up rows a request's filters select. Roll-ups keep one dimension per row, so a digest can
 * filter on ONE of channel, source or topic, with any number of values (their rows are merged); two
 * dimensions at once would need cross rows that are not stored, and are refused with a ValidationError.
 */
export const digestScope = (filters: DigestRequest['filters']): { dimension: Dimension; values: string[] } => {
  const given = (Object.keys(FILTER_DIMENSIONS) as Array<keyof typeof FILTER_DIMENSIONS>).filter(
    (k) => (filters?.[k]?.length ?? 0) > 0,
  );
  if (given.length > 1) {
    throw new ValidationError('A digest filters on one of channel, source or topic, not several', [
      {
        path: 'filters',
        message: `roll-ups keep one dimension per row; choose one of ${given.join(', ')} (any number of values)`,
      },
    ]);
  }
  const key = given[0];
  if (!key) return { dimension: 'all', values: [ALL_VALUE] };
  return { dimension: FILTER_DIMENSIONS[key], values: [...new Set(filters?.[key] ?? [])].sort() };
};

const matchesScope = (item: FeedbackItem, scope: { dimension: Dimension; values: string[] }): boolean => {
  switch (scope.dimension) {
    case 'channel':
      return scope.values.includes(item.channel);
    case 'source':
      return scope.values.includes(item.source);
    case 'topic': {
      const topics = item.triage.topics ?? item.analysis?.topics.map((t) => t.topic) ?? [];
      return topics.some((t) => scope.values.includes(t));
    }
    default:
      return true;
  }
};

const readItems = async (
  period: Period,
  deps: Pick<GatherDigestDeps, 'items'>,
  limit = Number.POSITIVE_INFINITY,
): Promise<{ items: FeedbackItem[]; complete: boolean }> => {
  const items: FeedbackItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.items.listByOccurredAt(period.start, period.end, cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < limit);
  return { items, complete: cursor === undefined };
};

/**
 * The aggregate of the scope's rows in one period: the stored roll-up when there is one, else rolled
 * up from the period's items now (a period not closed yet, or a time zone the jobs do not roll up in).
 */
const aggregateOf = async (
  period: Period,
  scope: { dimension: Dimension; values: string[] },
  deps: GatherDigestDeps,
): Promise<MetricAggregate> => {
  const stored = await deps.rollups.getRollup(period, { dimension: scope.dimension });
  const rollup =
    stored ??
    rollUp(
      (await readItems(period, deps)).items.map((i) => toRollupFact(i)),
      period,
      [scope.dimension],
    );
  return rollup.rows
    .filter((r) => r.dimension === scope.dimension && scope.values.includes(r.value))
    .reduce((acc, r) => mergeAggregates(acc, r.metrics), emptyAggregate());
};

/** The period's `topic` rows: stored, else rolled up from its items (as aggregateOf does). */
const topicRowsFor = async (period: Period, deps: GatherDigestDeps) =>
  topicRowsOf(
    (await deps.rollups.getRollup(period, { dimension: 'topic' })) ??
      rollUp(
        (await readItems(period, deps)).items.map((i) => toRollupFact(i)),
        period,
        ['topic'],
      ),
  );

const progressOf = (target: DigestTarget, figures: DigestFigures, baseline?: DigestFigures): TargetProgress => {
  const value = metricValue(figures, target.metric);
  if (target.kind === 'change') {
    const base = baseline ? metricValue(baseline, target.metric) : null;
    const actual = value === null || base === null ? null : value - base;
    if (actual === null) return { target, actual, baseline: base, met: null, progress: null };
    const met = target.value >= 0 ? actual >= target.value : actual <= target.value;
    const progress = target.value === 0 ? (met ? 1 : 0) : Math.max(0, Math.min(1, actual / target.value));
    return { target, actual, baseline: base, met, progress };
  }
  if (value === null) return { target, actual: null, met: null, progress: null };
  const met = target.kind === 'atLeast' ? value >= target.value : value <= target.value;
  let progress: number;
  if (met) progress = 1;
  else if (target.kind === 'atLeast') progress = target.value <= 0 ? 0 : Math.max(0, Math.min(1, value / target.value));
  else progress = value <= 0 ? 0 : Math.max(0, Math.min(1, target.value / value));
  return { target, actual: value, met, progress };
};

const QUEUE_LEVELS: UrgencyLevel[] = ['critical', 'high'];

const queueItem = (item: FeedbackItem, now: Date, dashboardUrl?: string): DigestQueueItem => ({
  id: item.id,
  level: item.triage.level ?? 'high',
  receivedAt: item.receivedAt,
  ageMinutes: Math.max(0, Math.round((now.getTime() - Date.parse(item.receivedAt)) / 60_000)),
  overdue: isOverdue(item.triage, now),
  excerpt: shorten(item.text, 100),
  ...(dashboardUrl ? { link: `${dashboardUrl}/#/item/${encodeURIComponent(item.id)}` } : {}),
});

/** The queue filter of a digest's scope: the digest counts what the dashboard's queue shows for it. */
const scopeFilter = (scope: { dimension: Dimension; values: string[] }): QueueFilter => {
  switch (scope.dimension) {
    case 'channel':
      return { channels: scope.values as Channel[] };
    case 'source':
      return { sources: scope.values };
    case 'topic':
      return { topics: scope.values };
    default:
      return {};
  }
};

/**
 * Open critical and high items now, counted and listed by the store's queue with the scope's filters —
 * the same counts the dashboard's queue header shows for those filters (SLA timed from receipt).
 */
const gatherQueue = async (
  scope: { dimension: Dimension; values: string[] },
  deps: GatherDigestDeps,
  options: { scan: number; top: number; countCap: number; dashboardUrl?: string },
): Promise<DigestQueue> => {
  const now = deps.now();
  const filter: QueueFilter = { status: 'open', ...scopeFilter(scope) };
  const [critical, high, overdue] = await Promise.all([
    deps.items.countQueue({ ...filter, levels: ['critical'] }, options.countCap),
    deps.items.countQueue({ ...filter, levels: ['high'] }, options.countCap),
    deps.items.countQueue({ ...filter, levels: QUEUE_LEVELS, overdueBefore: now.toISOString() }, options.countCap),
  ]);
  const items: FeedbackItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.items.queue({
      ...filter,
      levels: QUEUE_LEVELS,
      limit: Math.min(200, options.scan - items.length),
      ...(cursor ? { cursor } : {}),
    });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < options.scan);
  const oldest = [...items].sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0))[0];
  return {
    critical: critical.count,
    high: high.count,
    overdue: overdue.count,
    ...(oldest ? { oldest: queueItem(oldest, now, options.dashboardUrl) } : {}),
    top: items.slice(0, options.top).map((i) => queueItem(i, now, options.dashboardUrl)),
    truncated: critical.atLeast || high.atLeast || overdue.atLeast,
    ...(options.dashboardUrl ? { link: `${options.dashboardUrl}/#/queue` } : {}),
  };
};

const trimSlash = (url: string | undefined): string | undefined => url?.replace(/\/+$/, '') || undefined;

/**
 * The figures of one digest: headline scores of the period and the previous one, target progress,
 * trailing series, top topics, rising pain points with quotes, and the urgency queue now.
 * Scores come from roll-up rows (stored, or rolled up from items when a period has none); filters
 * select one dimension's rows (see digestScope).
 */
export const gatherDigest = async (
  request: DigestRequest,
  deps: GatherDigestDeps,
  options: GatherOptions = {},
): Promise<DigestData> => {
  const scope = digestScope(request.filters);
  const dashboardUrl = trimSlash(request.dashboardUrl);
  const period = request.period;
  const seriesPeriods = [...trailingPeriods(period, Math.max(1, options.seriesPeriods ?? 8) - 1), period];
  const aggregates: MetricAggregate[] = [];
  for (const p of seriesPeriods) aggregates.push(await aggregateOf(p, scope, deps));
  const previous = previousPeriod(period);
  // With a one-period series the previous period is not among the read ones.
  const previousAggregate =
    seriesPeriods.length >= 2
      ? (aggregates[aggregates.length - 2] as MetricAggregate)
      : await aggregateOf(previous, scope, deps);
  const currentAggregate = aggregates[aggregates.length - 1] as MetricAggregate;
  const currentScores = scoresOf(currentAggregate);
  const previousScores = scoresOf(previousAggregate);
  const current = figuresOf(currentScores);
  const previousFigures = figuresOf(previousScores);

  const targets: TargetProgress[] = [];
  for (const target of request.targets ?? []) {
    let baseline: DigestFigures | undefined;
    if (target.kind === 'change') {
      const since = target.since
        ? periodOf(parsePeriodKey(target.since, period.timezone).start, period.granularity, period.timezone)
        : previous;
      baseline = since.key === period.key ? current : figuresOf(scoresOf(await aggregateOf(since, scope, deps)));
    }
    targets.push(progressOf(target, current, baseline));
  }

  const previousCounts = new Map(previousScores.topics.map((t) => [t.topic, t.count]));
  const topics = currentScores.topics.slice(0, options.topics ?? 8).map((t) => ({
    topic: t.topic,
    count: t.count,
    previousCount: previousCounts.get(t.topic) ?? 0,
    sentimentMean: t.sentimentMean,
    negativeShare: t.negativeShare,
  }));

  // Pain points and discovered themes: the trends job's report of this period and zone when there is
  // one for the whole feedback; else (a filter, a zone or period without a report) the same report
  // built the same way (buildTrendReport) from the same rows, so every path gives one answer.
  let report: StoredTrends | undefined;
  let painPointSource: DigestData['painPointSource'] = 'none';
  if (current.volume > 0) {
    report =
      scope.dimension === 'all'
        ? await deps.trends.getTrends(period.granularity, period.timezone, period.key)
        : undefined;
    painPointSource = report ? 'stored' : 'live';
    if (!report) {
      const baseline: MetricAggregate[] = [];
      for (const p of trailingPeriods(period, BASELINE_PERIODS)) baseline.push(await aggregateOf(p, scope, deps));
      // The whole feedback's topic rows, as the trends job reads them; a filter has none of its own.
      const topicRows = scope.dimension === 'all' ? await topicRowsFor(period, deps) : [];
      report = await buildTrendReport(
        { period, current: currentAggregate, topicRows, baseline },
        { now: deps.now, items: deps.items, accepts: (i) => matchesScope(i, scope) },
      );
    }
  }
  const shown = options.painPoints ?? 5;
  const painPoints: DigestPainPoint[] = (report?.rising ?? []).slice(0, shown).map((t) => ({
    term: t.term,
    kind: t.kind,
    label: t.label,
    status: t.status,
    count: t.count,
    share: t.share,
    baselineShare: t.baselineShare,
    rateRatio: t.rateRatio,
    quotes: t.quotes ?? [],
  }));
  const themes: DigestTheme[] = (report?.discovered ?? []).slice(0, shown).map((t) => ({
    id: t.id,
    label: t.label,
    count: t.count,
    share: t.share,
    negative: t.negative,
    quotes: t.quotes,
  }));

  const queue = await gatherQueue(scope, deps, {
    scan: options.queueScan ?? 1000,
    countCap: options.queueCountCap ?? 10_000,
    top: options.queueTop ?? 5,
    ...(dashboardUrl ? { dashboardUrl } : {}),
  });

  return {
    period,
    previous,
    scope,
    current,
    previousFigures,
    targets,
    series: seriesPeriods.map((p, i) => ({
      period: p.key,
      start: p.start,
      figures: figuresOf(scoresOf(aggregates[i] ?? emptyAggregate())),
    })),
    topics,
    painPoints,
    themes,
    painPointSource,
    queue,
    generatedAt: deps.now().toISOString(),
  };
};
