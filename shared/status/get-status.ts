import type { AnalysisBacklog, Backlog, DataRange, DataRangeStore } from './ports.js';

/** What `GET /v1/status` answers: is analysis still running, and which dates hold data. */
export interface Status {
  backlog: Backlog;
  dataRange: DataRange | null;
}

/** What reading the status needs. */
export interface StatusDeps {
  backlog: AnalysisBacklog;
  dataRange: Pick<DataRangeStore, 'get'>;
}

/** The analysis backlog and the data range, read together (one use case for /v1/status and /health). */
export const getStatus = async (deps: StatusDeps): Promise<Status> => {
  const [backlog, dataRange] = await Promise.all([deps.backlog.backlog(), deps.dataRange.get()]);
  return { backlog, dataRange };
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
