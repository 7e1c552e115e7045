import { defaultTaxonomy, topicLabel } from '../analysis/topics/taxonomy.js';
import type { Digest, DigestImage, DigestRequest } from './digest.js';
import { type ChartFont, type ChartSpec, chartFont, chartPngs } from './digest-charts.js';
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
 * A digest as mail clients show it: one table-based HTML page with inline CSS only (no external CSS,
 * no script), 600 px wide, fixed-size figure blocks; PNG charts referenced by `cid:`; a plain-text
 * part with the same figures, pain points and queue state. Every word and number in one language.
 */

/** Options of `renderDigest`. */
export interface RenderOptions {
  /** Labels for topic ids (e.g. a custom taxonomy's); default: built-in Japanese names, the default taxonomy's English labels. */
  topicLabels?: Record<string, string>;
  /** Font for chart text; default: the first CJK font found (see chartFont). */
  font?: ChartFont;
}

/** Width of the digest's content, in CSS pixels (inside a 640 px maximum with padding). */
export const DIGEST_WIDTH = 600;
const BLOCK_WIDTH = 184;
const BLOCK_HEIGHT = 112;
const CHART_WIDTH = 290;
const CHART_HEIGHT = 160;

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
  if (a === null || b === null) return { arrow: '', text: '—', color: MUTED };
  const delta = a - b;
  const epsilon = 10 ** -DECIMALS[metric] / 2;
  if (Math.abs(delta) < epsilon) return { arrow: '＝', text: f.s.noChange, color: MUTED };
  const up = delta > 0;
  let text = f.number(delta, DECIMALS[metric], true);
  if (metric === 'volume' && b > 0) text += ` (${f.percent(delta / b, 0).replace(/^(?=\d)/, '+')})`;
  const color = metric === 'volume' ? NEUTRAL : up ? GOOD : BAD;
  return { arrow: up ? '▲' : '▼', text, color };
};

const detailOf = (f: Formatter, metric: DigestMetric, x: DigestFigures): string => {
  switch (metric) {
    case 'volume':
      return x.sentiment.negativeShare === null ? '' : f.s.negativeShare(f.percent(x.sentiment.negativeShare));
    case 'nps':
      return x.nps.responses === 0
        ? f.s.noData
        : `${f.s.responses(f.number(x.nps.responses))}<br>${escapeHtml(f.s.promoters(f.number(x.nps.promoters), f.number(x.nps.detractors)))}`;
    case 'csat':
      return x.csat.responses === 0
        ? f.s.noData
        : `${f.s.responses(f.number(x.csat.responses))}<br>${escapeHtml(f.s.satisfied(f.percent(x.csat.satisfiedShare ?? 0)))}`;
    case 'ces':
      return x.ces.responses === 0 ? f.s.noData : f.s.responses(f.number(x.ces.responses));
    case 'sentiment':
      return x.sentiment.count === 0 ? f.s.noData : f.s.items(f.number(x.sentiment.count));
  }
};

const TEXT = `${FONT};color:#111827;`;
const WRAP = 'overflow-wrap:anywhere;word-break:break-word;';

const figureBlock = (f: Formatter, metric: DigestMetric, data: DigestData): string => {
  const value = metricValue(data.current, metric);
  const change = changeOf(f, metric, data.current, data.previousFigures);
  return `<td class="koe-block koe-figure" data-metric="${metric}" width="${BLOCK_WIDTH}" height="${BLOCK_HEIGHT}" valign="top" style="width:${BLOCK_WIDTH}px;height:${BLOCK_HEIGHT}px;max-width:${BLOCK_WIDTH}px;padding:10px 12px;box-sizing:border-box;background:#f9fafb;border:1px solid #e5e7eb;border-radius:6px;overflow:hidden;${WRAP}">
<div style="${TEXT}font-size:12px;color:${MUTED};">${escapeHtml(f.s.metric[metric])}</div>
<div style="${TEXT}font-size:26px;font-weight:bold;line-height:32px;">${escapeHtml(f.metric(metric, value))}</div>
<div style="${TEXT}font-size:12px;color:${change.color};">${change.arrow} ${escapeHtml(change.text)} <span style="color:${MUTED};">${escapeHtml(f.s.vsPrevious)}</span></div>
<div style="${TEXT}font-size:11px;color:${MUTED};line-height:15px;">${detailOf(f, metric, data.current)}</div>
</td>`;
};

const section = (title: string, body: string): string =>
  `<tr><td style="padding:20px 0 6px 0;${TEXT}font-size:16px;font-weight:bold;border-bottom:2px solid #111827;">${escapeHtml(title)}</td></tr>
<tr><td style="padding:10px 0 0 0;">${body}</td></tr>`;

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

const targetsTable = (f: Formatter, targets: TargetProgress[]): string => {
  const rows = targets.map((t) => {
    const status = t.met === null ? f.s.unknown : t.met ? f.s.met : f.s.notMet;
    const color = t.met === null ? MUTED : t.met ? GOOD : BAD;
    const pct = Math.round((t.progress ?? 0) * 100);
    const bar = `<table role="presentation" width="140" cellpadding="0" cellspacing="0" style="width:140px;height:8px;border-collapse:collapse;background:#e5e7eb;"><tr>${pct > 0 ? `<td width="${Math.round(1.4 * pct)}" style="width:${Math.round(1.4 * pct)}px;height:8px;background:${color};font-size:0;line-height:0;">&nbsp;</td>` : ''}${pct < 100 ? `<td style="height:8px;font-size:0;line-height:0;">&nbsp;</td>` : ''}</tr></table>`;
    return `<tr class="koe-block koe-target">
<td width="250" style="width:250px;padding:6px 8px 6px 0;${TEXT}font-size:13px;${WRAP}">${escapeHtml(targetLabel(f, t))}</td>
<td width="90" style="width:90px;padding:6px 8px 6px 0;${TEXT}font-size:13px;font-weight:bold;">${escapeHtml(targetValue(f, t))}</td>
<td width="150" style="width:150px;padding:6px 8px 6px 0;">${bar}</td>
<td width="110" style="width:110px;padding:6px 0;${TEXT}font-size:12px;font-weight:bold;color:${color};">${escapeHtml(status)}</td>
</tr>`;
  });
  return `<table role="presentation" width="${DIGEST_WIDTH}" cellpadding="0" cellspacing="0" style="width:${DIGEST_WIDTH}px;border-collapse:collapse;table-layout:fixed;">
<tr><td width="250" style="width:250px;${TEXT}font-size:11px;color:${MUTED};padding-bottom:4px;">${escapeHtml(f.s.target)}</td><td width="90" style="width:90px;${TEXT}font-size:11px;color:${MUTED};">${escapeHtml(f.s.actual)}</td><td width="150" style="width:150px;"></td><td width="110" style="width:110px;"></td></tr>
${rows.join('\n')}</table>`;
};

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
    const title = `${f.s.metric[metric]}`;
    out.push({
      metric,
      cid: `chart-${metric}@koe.digest`,
      filename: `chart-${metric}.png`,
      alt: f.s.chartAlt(f.s.metric[metric]),
      spec: {
        kind: metric === 'volume' ? 'bar' : 'line',
        title,
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
        width: DIGEST_WIDTH,
        height: 44 + 26 * data.topics.length,
      },
    });
  }
  return out;
};

const chartImg = (c: ChartOut): string =>
  `<img src="cid:${c.cid}" width="${c.spec.width}" height="${c.spec.height}" alt="${escapeHtml(c.alt)}" style="display:block;width:${c.spec.width}px;height:${c.spec.height}px;border:0;">`;

const chartGrid = (charts: ChartOut[]): string => {
  const lines = charts.filter((c) => c.metric !== 'topics');
  const rows: string[] = [];
  for (let i = 0; i < lines.length; i += 2) {
    const cell = (c: ChartOut | undefined) =>
      `<td class="koe-block koe-chart" width="${DIGEST_WIDTH / 2}" valign="top" style="width:${DIGEST_WIDTH / 2}px;padding:0 0 10px 0;">${c ? chartImg(c) : ''}</td>`;
    rows.push(`<tr>${cell(lines[i])}${cell(lines[i + 1])}</tr>`);
  }
  return `<table role="presentation" width="${DIGEST_WIDTH}" cellpadding="0" cellspacing="0" style="width:${DIGEST_WIDTH}px;border-collapse:collapse;table-layout:fixed;">${rows.join('')}</table>`;
};

const link = (href: string | undefined, text: string): string =>
  href
    ? `<a href="${escapeHtml(href)}" style="color:#1d4ed8;text-decoration:underline;">${escapeHtml(text)}</a>`
    : escapeHtml(text);

const queueItemRow = (f: Formatter, item: DigestQueueItem): string =>
  `<tr class="koe-block koe-queue-item"><td width="70" valign="top" style="width:70px;padding:6px 8px 6px 0;${TEXT}font-size:12px;font-weight:bold;color:${item.level === 'critical' ? BAD : '#c2410c'};">${escapeHtml(f.s.level[item.level])}</td>
<td valign="top" style="width:430px;padding:6px 8px 6px 0;${TEXT}font-size:13px;${WRAP}">${link(item.link, item.excerpt)}</td>
<td width="100" valign="top" style="width:100px;padding:6px 0;${TEXT}font-size:12px;color:${item.overdue ? BAD : MUTED};">${escapeHtml(f.s.age(item.ageMinutes))}${item.overdue ? ' ⚠' : ''}</td></tr>`;

const queueHtml = (f: Formatter, data: DigestData): string => {
  const q = data.queue;
  if (q.critical + q.high === 0) return `<p style="${TEXT}font-size:13px;margin:0;">${escapeHtml(f.s.queueEmpty)}</p>`;
  const summary = [
    f.s.queueCounts(f.number(q.critical), f.number(q.high)),
    f.s.overdue(f.number(q.overdue)),
    ...(q.oldest ? [f.s.oldest(f.s.age(q.oldest.ageMinutes))] : []),
  ];
  return `<div class="koe-block koe-queue-summary" style="${TEXT}font-size:14px;font-weight:bold;margin:0 0 6px 0;${WRAP}">${summary.map(escapeHtml).join(' · ')}</div>
<table role="presentation" width="${DIGEST_WIDTH}" cellpadding="0" cellspacing="0" style="width:${DIGEST_WIDTH}px;border-collapse:collapse;table-layout:fixed;">${q.top.map((i) => queueItemRow(f, i)).join('\n')}</table>
${q.truncated ? `<p style="${TEXT}font-size:11px;color:${MUTED};margin:4px 0 0 0;">${escapeHtml(f.s.queueTruncated)}</p>` : ''}
${q.link ? `<p style="${TEXT}font-size:13px;margin:8px 0 0 0;">${link(q.link, `${f.s.openQueue} →`)}</p>` : ''}`;
};

const quoteHtml = (q: { text: string }): string =>
  `<div style="${TEXT}font-size:13px;color:#374151;border-left:3px solid #d1d5db;padding:2px 0 2px 8px;margin:4px 0;${WRAP}">${escapeHtml(q.text)}</div>`;

const discoveredBadge = (f: Formatter): string =>
  ` <span class="koe-discovered" style="font-size:11px;color:#1e3a8a;background:#dbeafe;padding:1px 5px;border-radius:3px;">${escapeHtml(f.s.discovered)}</span>`;

const themesHtml = (f: Formatter, data: DigestData): string => {
  if (data.themes.length === 0) return `<p style="${TEXT}font-size:13px;margin:0;">${escapeHtml(f.s.themesNone)}</p>`;
  const list = data.themes
    .map(
      (
        t,
      ) => `<div class="koe-block koe-theme" style="width:100%;max-width:${DIGEST_WIDTH}px;box-sizing:border-box;padding:0 0 12px 0;${WRAP}">
<div style="${TEXT}font-size:14px;font-weight:bold;${WRAP}">${escapeHtml(f.term('theme', t.label))}${discoveredBadge(f)}</div>
<div style="${TEXT}font-size:12px;color:${MUTED};">${escapeHtml(f.s.themeLine(f.number(t.count), f.percent(t.share, 1), f.percent(t.count === 0 ? 0 : t.negative / t.count)))}</div>
${t.quotes.map(quoteHtml).join('')}</div>`,
    )
    .join('\n');
  return `${list}<div style="${TEXT}font-size:11px;color:${MUTED};">${escapeHtml(f.s.themesNote)}</div>`;
};

const painPointsHtml = (f: Formatter, data: DigestData): string => {
  if (data.painPoints.length === 0)
    return `<p style="${TEXT}font-size:13px;margin:0;">${escapeHtml(f.s.painPointsNone)}</p>`;
  return data.painPoints
    .map((p) => {
      const badge =
        (p.status === 'new'
          ? ` <span style="font-size:11px;color:#ffffff;background:${BAD};padding:1px 5px;border-radius:3px;">${escapeHtml(f.s.newTerm)}</span>`
          : '') + (p.kind === 'theme' ? discoveredBadge(f) : '');
      const quotes = p.quotes.map(quoteHtml).join('');
      return `<div class="koe-block koe-pain-point" style="width:${DIGEST_WIDTH}px;max-width:${DIGEST_WIDTH}px;box-sizing:border-box;padding:0 0 12px 0;${WRAP}">
<div style="${TEXT}font-size:14px;font-weight:bold;${WRAP}">${escapeHtml(f.term(p.kind, p.label))}${badge}</div>
<div style="${TEXT}font-size:12px;color:${MUTED};">${escapeHtml(f.s.painPointLine(f.number(p.count), f.percent(p.share, 1), f.percent(p.baselineShare, 1)))}</div>
${quotes}</div>`;
    })
    .join('\n');
};

const textOf = (f: Formatter, data: DigestData, title: string, range: string, empty: boolean): string => {
  const lines: string[] = [title, range, ''];
  if (data.scope.dimension !== 'all')
    lines.push(
      f.s.scope(f.s.dimension[data.scope.dimension] ?? data.scope.dimension, data.scope.values.join(', ')),
      '',
    );
  if (empty) {
    lines.push(f.s.empty, '');
  } else {
    for (const metric of DIGEST_METRICS) {
      const change = changeOf(f, metric, data.current, data.previousFigures);
      const detail = detailOf(f, metric, data.current).replace(/<br>/g, ', ');
      lines.push(
        `${f.s.metric[metric]}: ${f.metric(metric, metricValue(data.current, metric))}  ${change.arrow} ${change.text} ${f.s.vsPrevious}${detail ? `  (${detail})` : ''}`,
      );
    }
    if (data.targets.length) {
      lines.push('', `## ${f.s.targets}`);
      for (const t of data.targets)
        lines.push(
          `- ${targetLabel(f, t)}: ${targetValue(f, t)} — ${t.met === null ? f.s.unknown : t.met ? f.s.met : f.s.notMet}`,
        );
    }
    if (data.topics.length) {
      lines.push('', `## ${f.s.topics}`);
      for (const t of data.topics)
        lines.push(`- ${f.topic(t.topic)}: ${f.number(t.count)} (${f.s.negativeShare(f.percent(t.negativeShare))})`);
    }
    lines.push('', `## ${f.s.painPoints}`);
    if (data.painPoints.length === 0) lines.push(f.s.painPointsNone);
    for (const p of data.painPoints) {
      lines.push(
        `- ${f.term(p.kind, p.label)}${p.status === 'new' ? ` [${f.s.newTerm}]` : ''}${p.kind === 'theme' ? ` [${f.s.discovered}]` : ''}: ${f.s.painPointLine(f.number(p.count), f.percent(p.share, 1), f.percent(p.baselineShare, 1))}`,
      );
      for (const q of p.quotes) lines.push(`    > ${q.text}`);
    }
    lines.push('', `## ${f.s.themes}`);
    if (data.themes.length === 0) lines.push(f.s.themesNone);
    for (const t of data.themes) {
      lines.push(
        `- ${f.term('theme', t.label)} [${f.s.discovered}]: ${f.s.themeLine(f.number(t.count), f.percent(t.share, 1), f.percent(t.count === 0 ? 0 : t.negative / t.count))}`,
      );
      for (const q of t.quotes) lines.push(`    > ${q.text}`);
    }
  }
  lines.push('', `## ${f.s.queue}`);
  const q = data.queue;
  if (q.critical + q.high === 0) lines.push(f.s.queueEmpty);
  else {
    lines.push(f.s.queueCounts(f.number(q.critical), f.number(q.high)), f.s.overdue(f.number(q.overdue)));
    if (q.oldest) lines.push(`${f.s.oldest(f.s.age(q.oldest.ageMinutes))}${q.oldest.link ? `  ${q.oldest.link}` : ''}`);
    for (const i of q.top)
      lines.push(
        `- [${f.s.level[i.level]}] ${i.excerpt} (${f.s.age(i.ageMinutes)}${i.overdue ? ', SLA' : ''})${i.link ? `  ${i.link}` : ''}`,
      );
    if (q.truncated) lines.push(f.s.queueTruncated);
    if (q.link) lines.push(`${f.s.openQueue}: ${q.link}`);
  }
  lines.push('', '--', f.s.footer(f.date(data.generatedAt, { dateStyle: 'medium', timeStyle: 'short' }), f.timezone));
  return `${lines.join('\n')}\n`;
};

/**
 * Renders gathered figures as a digest in the request's language and the period's time zone.
 * A period without feedback gives the short "no feedback this period" digest (`empty`, no charts).
 */
export const renderDigest = async (
  data: DigestData,
  request: DigestRequest,
  options: RenderOptions = {},
): Promise<Digest> => {
  const f = new Formatter(request.language, data.period.timezone, options.topicLabels ?? {});
  const empty = data.current.volume === 0;
  const title = f.s.title[data.period.granularity];
  const range = f.range(data.period);
  const subject = empty ? f.s.subjectEmpty(title, range) : f.s.subject(title, range, f.number(data.current.volume));

  const font = options.font ?? chartFont();
  // Without a CJK font Japanese would be drawn as boxes: charts then carry English words and topic ids.
  const chartFormatter = font.cjk ? f : new Formatter('en', data.period.timezone, {}, true);
  const charts = empty ? [] : chartsOf(chartFormatter, data);
  const pngs = await chartPngs(
    charts.map((c) => c.spec),
    font,
  );
  const images: DigestImage[] = charts.map((c, i) => ({
    cid: c.cid,
    filename: c.filename,
    contentType: 'image/png',
    content: pngs[i] as Buffer,
  }));

  const scopeLine =
    data.scope.dimension === 'all'
      ? ''
      : `<div style="${TEXT}font-size:12px;color:${MUTED};margin-top:4px;${WRAP}">${escapeHtml(f.s.scope(f.s.dimension[data.scope.dimension] ?? data.scope.dimension, data.scope.values.join(', ')))}</div>`;
  const parts: string[] = [];
  if (empty) {
    parts.push(
      `<tr><td class="koe-block koe-empty" style="padding:24px 16px;background:#f9fafb;border:1px solid #e5e7eb;${TEXT}font-size:15px;${WRAP}"><strong>${escapeHtml(f.s.empty)}</strong><br><span style="font-size:12px;color:${MUTED};">${escapeHtml(f.s.emptyDetail)}</span></td></tr>`,
    );
  } else {
    const blocks = DIGEST_METRICS.map((m) => figureBlock(f, m, data));
    const gap = '<td width="24" style="width:24px;font-size:0;">&nbsp;</td>';
    parts.push(`<tr><td style="padding:16px 0 0 0;"><table role="presentation" width="${DIGEST_WIDTH}" cellpadding="0" cellspacing="0" style="width:${DIGEST_WIDTH}px;border-collapse:separate;border-spacing:0;table-layout:fixed;">
<tr>${blocks.slice(0, 3).join(gap)}</tr>
<tr><td colspan="5" height="12" style="height:12px;font-size:0;line-height:0;">&nbsp;</td></tr>
<tr>${blocks.slice(3).join(gap)}${gap}<td width="${BLOCK_WIDTH}" style="width:${BLOCK_WIDTH}px;"></td></tr>
</table></td></tr>`);
    if (data.targets.length) parts.push(section(f.s.targets, targetsTable(f, data.targets)));
    const lineCharts = charts.filter((c) => c.metric !== 'topics');
    if (lineCharts.length) parts.push(section(f.s.trends, chartGrid(charts)));
    const topicChart = charts.find((c) => c.metric === 'topics');
    if (topicChart)
      parts.push(
        section(
          f.s.topics,
          `<div class="koe-block koe-chart">${chartImg(topicChart)}</div><div style="${TEXT}font-size:11px;color:${MUTED};margin-top:4px;">${escapeHtml(f.s.topicsNote)}</div>`,
        ),
      );
    parts.push(section(f.s.painPoints, painPointsHtml(f, data)));
    parts.push(section(f.s.themes, themesHtml(f, data)));
  }
  parts.push(section(f.s.queue, queueHtml(f, data)));
  parts.push(
    `<tr><td style="padding:24px 0 0 0;${TEXT}font-size:11px;color:${MUTED};border-top:1px solid #e5e7eb;">${escapeHtml(f.s.footer(f.date(data.generatedAt, { dateStyle: 'medium', timeStyle: 'short' }), f.timezone))}</td></tr>`,
  );

  const html = `<!DOCTYPE html>
<html lang="${request.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="width:100%;background:#f3f4f6;border-collapse:collapse;"><tr><td align="center" style="padding:16px 0;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" style="width:640px;max-width:640px;background:#ffffff;border-collapse:collapse;"><tr><td style="padding:20px;">
<table role="presentation" width="${DIGEST_WIDTH}" cellpadding="0" cellspacing="0" style="width:${DIGEST_WIDTH}px;border-collapse:collapse;table-layout:fixed;">
<tr><td style="${TEXT}"><div style="font-size:20px;font-weight:bold;">${escapeHtml(title)}</div><div style="font-size:14px;color:${MUTED};margin-top:2px;">${escapeHtml(range)}</div>${scopeLine}</td></tr>
${parts.join('\n')}
</table></td></tr></table></td></tr></table>
</body></html>
`;
  return { subject, html, text: textOf(f, data, title, range, empty), images, empty };
};
