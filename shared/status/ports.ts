/** The first and last `occurredAt` of the feedback stored so far. */
export interface DataRange {
  first: string;
  last: string;
}

/** Keeps the range of `occurredAt` seen at ingest, so readers find where the data is without a scan. */
export interface DataRangeStore {
  /** Widens the stored range to include [first, last]; never narrows it. */
  widen(first: string, last: string): Promise<void>;
  /** The range, or null before the first item. */
  get(): Promise<DataRange | null>;
}
