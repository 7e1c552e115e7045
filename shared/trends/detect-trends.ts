import { alertSpikes, type SpikeAlertDeps, type SpikeAlertOutcome } from '../alerts/spike-alert.js';
import type { FeedbackStore } from '../feedback/ports.js';
import type { MetricAggregate } from '../metrics/aggregate.js';
import { type Period, trailingPeriods } from '../rollups/periods.js';
import type { RollupStore } from '../rollups/ports.js';
import { topicRowsOf, totalsOf } from '../rollups/roll-up.js';
import type { DiscoverOptions } from '../themes/discover-themes.js';
import { buildTrendReport } from './period-trends.js';
import type { StoredTrends, TrendStore } from './ports.js';
import { detectSpikes } from './spikes.js';
import type { TrendOptions } from './trends.js';

/** Trailing periods compared with the current one (the test needs at least 4 with feedback). */
export const BASELINE_PERIODS = 8;

/** What the trends job needs; `spikes` absent = compute and store without alerting (back-fills); `items` for quotes. */
export interface DetectTrendsDeps {
  rollups: RollupStore;
  trends: TrendStore;
  now: () => Date;
  items?: Pick<FeedbackStore, 'listByOccurredAt'>;
  spikes?: SpikeAlertDeps;
  options?: TrendOptions & DiscoverOptions;
}

/** The stored report and what alerting did. */
export interface DetectTrendsOutcome {
  trends: StoredTrends;
  alerts: SpikeAlertOutcome;
}

/**
 * Pain-point trends of one period against up to 8 trailing periods, from their stored `all` rows
 * (never re-rolled from items), plus discovered themes and theme impact (buildTrendReport); stores
 * the report and alerts each rising or new term once. Periods never rolled up are left out.
 */
export const detectTrends = async (period: Period, deps: DetectTrendsDeps): Promise<DetectTrendsOutcome> => {
  const current = await deps.rollups.getRollup(period);
  const baseline: MetricAggregate[] = [];
  for (const p of trailingPeriods(period, BASELINE_PERIODS)) {
    const stored = await deps.rollups.getRollup(p, { dimension: 'all' });
    if (stored) baseline.push(totalsOf(stored));
  }
  const trends = await buildTrendReport(
    {
      period,
      current: current ? totalsOf(current) : undefined,
      topicRows: current ? topicRowsOf(current) : [],
      baseline,
    },
    deps,
  );
  await deps.trends.putTrends(trends);
  const alerts = deps.spikes
    ? await alertSpikes(
        detectSpikes(trends.rising, period.key),
        { granularity: period.granularity, timezone: period.timezone },
        deps.spikes,
      )
    : { sent: 0, alreadySent: 0 };
  return { trends, alerts };
};
