import { defaultTaxonomy, topicLabel } from '../analysis/topics/taxonomy.js';
import type { ChartRenderer, ChartSpec } from './charts.js';
import type { Digest, DigestImage, DigestRequest } from './digest.js';
import {
  DIGEST_METRICS,
  type DigestData,
  type DigestFigures,
  type DigestMetric,
  type DigestQueueItem,
  metricValue,
  type SeriesPoint,
  type TargetProgress,
} from './digest-data.js';
import { type DigestStrings, digestStrings } from './digest-strings.js';

/**
 * A digest as mail clients show it. One section model (digestModel: figures, targets, charts, topics,
 * pain points, themes, queue — every word and number already in the request's language) is written
 * twice: as HTML (htmlOf) and as plain text (textOf); neither is made from the other.
 * The HTML is fluid up to 640 px and stacks on a phone without media queries: table layout, inline CSS
 * only (no flex, grid, external CSS or script), blocks as inline-blocks with a max-width, with
 * Outlook's conditional ghost tables holding them in columns; images scale (width:100%, max-width).
 * PNG charts are referenced by `cid:`.
 */

/** Options of `renderDigest`. */
export interface RenderOptions {
  /** Labels for topic ids (e.g. a custom taxonomy's); default: built-in Japanese names, the default taxonomy's English labels. */
  topicLabels?: Record<string, string>;
}

/** Widest the digest's page gets, in CSS pixels (600 px of content inside its padding). */
const PAGE_WIDTH = 640;
/** A figure block's widest: three to a row on a desktop, two on a phone. */
const BLOCK_WIDTH = 160;
const BLOCK_GAP = 8;
const CHART_WIDTH = 290;
const CHART_HEIGHT = 160;
const CHART_GAP = 10;
/** The top-topics chart: narrow enough that a phone shrinks its labels little (11 px → 9 px at 342 px). */
const TOPIC_CHART_WIDTH = 400;

const GOOD = '#15803d';
const BAD = '#b91c1c';
const NEUTRAL = '#374151';
const MUTED = '#6b7280';
const FONT =
  "font-family:-apple-system,'Segoe UI','Hiragino Sans','Noto Sans CJK JP','Yu Gothic',Meiryo,Arial,sans-serif";

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Decimals each metric is shown with. */
const DECIMALS: Record<DigestMetric, number> = { volume: 0, nps: 0, csat: 2, ces: 2, sentiment: 2 };
const CHART_COLORS: Record<DigestMetric, string> = {
  volume: '#2563eb',
  nps: '#7c3aed',
  csat: '#0891b2',
  ces: '#ca8a04',
  sentiment: '#db2777',
};
/** Fixed chart ranges where the scale has one. */
const RANGES: Partial<Record<DigestMetric, { min: number; max?: number }>> = {
  volume: { min: 0 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

class Formatter {
  readonly s: DigestStrings;
  private readonly numbers = new Map<string, Intl.NumberFormat>();
  constructor(
    language: DigestRequest['language'],
    readonly timezone: string,
    private readonly topicLabels: Record<string, string>,
    /** Charts drawn without a CJK font: labels that are not Latin fall back to the topic id. */
    private readonly latinOnly = false,
  ) {
    this.s = digestStrings(language);
  }

  private nf(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
    let f = this.numbers.get(key);
    if (!f) {
      f = new Intl.NumberFormat(this.s.locale, options);
      this.numbers.set(key, f);
    }
    return f;
  }

  number(n: number, decimals = 0, signed = false): string {
    return this.nf(`n${decimals}${signed}`, {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      signDisplay: signed ? 'exceptZero' : 'auto',
    }).format(n);
  }

  percent(x: number, decimals = 0): string {
    return this.nf(`p${decimals}`, {
      style: 'percent',
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    }).format(x);
  }

  metric(metric: DigestMetric, value: number | null): string {
    if (value === null) return '—';
    return this.number(value, DECIMALS[metric], metric === 'nps' || metric === 'sentiment');
  }

  date(iso: string, options: Intl.DateTimeFormatOptions): string {
    return new Intl.DateTimeFormat(this.s.locale, { timeZone: this.timezone, ...options }).format(new Date(iso));
  }

  /** The period as people say it: a day, a range of days, or a month. */
  range(period: DigestData['period']): string {
    // Intl puts thin and narrow no-break spaces around range dashes; subjects travel better with plain ones.
    return this.rangeIntl(period).replace(/[\u2009\u202f]/g, ' ');
  }

  private rangeIntl(period: DigestData['period']): string {
    const start = new Date(period.start);
    const last = new Date(Date.parse(period.end) - 1);
    const dtf = (options: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat(this.s.locale, { timeZone: this.timezone, ...options });
    switch (period.granularity) {
      case 'day':
        return dtf({ year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' }).format(start);
      case 'week':
        return dtf({ year: 'numeric', month: 'short', day: 'numeric' }).formatRange(start, last);
      case 'month':
        return dtf({ year: 'numeric', month: 'long' }).format(start);
    }
  }

  /** A chart axis label for a period of the series. */
  category(point: SeriesPoint, granularity: DigestData['period']['granularity']): string {
    return granularity === 'month'
      ? this.date(point.start, { month: 'short' })
      : this.date(point.start, { month: 'numeric', day: 'numeric' });
  }

  topic(id: string): string {
    if (id.startsWith('emergent:')) return this.term('theme', id);
    const label = this.topicLabels[id] ?? topicLabel(defaultTaxonomy, id, this.s.locale === 'ja-JP' ? 'ja' : 'en');
    return label === undefined || (this.latinOnly && /[^\u0020-\u024f]/.test(label)) ? id : label;
  }

  /** A topic's name, or a discovered theme's words quoted (the badge says it is discovered). */
  term(kind: 'topic' | 'theme', label: string): string {
    if (kind === 'topic') return this.topic(label);
    const words = label.replace(/^emergent:/, '');
    return this.s.locale === 'ja-JP' ? `「${words}」` : `“${words}”`;
  }
}

/** The change of one metric against the previous period: arrow, signed delta, colour. */
const changeOf = (f: Formatter, metric: DigestMetric, now: DigestFigures, before: DigestFigures) => {
  const a = metricValue(now, metric);
  const b = metricValue(before, metric);
  // No comments before (the first period of an import, a new source): nothing to compare, not "+all".
  if (a === null || b === null || (metric === 'volume' && before.volume === 0))
    return { arrow: '', text: '—', color: MUTED };
  const delta = a - b;
  const epsilon = 10 ** -DECIMALS[metric] / 2;
  if (Math.abs(delta) < epsilon) return { arrow: '＝', text: f.s.noChange, color: MUTED };
  const up = delta > 0;
  let text = f.number(delta, DECIMALS[metric], true);
  if (metric === 'volume' && b > 0) text += ` (${f.percent(delta / b, 0).replace(/^(?=\d)/, '+')})`;
  const color = metric === 'volume' ? NEUTRAL : up ? GOOD : BAD;
  return { arrow: up ? '▲' : '▼', text, color };
};

/** The lines under a figure (responses, promoters …), plain words. */
const detailsOf = (f: Formatter, metric: DigestMetric, x: DigestFigures): string[] => {
  switch (metric) {
    case 'volume':
      return x.sentiment.negativeShare === null ? [] : [f.s.negativeShare(f.percent(x.sentiment.negativeShare))];
    case 'nps':
      return x.nps.responses === 0
        ? [f.s.noData]
        : [
            f.s.responses(f.number(x.nps.responses)),
            f.s.promoters(f.number(x.nps.promoters), f.number(x.nps.detractors)),
          ];
    case 'csat':
      return x.csat.responses === 0
        ? [f.s.noData]
        : [f.s.responses(f.number(x.csat.responses)), f.s.satisfied(f.percent(x.csat.satisfiedShare ?? 0))];
    case 'ces':
      return x.ces.responses === 0 ? [f.s.noData] : [f.s.responses(f.number(x.ces.responses))];
    case 'sentiment':
      return x.sentiment.count === 0 ? [f.s.noData] : [f.s.items(f.number(x.sentiment.count))];
  }
};

const targetValue = (f: Formatter, t: TargetProgress): string => {
  const metric = t.target.metric;
  const shown = f.metric(metric, t.actual);
  return t.target.kind === 'change' && t.actual !== null ? f.number(t.actual, DECIMALS[metric], true) : shown;
};

const targetLabel = (f: Formatter, t: TargetProgress): string =>
  t.target.label ??
  f.s.targetLabel(
    t.target,
    f.s.metric[t.target.metric],
    f.number(t.target.value, DECIMALS[t.target.metric] || (Number.isInteger(t.target.value) ? 0 : 1)),
  );

interface ChartOut {
  metric: DigestMetric | 'topics';
  spec: ChartSpec;
  cid: string;
  filename: string;
  alt: string;
}

const chartsOf = (f: Formatter, data: DigestData): ChartOut[] => {
  const categories = data.series.map((p) => f.category(p, data.period.granularity));
  const out: ChartOut[] = [];
  for (const metric of DIGEST_METRICS) {
    const values = data.series.map((p) => metricValue(p.figures, metric));
    // No answers in any period (e.g. no CES question asked): no empty chart.
    if (values.every((v) => v === null)) continue;
    out.push({
      metric,
      cid: `chart-${metric}@koe.digest`,
      filename: `chart-${metric}.png`,
      alt: f.s.chartAlt(f.s.metric[metric]),
      spec: {
        kind: metric === 'volume' ? 'bar' : 'line',
        title: f.s.metric[metric],
        categories,
        values: values.map((v) => (v === null ? null : Number(v.toFixed(DECIMALS[metric] + 1)))),
        color: CHART_COLORS[metric],
        ...(RANGES[metric] ?? {}),
        decimals: metric === 'sentiment' ? 1 : DECIMALS[metric] > 0 ? 1 : 0,
        width: CHART_WIDTH,
        height: CHART_HEIGHT,
      },
    });
  }
  if (data.topics.length > 0) {
    out.push({
      metric: 'topics',
      cid: 'chart-topics@koe.digest',
      filename: 'chart-topics.png',
      alt: f.s.topics,
      spec: {
        kind: 'topics',
        title: f.s.topics,
        labels: data.topics.map((t) => f.topic(t.topic)),
        values: data.topics.map((t) => t.count),
        negativeShare: data.topics.map((t) => t.negativeShare),
        width: TOPIC_CHART_WIDTH,
        height: 44 + 26 * data.topics.length,
      },
    });
  }
  return out;
};

// --- the section model ---------------------------------------------------------------------------

/** A badge beside a term: `new` (first seen) or `discovered` (a theme, not a taxonomy topic). */
interface Badge {
  tone: 'new' | 'discovered';
  text: string;
}

/** A pain point or theme: its name, badges, one line of figures and its quotes. */
interface TermEntry {
  label: string;
  badges: Badge[];
  line: string;
  quotes: string[];
}

interface QueueRow {
  level: DigestQueueItem['level'];
  levelText: string;
  excerpt: string;
  link?: string;
  age: string;
  overdue: boolean;
}

/** One part of a digest, with everything it says already in words. */
type Section =
  | { kind: 'empty'; text: string; detail: string }
  | {
      kind: 'figures';
      figures: Array<{
        metric: DigestMetric;
        label: string;
        value: string;
        change: ReturnType<typeof changeOf>;
        details: string[];
      }>;
      vsPrevious: string;
    }
  | {
      kind: 'targets';
      title: string;
      head: { target: string; actual: string };
      rows: Array<{ label: string; value: string; status: string; met: boolean | null; progress: number }>;
    }
  | { kind: 'charts'; title: string; charts: ChartOut[] }
  | {
      kind: 'topics';
      title: string;
      chart?: ChartOut;
      note: string;
      rows: Array<{ label: string; count: string; negative: string }>;
    }
  | { kind: 'terms'; title: string; entries: TermEntry[]; none: string; note?: string; cls: string }
  | {
      kind: 'queue';
      title: string;
      empty?: string;
      summary: string[];
      oldestLink?: string;
      rows: QueueRow[];
      truncated?: string;
      open?: { text: string; link: string };
    };

/** A digest before it is written out: the same for its HTML and its text. */
interface DigestModel {
  language: DigestRequest['language'];
  subject: string;
  title: string;
  range: string;
  scope?: string;
  sections: Section[];
  footer: string;
}

const discoveredBadge = (f: Formatter): Badge => ({ tone: 'discovered', text: f.s.discovered });

const queueSection = (f: Formatter, data: DigestData): Section => {
  const q = data.queue;
  const base = { kind: 'queue' as const, title: f.s.queue, summary: [], rows: [] };
  if (q.critical + q.high === 0) return { ...base, empty: f.s.queueEmpty };
  return {
    ...base,
    summary: [
      f.s.queueCounts(f.number(q.critical), f.number(q.high)),
      f.s.overdue(f.number(q.overdue)),
      ...(q.oldest ? [f.s.oldest(f.s.age(q.oldest.ageMinutes))] : []),
    ],
    ...(q.oldest?.link ? { oldestLink: q.oldest.link } : {}),
    rows: q.top.map((i) => ({
      level: i.level,
      levelText: f.s.level[i.level],
      excerpt: i.excerpt,
      ...(i.link ? { link: i.link } : {}),
      age: f.s.age(i.ageMinutes),
      overdue: i.overdue,
    })),
    ...(q.truncated ? { truncated: f.s.queueTruncated } : {}),
    ...(q.link ? { open: { text: f.s.openQueue, link: q.link } } : {}),
  };
};

/** The digest's sections in order; `charts` are drawn with `chartFormatter`'s words (see renderDigest). */
const digestModel = (f: Formatter, data: DigestData, request: DigestRequest, charts: ChartOut[]): DigestModel => {
  const empty = data.current.volume === 0;
  const title = f.s.title[data.period.granularity];
  const range = f.range(data.period);
  const sections: Section[] = [];
  if (empty) sections.push({ kind: 'empty', text: f.s.empty, detail: f.s.emptyDetail });
  else {
    sections.push({
      kind: 'figures',
      vsPrevious: f.s.vsPrevious,
      figures: DIGEST_METRICS.map((metric) => ({
        metric,
        label: f.s.metric[metric],
        value: f.metric(metric, metricValue(data.current, metric)),
        change: changeOf(f, metric, data.current, data.previousFigures),
        details: [
          ...detailsOf(f, metric, data.current),
          ...(metric === 'volume' && data.previousFigures.volume === 0 ? [f.s.noPrevious] : []),
        ],
      })),
    });
    if (data.targets.length)
      sections.push({
        kind: 'targets',
        title: f.s.targets,
        head: { target: f.s.target, actual: f.s.actual },
        rows: data.targets.map((t) => ({
          label: targetLabel(f, t),
          value: targetValue(f, t),
          status: t.met === null ? f.s.unknown : t.met ? f.s.met : f.s.notMet,
          met: t.met,
          progress: Math.round((t.progress ?? 0) * 100),
        })),
      });
    const lineCharts = charts.filter((c) => c.metric !== 'topics');
    if (lineCharts.length) sections.push({ kind: 'charts', title: f.s.trends, charts: lineCharts });
    const topicChart = charts.find((c) => c.metric === 'topics');
    if (data.topics.length)
      sections.push({
        kind: 'topics',
        title: f.s.topics,
        ...(topicChart ? { chart: topicChart } : {}),
        note: f.s.topicsNote,
        rows: data.topics.map((t) => ({
          label: f.topic(t.topic),
          count: f.number(t.count),
          negative: f.s.negativeShare(f.percent(t.negativeShare)),
        })),
      });
    sections.push({
      kind: 'terms',
      cls: 'koe-pain-point',
      title: f.s.painPoints,
      none: f.s.painPointsNone,
      entries: data.painPoints.map((p) => ({
        label: f.term(p.kind, p.label),
        badges: [
          ...(p.status === 'new' ? [{ tone: 'new' as const, text: f.s.newTerm }] : []),
          ...(p.kind === 'theme' ? [discoveredBadge(f)] : []),
        ],
        line: f.s.painPointLine(f.number(p.count), f.percent(p.share, 1), f.percent(p.baselineShare, 1)),
        quotes: p.quotes.map((q) => q.text),
      })),
    });
    sections.push({
      kind: 'terms',
      cls: 'koe-theme',
      title: f.s.themes,
      none: f.s.themesNone,
      note: f.s.themesNote,
      entries: data.themes.map((t) => ({
        label: f.term('theme', t.label),
        badges: [discoveredBadge(f)],
        // Themes are drawn from complaints only, so their negative share says nothing (the note says so).
        line: f.s.themeLine(f.number(t.count), f.percent(t.share, 1)),
        quotes: t.quotes.map((q) => q.text),
      })),
    });
  }
  sections.push(queueSection(f, data));
  return {
    language: request.language,
    subject: empty ? f.s.subjectEmpty(title, range) : f.s.subject(title, range, f.number(data.current.volume)),
    title,
    range,
    ...(data.scope.dimension === 'all'
      ? {}
      : {
          scope: f.s.scope(f.s.dimension[data.scope.dimension] ?? data.scope.dimension, data.scope.values.join(', ')),
        }),
    sections,
    footer: f.s.footer(f.date(data.generatedAt, { dateStyle: 'medium', timeStyle: 'short' }), f.timezone),
  };
};

// --- as text -------------------------------------------------------------------------------------

const termLines = (entry: TermEntry): string[] => [
  `- ${entry.label}${entry.badges.map((b) => ` [${b.text}]`).join('')}: ${entry.line}`,
  ...entry.quotes.map((q) => `    > ${q}`),
];

const sectionText = (section: Section): string[] => {
  switch (section.kind) {
    case 'empty':
      return [section.text, ''];
    case 'figures':
      return section.figures.map(
        (x) =>
          `${x.label}: ${x.value}  ${x.change.arrow} ${x.change.text} ${section.vsPrevious}${x.details.length ? `  (${x.details.join(', ')})` : ''}`,
      );
    case 'targets':
      return ['', `## ${section.title}`, ...section.rows.map((r) => `- ${r.label}: ${r.value} — ${r.status}`)];
    case 'charts':
      return []; // the figures above carry the same numbers
    case 'topics':
      return ['', `## ${section.title}`, ...section.rows.map((r) => `- ${r.label}: ${r.count} (${r.negative})`)];
    case 'terms':
      return [
        '',
        `## ${section.title}`,
        ...(section.entries.length === 0 ? [section.none] : section.entries.flatMap(termLines)),
      ];
    case 'queue':
      return [
        '',
        `## ${section.title}`,
        ...(section.empty
          ? [section.empty]
          : [
              ...section.summary.slice(0, 2),
              ...section.summary
                .slice(2)
                .map((line) => `${line}${section.oldestLink ? `  ${section.oldestLink}` : ''}`),
              ...section.rows.map(
                (r) =>
                  `- [${r.levelText}] ${r.excerpt} (${r.age}${r.overdue ? ', SLA' : ''})${r.link ? `  ${r.link}` : ''}`,
              ),
              ...(section.truncated ? [section.truncated] : []),
              ...(section.open ? [`${section.open.text}: ${section.open.link}`] : []),
            ]),
      ];
  }
};

const textOf = (m: DigestModel): string => {
  const lines = [m.title, m.range, '', ...(m.scope ? [m.scope, ''] : []), ...m.sections.flatMap(sectionText)];
  lines.push('', '--', m.footer);
  return `${lines.join('\n')}\n`;
};

// --- as HTML -------------------------------------------------------------------------------------

const TEXT = `${FONT};color:#111827;`;
const WRAP = 'overflow-wrap:anywhere;word-break:break-word;';

/** Outlook (Word) renders no inline-block or max-width: these conditional tables hold its columns. */
const mso = (html: string): string => `<!--[if mso]>${html}<![endif]-->`;

/**
 * Blocks side by side while they fit, stacked when they do not: inline-blocks of at most `width` px,
 * `perRow` to an Outlook row.
 */
const fluidRow = (cells: string[], width: number, gap: number, perRow: number): string => {
  const out: string[] = [mso('<table role="presentation" cellpadding="0" cellspacing="0"><tr>')];
  cells.forEach((cell, i) => {
    if (i > 0 && i % perRow === 0) out.push(mso('</tr><tr>'));
    out.push(
      mso(`<td width="${width + gap}" valign="top">`),
      `<div class="koe-cell" style="display:inline-block;vertical-align:top;width:100%;max-width:${width}px;margin:0 ${gap}px ${gap}px 0;">${cell}</div>`,
      mso('</td>'),
    );
  });
  out.push(mso('</tr></table>'));
  return `<div style="font-size:0;line-height:0;">${out.join('')}</div>`;
};

const sectionRow = (title: string, body: string): string =>
  `<tr><td style="padding:20px 0 6px 0;${TEXT}font-size:16px;font-weight:bold;border-bottom:2px solid #111827;${WRAP}">${escapeHtml(title)}</td></tr>
<tr><td style="padding:10px 0 0 0;">${body}</td></tr>`;

const link = (href: string | undefined, text: string): string =>
  href
    ? `<a href="${escapeHtml(href)}" style="color:#1d4ed8;text-decoration:underline;">${escapeHtml(text)}</a>`
    : escapeHtml(text);

const chartImg = (c: ChartOut): string =>
  `<img src="cid:${c.cid}" width="${c.spec.width}" height="${c.spec.height}" alt="${escapeHtml(c.alt)}" style="display:block;width:100%;max-width:${c.spec.width}px;height:auto;border:0;">`;

const quoteHtml = (q: string): string =>
  `<div style="${TEXT}font-size:13px;color:#374151;border-left:3px solid #d1d5db;padding:2px 0 2px 8px;margin:4px 0;${WRAP}">${escapeHtml(q)}</div>`;

const badgeHtml = (b: Badge): string =>
  b.tone === 'new'
    ? ` <span style="font-size:11px;color:#ffffff;background:${BAD};padding:1px 5px;border-radius:3px;white-space:nowrap;">${escapeHtml(b.text)}</span>`
    : ` <span class="koe-discovered" style="font-size:11px;color:#1e3a8a;background:#dbeafe;padding:1px 5px;border-radius:3px;white-space:nowrap;">${escapeHtml(b.text)}</span>`;

const muted = (text: string, size = 11): string =>
  `<div style="${TEXT}font-size:${size}px;color:${MUTED};margin-top:4px;${WRAP}">${escapeHtml(text)}</div>`;

const sectionHtml = (section: Section): string => {
  switch (section.kind) {
    case 'empty':
      return `<tr><td class="koe-block koe-empty" style="padding:24px 16px;background:#f9fafb;border:1px solid #e5e7eb;${TEXT}font-size:15px;${WRAP}"><strong>${escapeHtml(section.text)}</strong><br><span style="font-size:12px;color:${MUTED};">${escapeHtml(section.detail)}</span></td></tr>`;
    case 'figures': {
      const blocks = section.figures.map(
        (
          x,
        ) => `<div class="koe-block koe-figure" data-metric="${x.metric}" style="min-height:112px;padding:10px 12px;box-sizing:border-box;background:#f9fafb;border:1px solid #e5e7eb;border-radius:6px;${WRAP}">
<div style="${TEXT}font-size:12px;line-height:16px;color:${MUTED};">${escapeHtml(x.label)}</div>
<div style="${TEXT}font-size:26px;font-weight:bold;line-height:32px;">${escapeHtml(x.value)}</div>
<div style="${TEXT}font-size:12px;line-height:16px;color:${x.change.color};">${x.change.arrow} ${escapeHtml(x.change.text)} <span style="color:${MUTED};">${escapeHtml(section.vsPrevious)}</span></div>
${x.details.map((d) => `<div style="${TEXT}font-size:11px;color:${MUTED};line-height:15px;">${escapeHtml(d)}</div>`).join('')}
</div>`,
      );
      return `<tr><td style="padding:16px 0 0 0;">${fluidRow(blocks, BLOCK_WIDTH, BLOCK_GAP, 3)}</td></tr>`;
    }
    case 'targets': {
      const cell = (width: string, style: string, body: string) =>
        `<td${width ? ` width="${width}"` : ''} valign="top" style="${width ? `width:${width}${width.endsWith('%') ? '' : 'px'};` : ''}padding:6px 8px 6px 0;${TEXT}${style}${WRAP}">${body}</td>`;
      const rows = section.rows.map((r) => {
        const color = r.met === null ? MUTED : r.met ? GOOD : BAD;
        const bar = `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="width:100%;max-width:140px;height:8px;border-collapse:collapse;background:#e5e7eb;"><tr>${r.progress > 0 ? `<td width="${r.progress}%" style="width:${r.progress}%;height:8px;background:${color};font-size:0;line-height:0;">&nbsp;</td>` : ''}${r.progress < 100 ? `<td style="height:8px;font-size:0;line-height:0;">&nbsp;</td>` : ''}</tr></table>`;
        return `<tr class="koe-block koe-target">${cell('', 'font-size:13px;', escapeHtml(r.label))}${cell('70', 'font-size:13px;font-weight:bold;', escapeHtml(r.value))}<td width="24%" valign="middle" style="width:24%;padding:6px 8px 6px 0;">${bar}</td>${cell('76', `font-size:12px;font-weight:bold;color:${color};`, escapeHtml(r.status))}</tr>`;
      });
      return sectionRow(
        section.title,
        `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;table-layout:fixed;">
<tr>${cell('', `font-size:11px;color:${MUTED};`, escapeHtml(section.head.target))}${cell('70', `font-size:11px;color:${MUTED};`, escapeHtml(section.head.actual))}<td width="24%" style="width:24%;"></td><td width="76" style="width:76px;"></td></tr>
${rows.join('\n')}</table>`,
      );
    }
    case 'charts':
      return sectionRow(
        section.title,
        fluidRow(
          section.charts.map((c) => `<div class="koe-block koe-chart">${chartImg(c)}</div>`),
          CHART_WIDTH,
          CHART_GAP,
          2,
        ),
      );
    case 'topics':
      return section.chart
        ? sectionRow(
            section.title,
            `<div class="koe-block koe-chart">${chartImg(section.chart)}</div>${muted(section.note)}`,
          )
        : '';
    case 'terms': {
      if (section.entries.length === 0)
        return sectionRow(section.title, `<p style="${TEXT}font-size:13px;margin:0;">${escapeHtml(section.none)}</p>`);
      const entries = section.entries.map(
        (e) => `<div class="koe-block ${section.cls}" style="padding:0 0 12px 0;${WRAP}">
<div style="${TEXT}font-size:14px;font-weight:bold;${WRAP}">${escapeHtml(e.label)}${e.badges.map(badgeHtml).join('')}</div>
<div style="${TEXT}font-size:12px;color:${MUTED};${WRAP}">${escapeHtml(e.line)}</div>
${e.quotes.map(quoteHtml).join('')}</div>`,
      );
      return sectionRow(section.title, `${entries.join('\n')}${section.note ? muted(section.note) : ''}`);
    }
    case 'queue': {
      if (section.empty)
        return sectionRow(section.title, `<p style="${TEXT}font-size:13px;margin:0;">${escapeHtml(section.empty)}</p>`);
      const rows = section.rows.map(
        (
          r,
        ) => `<tr class="koe-block koe-queue-item"><td width="64" valign="top" style="width:64px;padding:6px 8px 6px 0;${TEXT}font-size:12px;font-weight:bold;color:${r.level === 'critical' ? BAD : '#c2410c'};${WRAP}">${escapeHtml(r.levelText)}</td>
<td valign="top" style="padding:6px 8px 6px 0;${TEXT}font-size:13px;${WRAP}">${link(r.link, r.excerpt)}</td>
<td width="84" valign="top" style="width:84px;padding:6px 0;${TEXT}font-size:12px;color:${r.overdue ? BAD : MUTED};${WRAP}">${escapeHtml(r.age)}${r.overdue ? ' ⚠' : ''}</td></tr>`,
      );
      return sectionRow(
        section.title,
        `<div class="koe-block koe-queue-summary" style="${TEXT}font-size:14px;font-weight:bold;margin:0 0 6px 0;${WRAP}">${section.summary.map(escapeHtml).join(' · ')}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;table-layout:fixed;">${rows.join('\n')}</table>
${section.truncated ? muted(section.truncated) : ''}
${section.open ? `<p style="${TEXT}font-size:13px;margin:8px 0 0 0;">${link(section.open.link, `${section.open.text} →`)}</p>` : ''}`,
      );
    }
  }
};

const htmlOf = (m: DigestModel): string => `<!DOCTYPE html>
<html lang="${m.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(m.subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="width:100%;background:#f3f4f6;border-collapse:collapse;"><tr><td align="center" style="padding:16px 8px;">
${mso(`<table role="presentation" width="${PAGE_WIDTH}" cellpadding="0" cellspacing="0"><tr><td>`)}
<table role="presentation" class="koe-page" width="100%" cellpadding="0" cellspacing="0" style="width:100%;max-width:${PAGE_WIDTH}px;background:#ffffff;border-collapse:collapse;"><tr><td style="padding:20px 16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;table-layout:fixed;">
<tr><td style="${TEXT}${WRAP}"><div style="font-size:20px;font-weight:bold;">${escapeHtml(m.title)}</div><div style="font-size:14px;color:${MUTED};margin-top:2px;">${escapeHtml(m.range)}</div>${m.scope ? muted(m.scope, 12) : ''}</td></tr>
${m.sections.map(sectionHtml).join('\n')}
<tr><td style="padding:24px 0 0 0;${TEXT}font-size:11px;color:${MUTED};border-top:1px solid #e5e7eb;${WRAP}">${escapeHtml(m.footer)}</td></tr>
</table></td></tr></table>
${mso('</td></tr></table>')}
</td></tr></table>
</body></html>
`;

/**
 * Renders gathered figures as a digest in the request's language and the period's time zone, its
 * charts drawn by `charts`. A period without feedback gives the short "no feedback this period"
 * digest (`empty`, no charts).
 */
export const renderDigest = async (
  data: DigestData,
  request: DigestRequest,
  charts: ChartRenderer,
  options: RenderOptions = {},
): Promise<Digest> => {
  const f = new Formatter(request.language, data.period.timezone, options.topicLabels ?? {});
  const empty = data.current.volume === 0;
  // Without a CJK font Japanese would be drawn as boxes: charts then carry English words and topic ids.
  const chartFormatter = charts.cjk ? f : new Formatter('en', data.period.timezone, {}, true);
  const drawn = empty ? [] : chartsOf(chartFormatter, data);
  const pngs = await charts.render(drawn.map((c) => c.spec));
  const images: DigestImage[] = drawn.map((c, i) => ({
    cid: c.cid,
    filename: c.filename,
    contentType: 'image/png',
    content: pngs[i] as Buffer,
  }));
  const model = digestModel(f, data, request, drawn);
  return { subject: model.subject, html: htmlOf(model), text: textOf(model), images, empty };
};
