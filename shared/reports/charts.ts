/**
 * The digest's charts as the domain sees them: what to draw (specs) and a port that draws them.
 * The renderer (ECharts SVG + resvg PNG, fonts from disk) is an adapter: shared/adapters/charts/.
 */

/** One line of a trend chart: a value per period, null where nobody answered. */
export interface LineChartSpec {
  kind: 'line' | 'bar';
  title: string;
  categories: string[];
  values: Array<number | null>;
  color: string;
  /** Fixed y range (e.g. 1–5 for CSAT); default: fitted. */
  min?: number;
  max?: number;
  decimals: number;
  width: number;
  height: number;
}

/** Horizontal bars: the top topics, coloured by their negative share. */
export interface BarChartSpec {
  kind: 'topics';
  title: string;
  labels: string[];
  values: number[];
  /** 0 … 1 per bar: share of negative mentions. */
  negativeShare: number[];
  width: number;
  height: number;
}

/** A chart to draw. */
export type ChartSpec = LineChartSpec | BarChartSpec;

/** Draws charts as PNG images for mail (clients do not show SVG). */
export interface ChartRenderer {
  /** False when it has no font for Japanese: the digest then labels its charts in English and topic ids. */
  readonly cjk: boolean;
  /** One PNG per spec, in order, at `scale` pixels per CSS pixel. */
  render(specs: readonly ChartSpec[]): Promise<Buffer[]>;
  /** Pixels per CSS pixel in the PNGs, so charts stay sharp on high-density screens. */
  readonly scale: number;
}
