import type { UrgencyLevel } from '../analysis/types.js';

/** One reason in an alert: the rule code and a short excerpt of the redacted text that triggered it. */
export interface AlertReason {
  code: string;
  level: UrgencyLevel;
  detail?: string;
  excerpt?: string;
}

/** An on-duty alert about one item: what, why and where to look — never raw personal data. */
export interface Alert {
  id: string;
  level: UrgencyLevel;
  score?: number;
  channel: string;
  source: string;
  receivedAt: string;
  reasons: AlertReason[];
  /** Link to the item in the dashboard (absent when no DASHBOARD_URL is configured). */
  link?: string;
  /** When the alert was raised. */
  at: string;
}

/** Delivers alerts (SNS on AWS; outbox folder and webhook locally). Throws when delivery failed. */
export interface AlertSender {
  send(alert: Alert): Promise<void>;
}

/** The once-only guard on the item: `alertedAt` set conditionally before sending, cleared if sending fails. */
export interface AlertMarks {
  /** Sets alertedAt unless it is set; false when the item was alerted already (or is gone). */
  markAlerted(id: string, at: string): Promise<boolean>;
  /** Clears alertedAt if it still holds `at`, so a retry can send again. */
  clearAlerted(id: string, at: string): Promise<void>;
}
