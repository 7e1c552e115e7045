import type { UrgencyLevel } from '../analysis/types.js';
import type { Granularity } from '../rollups/periods.js';
import type { DigestLanguage, DigestTarget } from './digest.js';
import type { DigestMetric } from './digest-data.js';

/** Every word a digest writes, in one language. */
export interface DigestStrings {
  locale: string;
  title: Record<Granularity, string>;
  subject: (title: string, range: string, volume: string) => string;
  subjectEmpty: (title: string, range: string) => string;
  metric: Record<DigestMetric, string>;
  /** "vs previous period". */
  vsPrevious: string;
  noChange: string;
  /** Beside the volume when the previous period had no comments at all. */
  noPrevious: string;
  noData: string;
  responses: (n: string) => string;
  items: (n: string) => string;
  satisfied: (pct: string) => string;
  promoters: (p: string, d: string) => string;
  negativeShare: (pct: string) => string;
  targets: string;
  target: string;
  actual: string;
  met: string;
  notMet: string;
  unknown: string;
  targetLabel: (t: DigestTarget, metric: string, value: string) => string;
  trends: string;
  topics: string;
  topicsNote: string;
  mentions: string;
  painPoints: string;
  painPointsNone: string;
  painPointLine: (count: string, share: string, baseline: string) => string;
  newTerm: string;
  /** Badge of a discovered (not curated) theme. */
  discovered: string;
  themes: string;
  themesNote: string;
  themesNone: string;
  themeLine: (count: string, share: string) => string;
  queue: string;
  queueCounts: (critical: string, high: string) => string;
  /** SLA breaches; the SLA runs from when Koe received an item, not from when the customer wrote. */
  overdue: (n: string) => string;
  oldest: (age: string) => string;
  openQueue: string;
  queueEmpty: string;
  queueTruncated: string;
  level: Record<UrgencyLevel, string>;
  age: (minutes: number) => string;
  empty: string;
  emptyDetail: string;
  scope: (dimension: string, values: string) => string;
  dimension: Record<string, string>;
  footer: (generated: string, timezone: string) => string;
  chartAlt: (metric: string) => string;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

const en: DigestStrings = {
  locale: 'en-US',
  title: { day: 'Koe daily digest', week: 'Koe weekly digest', month: 'Koe monthly digest' },
  subject: (title, range, volume) => `${title} · ${range} · ${volume} comments`,
  subjectEmpty: (title, range) => `${title} · ${range} · no feedback`,
  metric: { volume: 'Comments', nps: 'NPS', csat: 'CSAT', ces: 'CES', sentiment: 'Sentiment' },
  vsPrevious: 'vs previous period',
  noChange: 'no change',
  noPrevious: 'no comments in the previous period',
  noData: 'no answers',
  responses: (n) => `${n} responses`,
  items: (n) => `${n} comments`,
  satisfied: (pct) => `${pct} rated 4–5`,
  promoters: (p, d) => `${p} promoters · ${d} detractors`,
  negativeShare: (pct) => `${pct} negative`,
  targets: 'Targets',
  target: 'Target',
  actual: 'Now',
  met: 'Met',
  notMet: 'Not yet',
  unknown: 'No data',
  targetLabel: (t, metric, value) =>
    t.kind === 'atLeast'
      ? `${metric} ≥ ${value}`
      : t.kind === 'atMost'
        ? `${metric} ≤ ${value}`
        : `${metric} ${t.value >= 0 ? '+' : ''}${value}${t.since ? ` since ${t.since}` : ''}`,
  trends: 'Trends',
  topics: 'Top topics',
  topicsNote: 'mentions this period; bar colour: share of negative mentions',
  mentions: 'mentions',
  painPoints: 'Rising pain points',
  painPointsNone: 'No pain point rose significantly this period.',
  painPointLine: (count, share, baseline) => `${count} mentions · ${share} of comments (usually ${baseline})`,
  newTerm: 'new',
  discovered: 'discovered',
  themes: 'Discovered themes',
  themesNote:
    'phrases from this period’s complaints, outside the topic list (so every one reads negative); promote one to track it as a topic',
  themesNone: 'No theme stood out this period.',
  themeLine: (count, share) => `${count} mentions · ${share} of comments`,
  queue: 'Urgency queue now',
  queueCounts: (critical, high) => `${critical} critical · ${high} high open`,
  overdue: (n) => `${n} past their SLA (timed from receipt)`,
  oldest: (age) => `longest waiting: received ${age} ago`,
  openQueue: 'Open the queue',
  queueEmpty: 'No open critical or high items.',
  queueTruncated: 'The queue holds more items than were read; counts are lower bounds.',
  level: { critical: 'Critical', high: 'High', normal: 'Normal', low: 'Low' },
  age: (m) => {
    if (m < 60) return `${m} ${plural(m, 'minute', 'minutes')}`;
    const h = Math.floor(m / 60);
    if (h < 48) return `${h} ${plural(h, 'hour', 'hours')}`;
    const d = Math.floor(h / 24);
    return `${d} days`;
  },
  empty: 'No feedback this period.',
  emptyDetail: 'Nothing was received for this period, so there are no scores or charts.',
  scope: (dimension, values) => `Only ${dimension}: ${values}`,
  dimension: { channel: 'channel', source: 'source', topic: 'topic' },
  footer: (generated, timezone) => `Generated ${generated} (${timezone}) by Koe.`,
  chartAlt: (metric) => `${metric} trend chart`,
};

const ja: DigestStrings = {
  locale: 'ja-JP',
  title: { day: 'Koe 日次レポート', week: 'Koe 週次レポート', month: 'Koe 月次レポート' },
  subject: (title, range, volume) => `${title}｜${range}｜${volume}件`,
  subjectEmpty: (title, range) => `${title}｜${range}｜フィードバックなし`,
  metric: { volume: '件数', nps: 'NPS', csat: 'CSAT', ces: 'CES', sentiment: '感情スコア' },
  vsPrevious: '前期比',
  noChange: '変化なし',
  noPrevious: '前期のデータなし',
  noData: '回答なし',
  responses: (n) => `回答 ${n}件`,
  items: (n) => `${n}件`,
  satisfied: (pct) => `4〜5の評価 ${pct}`,
  promoters: (p, d) => `推奨者 ${p}件・批判者 ${d}件`,
  negativeShare: (pct) => `ネガティブ ${pct}`,
  targets: '目標',
  target: '目標',
  actual: '現在',
  met: '達成',
  notMet: '未達',
  unknown: 'データなし',
  targetLabel: (t, metric, value) =>
    t.kind === 'atLeast'
      ? `${metric} ${value}以上`
      : t.kind === 'atMost'
        ? `${metric} ${value}以下`
        : `${metric} ${t.value >= 0 ? '+' : ''}${value}${t.since ? `（${t.since}から）` : ''}`,
  trends: '推移',
  topics: '主なトピック',
  topicsNote: '今期の言及件数。棒の色はネガティブな言及の割合',
  mentions: '件',
  painPoints: '増えている課題',
  painPointsNone: '今期、有意に増えた課題はありません。',
  painPointLine: (count, share, baseline) => `${count}件・全体の${share}（通常は${baseline}）`,
  newTerm: '新規',
  discovered: '自動検出',
  themes: '自動検出されたテーマ',
  themesNote:
    'トピック一覧にない、今期の不満・苦情の文から見つかったテーマ（そのためすべてネガティブ）。トピックに昇格すると継続して追跡できます',
  themesNone: '今期、目立ったテーマはありません。',
  themeLine: (count, share) => `${count}件・全体の${share}`,
  queue: '緊急対応キューの現況',
  queueCounts: (critical, high) => `緊急 ${critical}件・高 ${high}件が未対応`,
  overdue: (n) => `SLA超過 ${n}件（受信時刻から）`,
  oldest: (age) => `最も長く待っている項目: 受信から${age}`,
  openQueue: 'キューを開く',
  queueEmpty: '未対応の緊急・高の項目はありません。',
  queueTruncated: '読み込んだ件数を超える項目があります。件数は下限です。',
  level: { critical: '緊急', high: '高', normal: '通常', low: '低' },
  age: (m) => {
    if (m < 60) return `${m}分`;
    const h = Math.floor(m / 60);
    if (h < 48) return `${h}時間`;
    return `${Math.floor(h / 24)}日`;
  },
  empty: 'この期間のフィードバックはありませんでした。',
  emptyDetail: 'この期間に受け付けたフィードバックがないため、スコアとグラフはありません。',
  scope: (dimension, values) => `対象の${dimension}: ${values}`,
  dimension: { channel: 'チャネル', source: 'ソース', topic: 'トピック' },
  footer: (generated, timezone) => `${generated}（${timezone}）にKoeが作成しました。`,
  chartAlt: (metric) => `${metric}の推移グラフ`,
};

/** The strings of a digest language. */
export const digestStrings = (language: DigestLanguage): DigestStrings => (language === 'ja' ? ja : en);
