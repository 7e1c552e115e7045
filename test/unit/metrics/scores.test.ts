import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { URGENCY_LEVELS } from '../../../shared/analysis/types.js';
import { aggregateFacts, emptyAggregate, mergeAggregates } from '../../../shared/metrics/aggregate.js';
import { DURATION_ACCURACY } from '../../../shared/metrics/duration-histogram.js';
import { scoresOf } from '../../../shared/metrics/scores.js';
import type { RollupFact } from '../../../shared/rollups/fact.js';
import { parsePeriodKey } from '../../../shared/rollups/periods.js';
import { rollUp } from '../../../shared/rollups/roll-up.js';
import { fact, factsArb, nearestRank } from '../rollups/arbitraries.js';

const mean = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
const defined = <T>(xs: Array<T | undefined>): T[] => xs.filter((x): x is T => x !== undefined);

/** NPS straight from the raw answers, as a spreadsheet would do it. */
const naiveNps = (facts: RollupFact[]) => {
  const answers = defined(facts.map((f) => f.ratings.nps));
  const promoters = answers.filter((a) => a >= 9).length;
  const detractors = answers.filter((a) => a <= 6).length;
  return {
    responses: answers.length,
    promoters,
    passives: answers.length - promoters - detractors,
    detractors,
    score: answers.length === 0 ? null : ((promoters - detractors) / answers.length) * 100,
  };
};

const expectMinutesClose = (actual: number | null, exactSeconds: number | null): void => {
  if (exactSeconds === null) {
    expect(actual).toBeNull();
    return;
  }
  const exactMinutes = exactSeconds < 1 ? 0 : exactSeconds / 60;
  expect(actual).not.toBeNull();
  expect(Math.abs((actual ?? 0) - exactMinutes)).toBeLessThanOrEqual(exactMinutes * DURATION_ACCURACY * 1.000001);
};

describe('scoresOf', () => {
  it('computes every score of a hand-made set', () => {
    // Prepare
    const facts = [
      fact({ ratings: { nps: 10, csat: 5, ces: 2 }, sentiment: { label: 'positive', score: 0.5 }, urgency: 'low' }),
      fact({ ratings: { nps: 9, csat: 4 }, sentiment: { label: 'negative', score: -0.25 }, urgency: 'critical' }),
      fact({ ratings: { nps: 8, csat: 3, ces: 4 }, sentiment: { label: 'negative', score: -0.75 } }),
      fact({ ratings: { nps: 7, csat: 1 }, triageStatus: 'acknowledged', acknowledgeSeconds: 60 }),
      fact({ ratings: { nps: 6 }, triageStatus: 'acknowledged', acknowledgeSeconds: 120 }),
      fact({ ratings: { nps: 0 }, triageStatus: 'resolved', acknowledgeSeconds: 600, resolveSeconds: 7200 }),
      fact({
        ratings: { nps: 10 },
        triageStatus: 'resolved',
        acknowledgeSeconds: 3600,
        topics: [
          { topic: 'delivery', label: 'negative', score: -0.8 },
          { topic: 'billing', label: 'positive', score: 0.6 },
        ],
      }),
      fact({ topics: [{ topic: 'delivery', label: 'negative', score: -0.4 }] }),
      fact({ topics: [{ topic: 'delivery', label: 'positive', score: 0.2 }] }),
    ];
    // Act
    const scores = scoresOf(aggregateFacts(facts));
    // Assess
    expect(scores.volume).toBe(9);
    expect(scores.nps).toEqual({ responses: 7, promoters: 3, passives: 2, detractors: 2, score: 100 / 7 });
    expect(scores.csat).toEqual({ responses: 4, mean: 3.25, satisfied: 2, satisfiedShare: 0.5 });
    expect(scores.ces).toEqual({ responses: 2, mean: 3 });
    expect(scores.sentiment.count).toBe(3);
    expect(scores.sentiment.mean).toBeCloseTo(-0.5 / 3, 12);
    expect(scores.sentiment.distribution).toEqual({ positive: 1, neutral: 0, negative: 2, mixed: 0 });
    expect(scores.urgency).toEqual({ critical: 1, high: 0, normal: 0, low: 1 });
    expect(scores.triage).toEqual({ open: 5, acknowledged: 2, resolved: 2 });
    // Nearest rank of [1, 2, 10, 60] minutes: median is rank 2, p90 rank 4.
    expect(scores.timeToAcknowledge.count).toBe(4);
    expectMinutesClose(scores.timeToAcknowledge.medianMinutes, 120);
    expectMinutesClose(scores.timeToAcknowledge.p90Minutes, 3600);
    expectMinutesClose(scores.timeToResolve.medianMinutes, 7200);
    expect(scores.topics).toHaveLength(2);
    expect(scores.topics[0]).toMatchObject({ topic: 'delivery', count: 3, negativeShare: 2 / 3 });
    expect(scores.topics[0]?.sentimentMean).toBeCloseTo(-1 / 3, 12);
    expect(scores.topics[1]).toEqual({ topic: 'billing', count: 1, sentimentMean: 0.6, negativeShare: 0 });
  });

  it('reads zeros and nulls from an empty aggregate', () => {
    // Act
    const scores = scoresOf(emptyAggregate());
    // Assess
    expect(scores).toEqual({
      volume: 0,
      sentiment: { count: 0, mean: null, distribution: { positive: 0, neutral: 0, negative: 0, mixed: 0 } },
      nps: { responses: 0, promoters: 0, passives: 0, detractors: 0, score: null },
      csat: { responses: 0, mean: null, satisfied: 0, satisfiedShare: null },
      ces: { responses: 0, mean: null },
      urgency: { critical: 0, high: 0, normal: 0, low: 0 },
      triage: { open: 0, acknowledged: 0, resolved: 0 },
      timeToAcknowledge: { count: 0, medianMinutes: null, p90Minutes: null },
      timeToResolve: { count: 0, medianMinutes: null, p90Minutes: null },
      topics: [],
    });
  });

  it('ignores ratings off their scales in facts read back from storage', () => {
    // Act
    const scores = scoresOf(aggregateFacts([fact({ ratings: { nps: 12, csat: 0, ces: 2.5 } })]));
    // Assess
    expect([scores.nps.responses, scores.csat.responses, scores.ces.responses]).toEqual([0, 0, 0]);
  });
});

describe('scores against a naive computation over raw facts (property)', () => {
  it('agree for every channel row of a roll-up built from merged parts', () => {
    const month = parsePeriodKey('2026-11', 'Asia/Tokyo');
    fc.assert(
      fc.property(factsArb(150), fc.array(fc.boolean(), { minLength: 150, maxLength: 150 }), (facts, side) => {
        // Prepare
        const left = facts.filter((_, i) => side[i]);
        const right = facts.filter((_, i) => !side[i]);
        const inMonth = facts.filter((f) => f.occurredAt >= month.start && f.occurredAt < month.end);
        // Act: merge partial aggregates of two arbitrary halves, per channel
        const rowsOf = (fs: RollupFact[]) => rollUp(fs, month, ['channel']).rows;
        const merged = new Map(rowsOf(left).map((r) => [r.value, r.metrics]));
        for (const r of rowsOf(right)) {
          const seen = merged.get(r.value);
          merged.set(r.value, seen ? mergeAggregates(seen, r.metrics) : r.metrics);
        }
        // Assess
        for (const channel of ['survey', 'chat', 'email']) {
          const raw = inMonth.filter((f) => f.channel === channel);
          const scores = scoresOf(merged.get(channel) ?? emptyAggregate());
          expect(scores.volume).toBe(raw.length);
          const { score, ...counts } = naiveNps(raw);
          expect(scores.nps).toMatchObject(counts);
          if (score === null) expect(scores.nps.score).toBeNull();
          else expect(scores.nps.score).toBeCloseTo(score, 9);
          const csat = defined(raw.map((f) => f.ratings.csat));
          expect(scores.csat.responses).toBe(csat.length);
          expect(scores.csat.mean).toBe(mean(csat));
          expect(scores.csat.satisfiedShare).toBe(csat.length ? csat.filter((c) => c >= 4).length / csat.length : null);
          expect(scores.ces.mean).toBe(mean(defined(raw.map((f) => f.ratings.ces))));
          const sentiment = defined(raw.map((f) => f.sentiment));
          const sentimentMean = mean(sentiment.map((s) => s.score));
          if (sentimentMean === null) expect(scores.sentiment.mean).toBeNull();
          else expect(scores.sentiment.mean).toBeCloseTo(sentimentMean, 9);
          expect(scores.sentiment.distribution.negative).toBe(sentiment.filter((s) => s.label === 'negative').length);
          for (const level of URGENCY_LEVELS) {
            expect(scores.urgency[level]).toBe(raw.filter((f) => f.urgency === level).length);
          }
          const ack = defined(raw.map((f) => f.acknowledgeSeconds));
          const res = defined(raw.map((f) => f.resolveSeconds));
          expectMinutesClose(scores.timeToAcknowledge.medianMinutes, nearestRank(ack, 50));
          expectMinutesClose(scores.timeToAcknowledge.p90Minutes, nearestRank(ack, 90));
          expectMinutesClose(scores.timeToResolve.medianMinutes, nearestRank(res, 50));
          expectMinutesClose(scores.timeToResolve.p90Minutes, nearestRank(res, 90));
          for (const t of scores.topics) {
            const mentions = raw.flatMap((f) => f.topics.filter((m) => m.topic === t.topic));
            expect(t.count).toBe(mentions.length);
            expect(t.negativeShare).toBe(mentions.filter((m) => m.label === 'negative').length / mentions.length);
            expect(t.sentimentMean).toBeCloseTo(mean(mentions.map((m) => m.score)) ?? 0, 9);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
