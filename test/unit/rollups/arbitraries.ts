import fc from 'fast-check';
import { URGENCY_LEVELS } from '../../../shared/analysis/types.js';
import { quantizeScore, type RollupFact } from '../../../shared/rollups/fact.js';

/** Test data shared by the roll-up, metrics and trends tests: a fact builder and fast-check arbitraries. */

export const TOPICS = ['delivery', 'billing', 'login', 'emergent:late refund'] as const;

let seq = 0;
/** A fact with sensible defaults; override what the test is about. */
export const fact = (over: Partial<RollupFact> = {}): RollupFact => ({
  id: `f-${++seq}`,
  occurredAt: '2026-11-22T03:00:00.000Z',
  channel: 'survey',
  source: 'web',
  ratings: {},
  topics: [],
  triageStatus: 'open',
  ...over,
});

const FROM = Date.parse('2026-10-20T00:00:00.000Z');
const TO = Date.parse('2026-12-10T00:00:00.000Z');

const label = fc.constantFrom('positive', 'negative', 'neutral', 'mixed' as const);
const score = fc.double({ min: -1, max: 1, noNaN: true }).map(quantizeScore);
const duration = fc.oneof(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.double({ min: 1, max: 3e6, noNaN: true }));

/** Any fact in late 2026, with every optional field sometimes present. */
export const factArb: fc.Arbitrary<RollupFact> = fc
  .record(
    {
      ms: fc.integer({ min: FROM, max: TO - 1 }),
      channel: fc.constantFrom('survey', 'chat', 'email' as const),
      source: fc.constantFrom('web', 'app', 'zendesk'),
      journeyStage: fc.option(fc.constantFrom('purchase', 'use', 'support' as const), { nil: undefined }),
      customerTier: fc.option(fc.constantFrom('free', 'pro', 'enterprise'), { nil: undefined }),
      nps: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
      csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      ces: fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
      sentiment: fc.option(fc.record({ label, score }), { nil: undefined }),
      topics: fc.uniqueArray(fc.record({ topic: fc.constantFrom(...TOPICS), label, score }), {
        selector: (t) => t.topic,
        maxLength: 3,
      }),
      urgency: fc.option(fc.constantFrom(...URGENCY_LEVELS), { nil: undefined }),
      triageStatus: fc.constantFrom('open', 'acknowledged', 'resolved' as const),
      acknowledgeSeconds: fc.option(duration, { nil: undefined }),
      resolveSeconds: fc.option(duration, { nil: undefined }),
    },
    { requiredKeys: ['ms', 'channel', 'source', 'topics', 'triageStatus'] },
  )
  .map((r) => {
    const f = fact({
      occurredAt: new Date(r.ms).toISOString(),
      channel: r.channel,
      source: r.source,
      ratings: {},
      topics: r.topics,
      triageStatus: r.triageStatus,
    });
    if (r.journeyStage) f.journeyStage = r.journeyStage;
    if (r.customerTier) f.customerTier = r.customerTier;
    if (r.nps !== undefined) f.ratings.nps = r.nps;
    if (r.csat !== undefined) f.ratings.csat = r.csat;
    if (r.ces !== undefined) f.ratings.ces = r.ces;
    if (r.sentiment) f.sentiment = r.sentiment;
    if (r.urgency) f.urgency = r.urgency;
    if (r.acknowledgeSeconds !== undefined) f.acknowledgeSeconds = r.acknowledgeSeconds;
    if (r.resolveSeconds !== undefined) f.resolveSeconds = r.resolveSeconds;
    return f;
  });

/** Up to `max` facts. */
export const factsArb = (max = 80): fc.Arbitrary<RollupFact[]> => fc.array(factArb, { maxLength: max });

/** Exact nearest-rank percentile of raw values (1-based rank ⌈p·n/100⌉), computed independently of the histogram. */
export const nearestRank = (values: readonly number[], percent: number): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  let rank = 1;
  while (rank * 100 < percent * sorted.length) rank++;
  return sorted[rank - 1] ?? null;
};
