import { alertSpikes, type SpikeAlertDeps, type SpikeAlertOutcome } from '../alerts/spike-alert.js';
import { emptyAggregate, type MetricAggregate } from '../metrics/aggregate.js';
import { themeImpact } from '../metrics/theme-impact.js';
import { type Period, trailingPeriods } from '../rollups/periods.js';
import type { RollupStore } from '../rollups/ports.js';
import { topicRowsOf, totalsOf } from '../rollups/roll-up.js';
import type { StoredTrends, TrendStore } from './ports.js';
import { detectSpikes } from './spikes.js';
import { termCountsOf } from './term-counts.js';
import { computeTrends, type TrendOptions } from './trends.js';

/** Trailing periods compared with the current one (the test needs at least 4). */
export const BASELINE_PERIODS = 8;

/** Most rising and falling terms kept in a stored report. */
export const STORED_TERMS = 100;

/** What the trends job needs; `spikes` absent = compute and store without alerting (back-fills). */
export interface DetectTrendsDeps {
  rollups: RollupStore;
  trends: TrendStore;
  now: () => Date;
  spikes?: SpikeAlertDeps;
  options?: TrendOptions;
}

/** The stored report and what alerting did. */
export interface DetectTrendsOutcome {
  trends: StoredTrends;
  alerts: SpikeAlertOutcome;
}

/**
 * Pain-point trends of one period against up to 8 trailing periods, from their stored `all` rows
 * (never from items), plus theme impact; stores the report and alerts each rising or new term once.
 * Baseline periods that were never rolled up are left out rather than counted as empty.
 */
export const detectTrends = async (period: Period, deps: DetectTrendsDeps): Promise<DetectTrendsOutcome> => {
  const current = await deps.rollups.getRollup(period, { keyPhrases: true });
  const baseline: MetricAggregate[] = [];
  for (const p of trailingPeriods(period, BASELINE_PERIODS)) {
    const stored = await deps.rollups.getRollup(p, { dimension: 'all', keyPhrases: true });
    if (stored) baseline.push(totalsOf(stored));
  }
  const totals = current ? totalsOf(current) : emptyAggregate();
  const report = computeTrends(
    termCountsOf(totals),
    baseline.map((b) => termCountsOf(b)),
    deps.options,
  );
  const trends: StoredTrends = {
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
    rising: report.rising.slice(0, STORED_TERMS),
    falling: report.falling.slice(0, STORED_TERMS),
    themes: current ? themeImpact(totals, topicRowsOf(current)) : [],
  };
  await deps.trends.putTrends(trends);
  const alerts = deps.spikes
    ? await alertSpikes(
        detectSpikes(report, period.key),
        { granularity: period.granularity, timezone: period.timezone },
        deps.spikes,
      )
    : { sent: 0, alreadySent: 0 };
  return { trends, alerts };
};
