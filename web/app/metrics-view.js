/**
 * Metrics and trends: volume, NPS, CSAT, CES and sentiment per period (GET /v1/metrics), and the top
 * rising pain points of the range's last period (GET /v1/trends), as ECharts charts with a data table
 * beside each. The range opens where the data is (GET /v1/status's dataRange) and says which dates hold
 * data. A chart with nothing to draw says so instead of drawing empty axes.
 */
import { ApiError, call } from './api.js';
import { loadECharts } from './charts.js';
import { h, replace } from './dom.js';
import { describeError } from './errors.js';
import { formatDateTime, formatNumber, lang, t } from './i18n.js';
import { topicLabel } from './labels.js';
import { currentStatus } from './status.js';

const DAY = 86_400_000;
/** At most this many period labels under a chart (a phone's width); more are thinned. */
const MAX_AXIS_LABELS = 10;
/** Days the range spans when it opens. */
const DEFAULT_DAYS = 28;
/** @param {Date} d */
const isoDay = (d) => d.toISOString().slice(0, 10);

/** The ISO week key (`2015-W08`) of a day, as the roll-ups name weeks. @param {string} day YYYY-MM-DD */
export const isoWeekKey = (day) => {
  const d = new Date(`${day}T00:00:00Z`);
  // The Thursday of the day's week decides the week's year; weeks start on Monday.
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / DAY + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
};

/**
 * The range the view opens on: the last four weeks, or — when no data falls in them — the last four
 * weeks that hold data. @param {{first: string, last: string} | null | undefined} dataRange @param {Date} today
 */
export const initialRange = (dataRange, today) => {
  const to = isoDay(today);
  const from = isoDay(new Date(today.getTime() - (DEFAULT_DAYS - 1) * DAY));
  if (!dataRange || (dataRange.last.slice(0, 10) >= from && dataRange.first.slice(0, 10) <= to)) return { from, to };
  const last = Date.parse(dataRange.last.slice(0, 10));
  const start = Math.max(Date.parse(dataRange.first.slice(0, 10)), last - (DEFAULT_DAYS - 1) * DAY);
  return { from: isoDay(new Date(start)), to: isoDay(new Date(last)) };
};

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Points oldest first from `GET /v1/metrics?groupBy=all` (a MetricsView: `periods[]`, each with `values[]`
 * of `{value, scores}`; the `all` dimension has one value). A period never rolled up has no value row.
 */
export const toPoints = (view) =>
  (view?.periods ?? []).map((p) => {
    const s = p.values?.[0]?.scores;
    const d = s?.sentiment?.distribution ?? {};
    return {
      period: String(p.period),
      volume: num(s?.volume) ?? 0,
      nps: num(s?.nps?.score),
      csat: num(s?.csat?.mean),
      ces: num(s?.ces?.mean),
      sentimentMean: num(s?.sentiment?.mean),
      positive: num(d.positive) ?? 0,
      neutral: num(d.neutral) ?? 0,
      mixed: num(d.mixed) ?? 0,
      negative: num(d.negative) ?? 0,
    };
  });

/** Rising and new pain points from `GET /v1/trends` (`{trends: StoredTrends | null}`). */
export const toRising = (answer) =>
  (answer?.trends?.rising ?? []).map((x) => ({
    label: String(x.label ?? x.term),
    count: Number(x.count),
    expected: Number(x.expected),
    ratio: num(x.rateRatio),
    status: x.status,
  }));

/** The trend report of the range's last period: weeks for a daily view, else the view's own granularity. @param {string} granularity @param {string} to */
const trendsQuery = (granularity, to) => {
  const period = granularity === 'day' ? 'week' : granularity;
  const key = period === 'week' ? isoWeekKey(to) : to.slice(0, 7);
  return { period, key, limit: '10' };
};

/**
 * Period labels of a chart's x axis: days as short local dates ("2/24" rather than "2015-02-24", too wide
 * for a phone), every n-th one counted back from the last, so the newest period always has its label
 * (ECharts' own spacing dropped it). Fewer than 10 where the plot is narrow (`maxLabels`, from its width).
 * @param {string[]} periods @param {number} [maxLabels]
 */
export const periodAxisLabel = (periods, maxLabels = MAX_AXIS_LABELS) => {
  const step = Math.max(1, Math.ceil(periods.length / Math.max(1, Math.min(MAX_AXIS_LABELS, maxLabels))));
  const last = periods.length - 1;
  const day = new Intl.DateTimeFormat(lang(), { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
  return {
    interval: (/** @type {number} */ i) => (last - i) % step === 0,
    formatter: (/** @type {string} */ key) =>
      /^\d{4}-\d{2}-\d{2}$/.test(key) ? day.format(new Date(`${key}T00:00:00Z`)) : key,
  };
};

/** A trend report's period as dates in its own zone ("Feb 23 – Mar 1, 2015"). @param {any} report */
const periodLabel = (report) => {
  const start = new Date(report.start);
  const last = new Date(Date.parse(report.end) - 1);
  const format = new Intl.DateTimeFormat(lang(), { dateStyle: 'medium', timeZone: report.timezone });
  return report.granularity === 'day' ? format.format(start) : format.formatRange(start, last);
};

/**
 * Why no pain point is shown, honestly: no trends API, no report for the period yet, too little history
 * before it to call anything rising, or nothing rose. @param {any} answer @param {any} report
 */
const trendsEmptyText = (answer, report) => {
  if (!answer) return t('trends.unavailable');
  if (!report) return t('trends.none');
  const vars = {
    period: periodLabel(report),
    baseline: formatNumber(report.baselinePeriods),
    unit: t(`trends.unit.${report.granularity}`),
    count: formatNumber(report.volume),
  };
  return t(report.insufficientBaseline ? 'trends.shortBaseline' : 'trends.nothingRising', vars);
};

/** @param {string} path @param {Record<string, string | undefined>} query */
const fetchOrEmpty = async (path, query) => {
  try {
    return await call(path, { query });
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 501)) return undefined;
    throw e;
  }
};

/**
 * @param {HTMLElement} container
 * @returns {() => void} unmount
 */
export const mountMetrics = (container) => {
  const fromInput = h('input', { id: 'm-from', type: 'date' });
  const toInput = h('input', { id: 'm-to', type: 'date' });
  const dataHint = h('p', { class: 'hint', id: 'data-range' });
  const granularity = h(
    'select',
    { id: 'm-granularity' },
    ['day', 'week', 'month'].map((g) =>
      h('option', { value: g, selected: g === 'day' }, t(`metrics.granularity.${g}`)),
    ),
  );
  const status = h('p', { class: 'muted', role: 'status' });
  const error = h('p', { class: 'error', role: 'alert' });
  const body = h('div', { class: 'metrics-body' });
  /** @type {any[]} */
  let charts = [];
  let disposed = false;

  const disposeCharts = () => {
    for (const chart of charts) chart.dispose();
    charts = [];
  };
  const onResize = () => {
    for (const chart of charts) chart.resize();
  };
  window.addEventListener('resize', onResize);

  /**
   * A chart card: the chart (an image to assistive tech, with a summary) and its data as a table.
   * `emptyText` is what a card with nothing to draw says instead of empty axes (which answers are missing).
   */
  const card = (title, columns, rows, makeOption, echarts, emptyText = '') => {
    if (emptyText)
      return h(
        'section',
        { class: 'card chart-card empty-chart' },
        h('h2', {}, title),
        h('p', { class: 'empty' }, emptyText),
      );
    const chartEl = h('div', {
      class: 'chart',
      role: 'img',
      'aria-label': t('metrics.chartSummary', {
        name: title,
        count: rows.length,
        first: rows[0]?.[0] ?? '',
        last: rows.at(-1)?.[0] ?? '',
      }),
    });
    const table = h(
      'table',
      { class: 'data' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            {},
            r.map((v, i) => (i === 0 ? h('th', { scope: 'row' }, v) : h('td', {}, v))),
          ),
        ),
      ),
    );
    const el = h(
      'section',
      { class: 'card chart-card' },
      h('h2', {}, title),
      echarts ? chartEl : null,
      h('details', { open: !echarts }, h('summary', {}, t('metrics.dataTable')), table),
    );
    if (echarts) {
      requestAnimationFrame(() => {
        if (disposed) return;
        const chart = echarts.init(chartEl, null, { renderer: 'canvas' });
        chart.setOption({ animation: false, ...makeOption(chartEl.clientWidth) });
        charts.push(chart);
      });
    }
    return el;
  };

  /** A value axis named along its side (what its numbers count), in the chosen language. */
  const valueAxis = (name, extra = {}) => ({
    type: 'value',
    name,
    nameLocation: 'middle',
    nameGap: 44,
    nameTextStyle: { color: '#57606a' },
    ...extra,
  });

  /** The period axis with as many labels as the plot's width holds (a short date needs about 48 px). */
  const periodAxis = (periods, plotWidth) => ({
    type: 'category',
    data: periods,
    axisLabel: periodAxisLabel(periods, Math.floor(plotWidth / 48)),
  });

  const line = (periods, series, axisName, width) => ({
    tooltip: { trigger: 'axis' },
    grid: { left: 64, right: 16, top: 32, bottom: 32 },
    // One line of legend, scrolled when it does not fit: wrapped, it ran into the plot on a phone.
    legend: series.length > 1 ? { top: 0, type: 'scroll' } : undefined,
    xAxis: periodAxis(periods, width - 64 - 16),
    yAxis: valueAxis(axisName, { scale: true }),
    series: series.map((s) => ({ type: 'line', connectNulls: true, showSymbol: true, ...s })),
  });

  const load = async () => {
    disposeCharts();
    error.textContent = '';
    status.textContent = t('metrics.loading');
    replace(body);
    const from = fromInput.value;
    const to = toInput.value;
    try {
      const [metrics, trends, echarts] = await Promise.all([
        fetchOrEmpty('/v1/metrics', { from, to, granularity: granularity.value, groupBy: 'all' }),
        fetchOrEmpty('/v1/trends', trendsQuery(granularity.value, to)),
        loadECharts(),
      ]);
      if (disposed) return;
      status.textContent = '';
      const points = metrics ? toPoints(metrics) : [];
      const rising = trends ? toRising(trends).slice(0, 10) : [];
      const periods = points.map((p) => p.period);
      const n = (v, d = 0) => formatNumber(v, d);
      const parts = [];
      if (!echarts && (points.length || rising.length))
        parts.push(h('p', { class: 'notice', text: t('metrics.chartsUnavailable') }));
      if (!points.some((p) => p.volume > 0)) {
        parts.push(h('p', { class: 'empty card', id: 'metrics-empty', text: t('metrics.empty') }));
      } else {
        parts.push(
          card(
            t('metrics.volume'),
            [t('metrics.period'), t('metrics.items')],
            points.map((p) => [p.period, n(p.volume)]),
            (width) => ({
              ...line(periods, [], t('metrics.items'), width),
              // Bars are read by their length: the axis starts at zero (a scaled axis hid the smaller days).
              yAxis: valueAxis(t('metrics.items'), { min: 0 }),
              series: [{ type: 'bar', name: t('metrics.volume'), data: points.map((p) => p.volume) }],
            }),
            echarts,
          ),
          card(
            t('metrics.nps'),
            [t('metrics.period'), t('metrics.nps')],
            points.map((p) => [p.period, n(p.nps)]),
            (width) =>
              line(periods, [{ name: t('metrics.nps'), data: points.map((p) => p.nps) }], t('metrics.axis.nps'), width),
            echarts,
            points.some((p) => p.nps !== null) ? '' : t('metrics.noChartData.nps'),
          ),
          card(
            `${t('metrics.csat')} / ${t('metrics.ces')}`,
            [t('metrics.period'), t('metrics.csat'), t('metrics.ces')],
            points.map((p) => [p.period, n(p.csat, 2), n(p.ces, 2)]),
            (width) =>
              line(
                periods,
                [
                  { name: t('metrics.csat'), data: points.map((p) => p.csat) },
                  { name: t('metrics.ces'), data: points.map((p) => p.ces) },
                ],
                t('metrics.axis.score'),
                width,
              ),
            echarts,
            points.some((p) => p.csat !== null || p.ces !== null) ? '' : t('metrics.noChartData.csatCes'),
          ),
          card(
            t('metrics.sentiment'),
            [
              t('metrics.period'),
              t('sentiment.positive'),
              t('sentiment.neutral'),
              t('sentiment.mixed'),
              t('sentiment.negative'),
              t('metrics.sentimentMean'),
            ],
            points.map((p) => [
              p.period,
              n(p.positive),
              n(p.neutral),
              n(p.mixed),
              n(p.negative),
              n(p.sentimentMean, 2),
            ]),
            (width) => ({
              ...line(periods, [], t('metrics.items'), width),
              legend: { top: 0, type: 'scroll' },
              // Two scales, each named: the bars count items, the line is the mean score from −1 to 1.
              grid: { left: 64, right: 56, top: 48, bottom: 32 },
              xAxis: periodAxis(periods, width - 64 - 56),
              yAxis: [
                valueAxis(t('metrics.items'), { min: 0 }),
                valueAxis(t('metrics.axis.sentimentMean'), { min: -1, max: 1, nameGap: 32 }),
              ],
              color: ['#1a7f37', '#6e7781', '#9a6700', '#cf222e', '#0550ae'],
              series: [
                ...['positive', 'neutral', 'mixed', 'negative'].map((label) => ({
                  type: 'bar',
                  stack: 'sentiment',
                  name: t(`sentiment.${label}`),
                  data: points.map((p) => p[label]),
                })),
                {
                  type: 'line',
                  yAxisIndex: 1,
                  name: t('metrics.sentimentMean'),
                  data: points.map((p) => p.sentimentMean),
                },
              ],
            }),
            echarts,
          ),
        );
      }
      const report = trends?.trends;
      if (!rising.length) {
        parts.push(h('p', { class: 'empty card', id: 'trends-empty', text: trendsEmptyText(trends, report) }));
      } else {
        parts.push(
          card(
            t('trends.title', { period: periodLabel(report) }),
            [t('trends.term'), t('trends.count'), t('trends.expected'), t('trends.ratio')],
            rising.map((r) => [
              `${topicLabel(r.label)} (${t(`trends.status.${r.status}`, {}, r.status)})`,
              n(r.count),
              n(r.expected, 1),
              r.ratio === null ? '—' : `×${n(r.ratio, 1)}`,
            ]),
            () => ({
              tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
              legend: { top: 0 },
              grid: { left: 160, right: 16, top: 32, bottom: 24 },
              xAxis: { type: 'value' },
              yAxis: { type: 'category', inverse: true, data: rising.map((r) => topicLabel(r.label)) },
              series: [
                { type: 'bar', name: t('trends.count'), data: rising.map((r) => r.count) },
                { type: 'bar', name: t('trends.expected'), data: rising.map((r) => Math.round(r.expected * 10) / 10) },
              ],
            }),
            echarts,
          ),
        );
      }
      replace(body, parts);
    } catch (e) {
      if (disposed) return;
      status.textContent = '';
      error.textContent = describeError(e);
    }
  };

  const form = h(
    'form',
    {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        load();
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'm-from', text: t('metrics.from') }), fromInput),
    h('div', { class: 'field' }, h('label', { for: 'm-to', text: t('metrics.to') }), toInput),
    h('div', { class: 'field' }, h('label', { for: 'm-granularity', text: t('metrics.granularity') }), granularity),
    h('div', { class: 'field buttons' }, h('button', { type: 'submit', text: t('metrics.show') })),
  );
  replace(
    container,
    h('div', { class: 'metrics' }, h('h1', { text: t('metrics.title') }), form, dataHint, status, error, body),
  );
  currentStatus().then((answer) => {
    if (disposed) return;
    const range = initialRange(answer?.dataRange, new Date());
    fromInput.value = range.from;
    toInput.value = range.to;
    const dataRange = answer?.dataRange;
    if (dataRange) {
      const all = h('button', {
        type: 'button',
        class: 'link',
        id: 'm-all',
        text: t('metrics.allData'),
        onclick: () => {
          fromInput.value = dataRange.first.slice(0, 10);
          toInput.value = dataRange.last.slice(0, 10);
          const days = (Date.parse(toInput.value) - Date.parse(fromInput.value)) / DAY;
          granularity.value = days > 180 ? 'month' : days > 45 ? 'week' : 'day';
          load();
        },
      });
      replace(
        dataHint,
        t('metrics.dataRange', { first: formatDateTime(dataRange.first), last: formatDateTime(dataRange.last) }),
        ' ',
        all,
      );
    } else dataHint.textContent = t('metrics.noData');
    load();
  });

  return () => {
    disposed = true;
    window.removeEventListener('resize', onResize);
    disposeCharts();
    replace(container);
  };
};
