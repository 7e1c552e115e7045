import type { AnalysisMessage, AnalysisQueue, PendingItems } from './ports.js';

/**
 * How long an item may wait in `queued` before the sweeper takes its message for lost. Well above
 * the analysis queue's worst retry schedule (5 receives with backoff capped at a minute locally; the
 * visibility timeout on AWS), so an item whose message is still being retried is left alone.
 */
export const STUCK_AFTER_MS = 15 * 60_000;

/** Most items one run re-enqueues; the rest wait for the next run (a scheduled function has minutes, not hours). */
export const MAX_SWEPT_PER_RUN = 5_000;

const PAGE = 100;

/** What the sweeper needs. */
export interface SweepDeps {
  store: PendingItems;
  queue: AnalysisQueue;
  now: () => Date;
  /** Default {@link STUCK_AFTER_MS}. */
  stuckAfterMs?: number;
}

/** A run's account: items found past the deadline, and how many of them this run re-enqueued. */
export interface SweepResult {
  found: number;
  requeued: number;
}

/**
 * Re-enqueues items left `queued` past the deadline with nothing to deliver them (an enqueue lost
 * to a crash or a power cut, a queue file restored from an older state). Each item is claimed first
 * with a conditional write that moves its place in the pending index to now: of two sweepers one
 * wins, and the item is not swept again before another deadline passes. An item whose message is
 * still in the queue after the deadline may be analyzed from two messages; analysis is idempotent
 * (revision compare-and-set), so the second is a no-op. If the enqueue fails, the claimed items
 * wait for the next run after the deadline.
 */
export const sweepStuckItems = async (deps: SweepDeps): Promise<SweepResult> => {
  const now = deps.now();
  const queuedBefore = new Date(now.getTime() - (deps.stuckAfterMs ?? STUCK_AFTER_MS)).toISOString();
  const at = now.toISOString();
  let found = 0;
  let requeued = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.store.listPending(queuedBefore, PAGE, cursor);
    found += page.items.length;
    const claimed = await Promise.all(page.items.map((item) => deps.store.claimPending(item, at)));
    const messages: AnalysisMessage[] = page.items
      .filter((_, i) => claimed[i])
      .map(({ id, revision }) => ({ id, revision }));
    if (messages.length) await deps.queue.send(messages);
    requeued += messages.length;
    cursor = page.nextCursor;
  } while (cursor && requeued < MAX_SWEPT_PER_RUN);
  return { found, requeued };
};
