/** Where the analysis queue stands: what waits, what is being analyzed, and since when the oldest waits. */
export interface Backlog {
  /** Messages waiting for analysis (not yet received, or backing off after a failure). */
  queued: number;
  /** Messages being analyzed right now. */
  inFlight: number;
  /** When the oldest waiting message was sent (ISO-8601); null when nothing waits or the queue cannot tell. */
  oldestQueuedAt: string | null;
}

/** The first and last `occurredAt` of the feedback stored so far. */
export interface DataRange {
  first: string;
  last: string;
}

/** Reads the analysis queue's backlog (the in-process queue locally, SQS attributes on AWS). */
export interface AnalysisBacklog {
  backlog(): Promise<Backlog>;
}

/** Keeps the range of `occurredAt` seen at ingest, so readers find where the data is without a scan. */
export interface DataRangeStore {
  /** Widens the stored range to include [first, last]; never narrows it. */
  widen(first: string, last: string): Promise<void>;
  /** The range, or null before the first item. */
  get(): Promise<DataRange | null>;
}
