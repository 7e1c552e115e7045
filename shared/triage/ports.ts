import type { AuditEntry, FeedbackItem, TriageState } from '../feedback/model.js';

/** One page of items that carry a manager's override (the labelled evaluation set). */
export interface LabelledPage {
  items: FeedbackItem[];
  nextCursor?: string;
}

/** Triage writes on the feedback aggregate, and its audit trail. */
export interface TriageStore {
  /**
   * Replaces the item's triage state if its `triage.version` is still `expectedVersion`
   * (compare-and-set); moves the item between queue partitions. False when someone else won.
   */
  updateTriage(item: FeedbackItem, expectedVersion: number | undefined, next: TriageState): Promise<boolean>;
  /** Writes an audit entry as its own record; idempotent (same entry, same key). */
  appendAudit(id: string, entry: AuditEntry): Promise<void>;
  /** The item's audit trail, oldest first. */
  history(id: string): Promise<AuditEntry[]>;
  /** Items that were ever overridden, most recently labelled first. */
  labelled(limit: number, cursor?: string): Promise<LabelledPage>;
}
