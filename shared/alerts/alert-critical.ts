import type { FeedbackItem } from '../feedback/model.js';
import type { FeedbackStore } from '../feedback/ports.js';
import type { Alert, AlertMarks, AlertSender } from './ports.js';

const EXCERPT_CHARS = 120;

/** Builds the alert for an item from its redacted text and analysis; personal data was removed at ingest. */
export const buildAlert = (item: FeedbackItem, at: string, dashboardUrl?: string): Alert => ({
  id: item.id,
  level: item.triage.level ?? item.analysis?.urgency.level ?? 'critical',
  score: item.triage.score,
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
  dashboardUrl?: string;
}

/** Whether an item was alerted now, was alerted before, or needs no alert. */
export type AlertOutcome = 'alerted' | 'already-alerted' | 'not-critical';

/**
 * Alerts the people on duty about a critical item, once. `alertedAt` is written conditionally
 * before sending (so concurrent or repeated analyses send once); if sending fails it is cleared
 * again and the error is thrown, so the queue retries the record: at least once, with a
 * duplicate only if the process dies between a successful send and nothing else — we prefer a
 * rare duplicate page to a lost critical alert.
 */
export const alertIfCritical = async (id: string, deps: AlertDeps): Promise<AlertOutcome> => {
  const item = await deps.store.get(id);
  if (item?.status !== 'analyzed' || item.triage.level !== 'critical') return 'not-critical';
  if (item.alertedAt) return 'already-alerted';
  const at = deps.now().toISOString();
  if (!(await deps.store.markAlerted(id, at))) return 'already-alerted';
  try {
    await deps.sender.send(buildAlert(item, at, deps.dashboardUrl));
  } catch (error) {
    await deps.store.clearAlerted(id, at);
    throw error;
  }
  return 'alerted';
};
