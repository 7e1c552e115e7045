import type { AnalysisBacklogSource } from '../feedback/ports.js';
import type { DataRange, DataRangeStore } from './ports.js';

/** What `GET /v1/status` answers: is analysis still running, and which dates hold data. */
export interface Status {
  backlog: {
    /** Messages waiting for analysis (not yet received, or backing off after a failure). */
    queued: number;
    /** Messages being analyzed right now. */
    inFlight: number;
    deadLetters: number;
    /** When the oldest waiting message was sent; null when nothing waits or the queue cannot tell (SQS). */
    oldestQueuedAt: string | null;
  };
  dataRange: DataRange | null;
}

/** What reading the status needs. */
export interface StatusDeps {
  backlog: AnalysisBacklogSource;
  dataRange: Pick<DataRangeStore, 'get'>;
  now: () => Date;
}

/** The analysis backlog (the same port /health reads) and the data range, read together. */
export const getStatus = async (deps: StatusDeps): Promise<Status> => {
  const [backlog, dataRange] = await Promise.all([deps.backlog.backlog(), deps.dataRange.get()]);
  const oldest = backlog.oldestWaitingSeconds;
  return {
    backlog: {
      queued: backlog.queued,
      inFlight: backlog.inFlight,
      deadLetters: backlog.deadLetters,
      oldestQueuedAt:
        backlog.queued > 0 && oldest !== null && oldest > 0
          ? new Date(deps.now().getTime() - oldest * 1000).toISOString()
          : null,
    },
    dataRange,
  };
};

/** The earliest and latest of some ISO-8601 instants (they sort as strings); undefined for none. */
export const spanOf = (instants: readonly string[]): DataRange | undefined => {
  if (instants.length === 0) return undefined;
  let first = instants[0] as string;
  let last = first;
  for (const at of instants) {
    if (at < first) first = at;
    if (at > last) last = at;
  }
  return { first, last };
};
