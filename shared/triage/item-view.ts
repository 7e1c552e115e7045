import type { AuditEntry, FeedbackItem } from '../feedback/model.js';
import { transcriptTurnsView } from '../transcripts/view.js';
import { mergeHistory } from './actions.js';
import { isOverdue } from './sla.js';

/** An item as `GET /v1/feedback/{id}` shows it: the stored item, whether it is overdue, its audit trail, and a transcript's turns. */
export const toItemView = (item: FeedbackItem, history: AuditEntry[], now: Date) => ({
  ...item,
  overdue: isOverdue(item.triage, now),
  history: mergeHistory(history, item.triage.lastChange),
  ...(item.kind === 'transcript' ? { turns: transcriptTurnsView(item) } : {}),
});
