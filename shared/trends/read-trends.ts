import { ValidationError } from '../errors.js';
import { GRANULARITIES, type Granularity, granularityOfKey, parsePeriodKey } from '../rollups/periods.js';
import type { StoredTrends, TrendStore } from './ports.js';

/** A validated `GET /v1/trends` request. */
export interface TrendsQuery {
  granularity: Granularity;
  /** A period key to read; absent = the latest report. */
  key?: string;
  /** Most rising and falling terms (and themes) returned. */
  limit: number;
}

/** Largest `limit` a request may ask for (a stored report keeps 100 of each). */
export const MAX_TRENDS_LIMIT = 100;

/** Parses `period` (day|week|month), `key` (a period key of that granularity) and `limit` (1–100, default 20). */
export const parseTrendsQuery = (params: Record<string, string | undefined>, timezone: string): TrendsQuery => {
  const granularity = (params.period ?? 'day') as Granularity;
  if (!GRANULARITIES.includes(granularity)) {
    throw new ValidationError(`period must be one of ${GRANULARITIES.join(', ')}`, [
      { path: 'period', message: `must be one of ${GRANULARITIES.join(', ')}` },
    ]);
  }
  const limit = params.limit === undefined ? 20 : Number(params.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TRENDS_LIMIT) {
    throw new ValidationError(`limit must be an integer from 1 to ${MAX_TRENDS_LIMIT}`, [
      { path: 'limit', message: `must be an integer from 1 to ${MAX_TRENDS_LIMIT}` },
    ]);
  }
  const key = params.key;
  if (key !== undefined) {
    const fits = granularityOfKey(key) === granularity;
    try {
      if (fits) parsePeriodKey(key, timezone);
    } catch {
      throw new ValidationError(`key is not a ${granularity} key`, [
        { path: 'key', message: `not a valid ${granularity} key` },
      ]);
    }
    if (!fits)
      throw new ValidationError(`key is not a ${granularity} key`, [
        { path: 'key', message: `not a ${granularity} key` },
      ]);
  }
  return { granularity, limit, ...(key ? { key } : {}) };
};

/** The asked-for (or latest) stored trend report with its lists cut to `limit`; null when none exists yet. */
export const readTrends = async (
  query: TrendsQuery,
  timezone: string,
  deps: { trends: TrendStore },
): Promise<StoredTrends | null> => {
  const stored = query.key
    ? await deps.trends.getTrends(query.granularity, timezone, query.key)
    : await deps.trends.latestTrends(query.granularity, timezone);
  if (!stored) return null;
  return {
    ...stored,
    rising: stored.rising.slice(0, query.limit),
    falling: stored.falling.slice(0, query.limit),
    themes: stored.themes.slice(0, query.limit),
  };
};
