import type { FeedbackItem } from '../feedback/model.js';
import type { FeedbackStore } from '../feedback/ports.js';

/** What transcript ingest needs of storage: the feedback store, plus replacing a conversation's content. */
export interface TranscriptStore extends Pick<FeedbackStore, 'get' | 'putNew' | 'remove'> {
  /**
   * Writes a conversation's new content as revision `item.revision` if the stored revision is still
   * `expectedRevision` (compare-and-set); keeps triage and the previous analysis until re-analysis.
   * Returns false when someone else changed it first.
   */
  replaceContent(item: FeedbackItem, expectedRevision: number): Promise<boolean>;
}
