/**
 * The figures of one digest, gathered from the stores (gather-digest.ts) and turned into HTML,
 * text and charts (render-digest.ts). Plain data: it crosses no port and holds only redacted text.
 */
import type { UrgencyLevel } from '../analysis/types.js';
import type { Scores } from '../metrics/scores.js';
import type { Dimension } from '../rollups/dimensions.js';
import type { Period } from '../rollups/periods.js';
import type { ThemeQuote } from '../themes/quotes.js';
import type { TermKind } from '../trends/term-counts.js';
import type { TrendStatus } from '../trends/trends.js';
import type { DigestTarget } from './digest.js';

/** The metrics a digest shows and targets can name. */
export const DIGEST_METRICS = ['volume', 'nps', 'csat', 'ces', 'sentiment'] as const;
/** One digest metric. */
export type DigestMetric = (typeof DIGEST_METRICS)[number];

/** The headline figures of one period; a score is null when nobody answered. */
export interface DigestFigures {
  volume: number;
  nps: { score: number | null; responses: number; promoters: number; passives: number; detractors: number };
  csat: { mean: number | null; responses: number; satisfiedShare: number | null };
  ces: { mean: number | null; responses: number };
  sentiment: { mean: number | null; count: number; negativeShare: number | null };
}

/** One period of a trend series. */
export interface SeriesPoint {
  period: string;
  start: string;
  figures: DigestFigures;
}

/** How a target stands: the value it is judged on, and whether it is met. */
export interface TargetProgress {
  target: DigestTarget;
  /** The period's value (atLeast/atMost) or its change since `target.since` (change); null without data. */
  actual: number | null;
  /** For `change`: the value of the period holding `since`. */
  baseline?: number | null;
  met: boolean | null;
  /** Share of the way to the target, 0 … 1 (1 = met); null without data. */
  progress: number | null;
}

/** One of the most mentioned topics of the period. */
export interface DigestTopic {
  topic: string;
  count: number;
  /** Mentions in the previous period. */
  previousCount: number;
  sentimentMean: number;
  negativeShare: number;
}

/** A short redacted quote of a pain point. */
export type DigestQuote = ThemeQuote;

/** A discovered theme of the period (not a taxonomy topic), as the trend report names it. */
export interface DigestTheme {
  /** `emergent:<label>`. */
  id: string;
  label: string;
  count: number;
  share: number;
  negative: number;
  quotes: DigestQuote[];
}

/** A rising (or new) pain point of the period, with example quotes. */
export interface DigestPainPoint {
  term: string;
  kind: TermKind;
  label: string;
  status: TrendStatus;
  count: number;
  share: number;
  baselineShare: number;
  rateRatio: number | null;
  quotes: DigestQuote[];
}

/** One open item of the urgency queue, as the digest lists it. */
export interface DigestQueueItem {
  id: string;
  level: UrgencyLevel;
  receivedAt: string;
  /** Minutes since receipt at gather time. */
  ageMinutes: number;
  overdue: boolean;
  excerpt: string;
  /** `${dashboardUrl}/#/item/<id>`, when the request has a dashboard URL. */
  link?: string;
}

/** The urgency queue now (not only the period): open critical and high items. */
export interface DigestQueue {
  critical: number;
  high: number;
  /** Open critical and high items past their SLA due time. */
  overdue: number;
  oldest?: DigestQueueItem;
  /** The most urgent few, queue order. */
  top: DigestQueueItem[];
  /** True when the queue had more open items than were read (counts are lower bounds). */
  truncated: boolean;
  /** `${dashboardUrl}/#/queue`. */
  link?: string;
}

/** Everything a digest shows, in no particular language. */
export interface DigestData {
  period: Period;
  previous: Period;
  /** Which roll-up rows the figures come from: `all`, or the filter's dimension and values. */
  scope: { dimension: Dimension; values: string[] };
  current: DigestFigures;
  previousFigures: DigestFigures;
  targets: TargetProgress[];
  /** Trailing periods, oldest first, ending with the current one. */
  series: SeriesPoint[];
  topics: DigestTopic[];
  painPoints: DigestPainPoint[];
  /** The period's discovered themes, most salient first (the same list as `GET /v1/trends` `discovered`). */
  themes: DigestTheme[];
  /** `stored`: the trends job's report; `live`: computed from the same roll-ups (filters, or no report yet). */
  painPointSource: 'stored' | 'live' | 'none';
  queue: DigestQueue;
  generatedAt: string;
}

/** The headline figures of a roll-up aggregate's scores. */
export const figuresOf = (scores: Scores): DigestFigures => {
  const { positive, neutral, negative, mixed } = scores.sentiment.distribution;
  const labelled = positive + neutral + negative + mixed;
  return {
    volume: scores.volume,
    nps: {
      score: scores.nps.score,
      responses: scores.nps.responses,
      promoters: scores.nps.promoters,
      passives: scores.nps.passives,
      detractors: scores.nps.detractors,
    },
    csat: { mean: scores.csat.mean, responses: scores.csat.responses, satisfiedShare: scores.csat.satisfiedShare },
    ces: { mean: scores.ces.mean, responses: scores.ces.responses },
    sentiment: {
      mean: scores.sentiment.mean,
      count: scores.sentiment.count,
      negativeShare: labelled === 0 ? null : negative / labelled,
    },
  };
};

/** The value of one metric in a set of figures (NPS score, CSAT and CES means, sentiment mean). */
export const metricValue = (figures: DigestFigures, metric: DigestMetric): number | null => {
  switch (metric) {
    case 'volume':
      return figures.volume;
    case 'nps':
      return figures.nps.score;
    case 'csat':
      return figures.csat.mean;
    case 'ces':
      return figures.ces.mean;
    case 'sentiment':
      return figures.sentiment.mean;
  }
};
