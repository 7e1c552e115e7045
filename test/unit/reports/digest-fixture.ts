import type { DigestRequest } from '../../../shared/reports/digest.js';
import type { DigestData, DigestFigures } from '../../../shared/reports/digest-data.js';
import { parsePeriodKey, previousPeriod, trailingPeriods } from '../../../shared/rollups/periods.js';

/** Figures with the given volume and scores (null score = nobody answered). */
export const figures = (
  volume: number,
  nps: number | null,
  csat: number | null,
  ces: number | null,
  sentiment: number | null,
): DigestFigures => ({
  volume,
  nps: { score: nps, responses: nps === null ? 0 : 40, promoters: nps === null ? 0 : 20, passives: 10, detractors: 10 },
  csat: { mean: csat, responses: csat === null ? 0 : 35, satisfiedShare: csat === null ? null : 0.71 },
  ces: { mean: ces, responses: ces === null ? 0 : 12 },
  sentiment: { mean: sentiment, count: volume, negativeShare: volume === 0 ? null : 0.32 },
});

/** A week of Tokyo feedback with every block filled; `long` makes names long enough to test wrapping. */
export const sampleDigestData = (options: { long?: boolean; noCes?: boolean; empty?: boolean } = {}): DigestData => {
  const period = parsePeriodKey('2026-W47', 'Asia/Tokyo');
  const series = [...trailingPeriods(period, 7), period].map((p, i) => ({
    period: p.key,
    start: p.start,
    figures:
      options.empty && i === 7
        ? figures(0, null, null, null, null)
        : figures(80 + i * 7, 10 + i * 2, 3.6 + i * 0.05, options.noCes ? null : 4.8 + i * 0.1, -0.1 + i * 0.03),
  }));
  const longTopic = '配送業者の再配達依頼の受付窓口が分かりにくく何度も電話がつながらない問題';
  const longPhrase = '注文してから二週間以上経っても商品が届かず問い合わせ窓口にも全く連絡がつかない状態';
  return {
    period,
    previous: previousPeriod(period),
    scope: { dimension: 'all', values: ['*'] },
    current: series[7]!.figures,
    previousFigures: series[6]!.figures,
    targets: [
      { target: { metric: 'csat', kind: 'atLeast', value: 4.2 }, actual: 3.95, met: false, progress: 0.94 },
      {
        target: { metric: 'nps', kind: 'change', value: 5, since: '2026-10-01' },
        actual: 6,
        baseline: 18,
        met: true,
        progress: 1,
      },
      ...(options.long
        ? [
            {
              target: {
                metric: 'volume' as const,
                kind: 'atMost' as const,
                value: 500,
                label: `${longTopic}を月500件以下に抑える`,
              },
              actual: 129,
              met: true,
              progress: 1,
            },
          ]
        : []),
    ],
    series,
    topics: [
      { topic: 'delivery', count: 41, previousCount: 30, sentimentMean: -0.42, negativeShare: 0.61 },
      { topic: 'billing_refund', count: 22, previousCount: 25, sentimentMean: -0.3, negativeShare: 0.45 },
      {
        topic: options.long ? 'redelivery_window' : 'customer_service',
        count: 17,
        previousCount: 12,
        sentimentMean: 0.1,
        negativeShare: 0.2,
      },
      { topic: 'price', count: 9, previousCount: 9, sentimentMean: -0.05, negativeShare: 0.11 },
    ],
    painPoints: [
      {
        term: 'topic:delivery',
        kind: 'topic',
        label: 'delivery',
        status: 'rising',
        count: 41,
        share: 0.318,
        baselineShare: 0.12,
        rateRatio: 2.6,
        quotes: [
          { id: 'fb_1', text: '配送が遅すぎて困っています。至急対応してください。' },
          { id: 'fb_2', text: 'The parcel is two weeks late and tracking has not moved since Monday.' },
        ],
      },
      {
        term: `topic:emergent:${options.long ? longPhrase : 'refund'}`,
        kind: 'theme',
        label: `emergent:${options.long ? longPhrase : 'refund'}`,
        status: 'new',
        count: 9,
        share: 0.07,
        baselineShare: 0,
        rateRatio: null,
        quotes: [
          {
            id: 'fb_3',
            text: options.long
              ? `${longPhrase}。${longPhrase}。https://example.com/very/long/path/without/any/break/in/it/at/all/whatsoever`
              : 'Still no refund after 10 days.',
          },
          { id: 'fb_4', text: '返金がまだです。[EMAIL]までご連絡ください。' },
        ],
      },
    ],
    themes: [
      {
        id: 'emergent:seat assignment',
        label: 'seat assignment',
        count: 14,
        share: 0.11,
        negative: 12,
        quotes: [{ id: 'fb_5', text: 'My seat assignment vanished twice this week.' }],
      },
    ],
    painPointSource: 'stored',
    queue: {
      critical: 3,
      high: 11,
      overdue: 4,
      oldest: {
        id: 'fb_9',
        level: 'high',
        receivedAt: '2026-11-20T01:00:00.000Z',
        ageMinutes: 3000,
        overdue: true,
        excerpt: '解約したいのに手続きページが見つかりません',
        link: 'https://koe.example.com/#/item/fb_9',
      },
      top: [
        {
          id: 'fb_7',
          level: 'critical',
          receivedAt: '2026-11-22T10:00:00.000Z',
          ageMinutes: 95,
          overdue: true,
          excerpt: options.long
            ? `${longPhrase}${longPhrase}`
            : 'I was charged twice and nobody answers. Refund me today or I cancel.',
          link: 'https://koe.example.com/#/item/fb_7',
        },
        {
          id: 'fb_9',
          level: 'high',
          receivedAt: '2026-11-20T01:00:00.000Z',
          ageMinutes: 3000,
          overdue: true,
          excerpt: '解約したいのに手続きページが見つかりません',
          link: 'https://koe.example.com/#/item/fb_9',
        },
      ],
      truncated: false,
      link: 'https://koe.example.com/#/queue',
    },
    generatedAt: '2026-11-23T00:30:00.000Z',
  };
};

/** The request matching sampleDigestData. */
export const sampleRequest = (language: 'ja' | 'en', period = sampleDigestData().period): DigestRequest => ({
  language,
  period,
  dashboardUrl: 'https://koe.example.com',
});
