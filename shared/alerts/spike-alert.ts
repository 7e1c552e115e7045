import type { Granularity } from '../rollups/periods.js';
import type { SpikeAlert } from '../trends/spikes.js';
import type { SpikeAlerter, SpikeMarks, SpikeNotice } from './spike-alerter.js';

/** What spike alerting needs. */
export interface SpikeAlertDeps {
  marks: SpikeMarks;
  alerter: SpikeAlerter;
  now: () => Date;
  dashboardUrl?: string | undefined;
}

/** How many spikes were sent now, and how many had been sent before. */
export interface SpikeAlertOutcome {
  sent: number;
  alreadySent: number;
}

/** Most alerts one period raises; the rest are in the trend report (a noisy day must not page 200 times). */
export const MAX_SPIKE_ALERTS = 10;

/**
 * Alerts each spike once: the record keyed by its dedup key (period + term) is written with a
 * conditional put before sending, so hourly re-runs and concurrent runs send it once. A failed
 * delivery releases the record and the error is rethrown after the other spikes were tried, so the
 * job's retry sends the missing ones only.
 */
export const alertSpikes = async (
  spikes: readonly SpikeAlert[],
  scope: { granularity: Granularity; timezone: string },
  deps: SpikeAlertDeps,
): Promise<SpikeAlertOutcome> => {
  const outcome: SpikeAlertOutcome = { sent: 0, alreadySent: 0 };
  const failures: unknown[] = [];
  for (const spike of spikes.slice(0, MAX_SPIKE_ALERTS)) {
    const at = deps.now().toISOString();
    if (!(await deps.marks.claimSpike(spike.dedupKey, scope.timezone, at))) {
      outcome.alreadySent++;
      continue;
    }
    const notice: SpikeNotice = {
      ...spike,
      ...scope,
      at,
      ...(deps.dashboardUrl
        ? { link: `${deps.dashboardUrl.replace(/\/+$/, '')}/#/trends?period=${scope.granularity}` }
        : {}),
    };
    try {
      await deps.alerter.send(notice);
      outcome.sent++;
    } catch (error) {
      await deps.marks.releaseSpike(spike.dedupKey, scope.timezone, at);
      failures.push(error);
    }
  }
  if (failures.length > 0) {
    throw new AggregateError(failures, `${failures.length} spike alert(s) could not be delivered`);
  }
  return outcome;
};
