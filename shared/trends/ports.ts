import type { ThemeImpact } from '../metrics/theme-impact.js';
import type { Granularity } from '../rollups/periods.js';
import type { DiscoveredTheme } from '../themes/discover-themes.js';
import type { ThemeQuote } from '../themes/quotes.js';
import type { TermTrend } from './trends.js';

/** A rising or falling term as stored: the first rising ones carry 2–3 redacted quotes. */
export type StoredTerm = TermTrend & { quotes?: ThemeQuote[] };

/**
 * The trend report of one period as stored and served (`GET /v1/trends`): ranked lists only, not
 * every steady term, each list bounded (see buildTrendReport), so the item stays far below 400 KB.
 */
export interface StoredTrends {
  granularity: Granularity;
  /** Period key (`2026-11-22`, `2026-W47`, `2026-11`). */
  period: string;
  timezone: string;
  start: string;
  end: string;
  computedAt: string;
  volume: number;
  baselineVolume: number;
  baselinePeriods: number;
  insufficientBaseline: boolean;
  /** Rising and new terms (taxonomy topics and discovered themes, see `kind` and `discovered`). */
  rising: StoredTerm[];
  falling: StoredTerm[];
  /** The period's discovered themes, most salient first, each marked `discovered: true`, with quotes. */
  discovered: DiscoveredTheme[];
  /** Theme impact of the period's topics on NPS and CSAT, costliest first. */
  themes: ThemeImpact[];
}

/** Storage of trend reports: one per (granularity, time zone, period), newest readable first. */
export interface TrendStore {
  /** Overwrites the report of its period. */
  putTrends(trends: StoredTrends): Promise<void>;
  /** The report of one period, or undefined. */
  getTrends(granularity: Granularity, timezone: string, period: string): Promise<StoredTrends | undefined>;
  /** The most recent report of a granularity, or undefined when none was computed yet. */
  latestTrends(granularity: Granularity, timezone: string): Promise<StoredTrends | undefined>;
}
