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

/**
 * The once-only guard on the item: `alertedAt` is a lease taken with a conditional write before
 * sending, `alertSentAt` confirms the send. A lease older than the lease time without a
 * confirmation was left by a crashed sender and may be taken over.
 */
export interface AlertMarks {
  /** Takes the lease unless the alert was sent or a lease newer than `staleBefore` is held; false otherwise. */
  markAlerted(id: string, at: string, staleBefore: string): Promise<boolean>;
  /** Records that the alert holding lease `at` was delivered. */
  confirmAlerted(id: string, at: string, sentAt: string): Promise<void>;
  /** Gives the lease `at` back after a failed send, so a retry can send again. */
  clearAlerted(id: string, at: string): Promise<void>;
}
