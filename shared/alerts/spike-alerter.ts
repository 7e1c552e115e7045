import type { Granularity } from '../rollups/periods.js';
import type { SpikeAlert } from '../trends/spikes.js';

/** A spike as it goes out: the candidate plus where and when it was raised. */
export interface SpikeNotice extends SpikeAlert {
  granularity: Granularity;
  timezone: string;
  /** When the alert was raised (ISO-8601). */
  at: string;
  /** Dashboard link to the trends view (absent without DASHBOARD_URL). */
  link?: string;
}

/** Delivers spike alerts (SNS on AWS; outbox, log and webhook locally). Throws when delivery failed. */
export interface SpikeAlerter {
  send(notice: SpikeNotice): Promise<void>;
}

/** The once-only guard: one record per spike key, written conditionally before sending. */
export interface SpikeMarks {
  /** Records the spike unless recorded already; false when it was (so it alerted before). */
  claimSpike(dedupKey: string, timezone: string, at: string): Promise<boolean>;
  /** Removes the record if it still holds `at`, so a retry can send again after a failed delivery. */
  releaseSpike(dedupKey: string, timezone: string, at: string): Promise<void>;
}
