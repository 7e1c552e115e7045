import type { FeedbackItem } from '../feedback/model.js';
import type { FeedbackStore } from '../feedback/ports.js';
import type { Alert, AlertMarks, AlertSender } from './ports.js';

const EXCERPT_CHARS = 120;

/** Builds the alert for an item from its redacted text and analysis; personal data was removed at ingest. */
export const buildAlert = (item: FeedbackItem, at: string, dashboardUrl?: string): Alert => ({
  id: item.id,
  level: item.triage.level ?? item.analysis?.urgency.level ?? 'critical',
  ...(item.triage.score !== undefined ? { score: item.triage.score } : {}),
  channel: item.channel,
  source: item.source,
  receivedAt: item.receivedAt,
  reasons: (item.analysis?.urgency.reasons ?? []).map((r) => {
    const raw = r.evidence ? item.text.slice(r.evidence.start, r.evidence.end).trim() : undefined;
    const excerpt = raw && raw.length > EXCERPT_CHARS ? `${raw.slice(0, EXCERPT_CHARS - 1)}…` : raw;
    return { code: r.code, level: r.level, ...(r.detail ? { detail: r.detail } : {}), ...(excerpt ? { excerpt } : {}) };
  }),
  ...(dashboardUrl ? { link: `${dashboardUrl.replace(/\/+$/, '')}/#/items/${encodeURIComponent(item.id)}` } : {}),
  at,
});

/** What alerting needs. */
export interface AlertDeps {
  store: Pick<FeedbackStore, 'get'> & AlertMarks;
  sender: AlertSender;
  now: () => Date;
  dashboardUrl?: string | undefined;
}

/** Whether an item was alerted now, was alerted before, or needs no alert. */
export type AlertOutcome = 'alerted' | 'already-alerted' | 'not-critical';

/** How long a sender may hold the alert lease before another delivery may take it over. */
export const ALERT_LEASE_MS = 60_000;

/** Thrown when another delivery holds a fresh lease on the alert: retry later rather than drop it. */
export class AlertInProgressError extends Error {
  override readonly name = 'AlertInProgressError';
}

/**
 * Alerts the people on duty about a critical item, once. A lease (`alertedAt`) is taken with a
 * conditional write before sending, so repeated or concurrent analyses send once; a failed send
 * gives the lease back and throws, so the queue redelivers the record; a crash after taking the
 * lease leaves it to expire and the redelivery takes it over. At least once: a duplicate is
 * possible only if a sender dies after sending and before confirming — we prefer a rare duplicate
 * page to a lost critical alert. `item` is the item as just analyzed (or read): nothing is read again
 * unless the lease is taken by someone else.
 */
export const alertIfCritical = async (item: FeedbackItem, deps: AlertDeps): Promise<AlertOutcome> => {
  const { id } = item;
  if (item.status !== 'analyzed' || item.triage.level !== 'critical') return 'not-critical';
  if (item.alertSentAt) return 'already-alerted';
  const now = deps.now();
  const at = now.toISOString();
  const staleBefore = new Date(now.getTime() - ALERT_LEASE_MS).toISOString();
  if (item.alertedAt && item.alertedAt >= staleBefore)
    throw new AlertInProgressError(`alert for ${id} is being sent by another delivery`);
  if (!(await deps.store.markAlerted(id, at, staleBefore))) {
    const winner = await deps.store.get(id);
    if (winner?.alertSentAt) return 'already-alerted';
    throw new AlertInProgressError(`alert for ${id} is being sent by another delivery`);
  }
  try {
    await deps.sender.send(buildAlert(item, at, deps.dashboardUrl));
  } catch (error) {
    await deps.store.clearAlerted(id, at);
    throw error;
  }
  await deps.store.confirmAlerted(id, at, deps.now().toISOString());
  return 'alerted';
};
