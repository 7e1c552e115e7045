import type { Analysis, UrgencyLevel } from '../analysis/types.js';
import type { Channel, FeedbackItem, TriageState, TriageStatus } from './model.js';

/** The message the analysis queue carries: which item, and which revision of it to analyze. */
export interface AnalysisMessage {
  id: string;
  revision: number;
}

/** Sends item ids to the analysis queue (SQS on AWS, the in-process queue locally). */
export interface AnalysisQueue {
  /** Enqueues all messages or throws; callers treat a throw as "nothing enqueued". */
  send(messages: AnalysisMessage[]): Promise<void>;
}

/** How far behind analysis is: what `/health` reports so a caller can see progress. */
export interface AnalysisBacklog {
  /** Messages waiting to be analyzed (ready or backing off after a failure). */
  queued: number;
  /** Messages being analyzed now. */
  inFlight: number;
  /** Age of the oldest message not yet analyzed, in seconds (0 when none waits; null when the queue cannot tell, as SQS). */
  oldestWaitingSeconds: number | null;
  deadLetters: number;
}

/** A queue that can say how much is waiting (the in-process queue; SQS attributes on AWS). */
export interface AnalysisBacklogSource {
  backlog(): Promise<AnalysisBacklog>;
}

/** A message that failed every delivery attempt. */
export interface DeadLetter {
  /** Handle for replaying this one message. */
  handle: string;
  body: string;
  attempts: number;
  firstFailedAt: string;
  lastError?: string;
}

/** The analysis queue's dead letters: listed and replayed by `koe dlq`. */
export interface DeadLetterQueue {
  list(limit: number): Promise<DeadLetter[]>;
  /** Moves the given dead letters (all when `handles` is absent) back to the queue; returns how many. */
  replay(handles?: string[]): Promise<number>;
}

/** Outcome of writing one new item: stored now, or already there under the same idempotency key. */
export type PutOutcome = { status: 'created'; item: FeedbackItem } | { status: 'duplicate'; item: FeedbackItem };

/** The urgency queue's filters: a page and a count take the same ones. */
export interface QueueFilter {
  /** Triage status to list (default open). */
  status?: TriageStatus;
  levels?: UrgencyLevel[];
  /** Only items of one of these channels. */
  channels?: Channel[];
  /** Only items of one of these sources. */
  sources?: string[];
  /** Only items whose effective topics include one of these topic ids. */
  topics?: string[];
  /** Only items assigned to this name. */
  assignee?: string;
  /** Only items whose SLA `dueAt` is before this instant (ISO-8601). */
  overdueBefore?: string;
}

/** Filters and paging for the urgency queue. */
export interface QueueQuery extends QueueFilter {
  limit: number;
  cursor?: string | undefined;
}

/** How many items a filter selects: exact, or `atLeast` when counting stopped at its cap or read bound. */
export interface QueueCount {
  count: number;
  atLeast: boolean;
}

/** One page of the urgency queue, most urgent first. */
export interface QueuePage {
  items: FeedbackItem[];
  nextCursor?: string;
}

/** Storage of feedback items (one repository for the feedback aggregate). */
export interface FeedbackStore {
  /** Writes a new item unless its id exists already (the id encodes the idempotency key). */
  putNew(item: FeedbackItem): Promise<PutOutcome>;
  get(id: string): Promise<FeedbackItem | undefined>;
  /** Reads many items at once (the analysis of a batch); the map holds those that exist. */
  getMany(ids: readonly string[]): Promise<Map<string, FeedbackItem>>;
  /** Removes an item that was written but could not be enqueued (compensation at ingest). */
  remove(id: string): Promise<void>;
  /**
   * Records the analysis of `read.revision` with the triage state decided from it, in one write,
   * if the item is still as read (same revision, not analyzed at it, same `triage.version`);
   * false when it moved on meanwhile — the caller re-reads and decides again.
   */
  saveAnalysis(read: FeedbackItem, analysis: Analysis, triage: TriageState, analyzedAt: string): Promise<boolean>;
  /** Marks the item failed after its last delivery attempt. */
  markFailed(id: string, revision: number, reason: string): Promise<void>;
  queue(query: QueueQuery): Promise<QueuePage>;
  /** How many items the queue holds for `filter`, exact up to `cap` (then `{count: cap, atLeast: true}`); reads are bounded. */
  countQueue(filter: QueueFilter, cap: number): Promise<QueueCount>;
  /** Items whose occurredAt lies in [from, to), in (occurredAt, id) order, for roll-ups and export; cost grows with the window, not the table. */
  listByOccurredAt(from: string, to: string, cursor?: string): Promise<{ items: FeedbackItem[]; nextCursor?: string }>;
}

/** An item waiting for analysis, as the pending index lists it. */
export interface PendingItem {
  id: string;
  revision: number;
  /** When it was queued, or last re-enqueued by the sweeper. */
  queuedSince: string;
}

/** One page of pending items, oldest first. */
export interface PendingPage {
  items: PendingItem[];
  nextCursor?: string;
}

/** The items still `queued`, oldest first: how the sweeper finds those whose queue message was lost. */
export interface PendingItems {
  /** Items queued (or last re-enqueued) before `queuedBefore`, still `queued`. */
  listPending(queuedBefore: string, limit: number, cursor?: string): Promise<PendingPage>;
  /**
   * Claims a pending item for re-enqueueing by moving its `queuedSince` to `queuedAt`, if it is
   * still as listed; false when another sweeper, or its analysis, got there first.
   */
  claimPending(item: PendingItem, queuedAt: string): Promise<boolean>;
}
