import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateFacts } from '../../../shared/metrics/aggregate.js';
import { themeImpact } from '../../../shared/metrics/theme-impact.js';
import type { RollupFact } from '../../../shared/rollups/fact.js';
import { parsePeriodKey } from '../../../shared/rollups/periods.js';
import { rollUp, topicRowsOf, totalsOf } from '../../../shared/rollups/roll-up.js';
import { fact, factsArb, TOPICS } from '../rollups/arbitraries.js';

const mentions = (topic: string) => [{ topic, label: 'negative' as const, score: -0.5 }];

/**
 * The counterfactual built literally: everyone who does not mention the topic keeps their
 * answer; each one who does is replaced by a fractional respondent with the others' mix.
 */
const literalCounterfactual = (facts: RollupFact[], topic: string) => {
  const has = (f: RollupFact) => f.topics.some((t) => t.topic === topic);
  const rest = facts.filter((f) => !has(f) && f.ratings.nps !== undefined);
  const replaced = facts.filter((f) => has(f) && f.ratings.nps !== undefined).length;
  if (rest.length === 0 || replaced === 0) return null;
  let promoters = 0;
  let detractors = 0;
  for (const f of rest) {
    const nps = f.ratings.nps ?? 0;
    const weight = 1 + replaced / rest.length;
    if (nps >= 9) promoters += weight;
    if (nps <= 6) detractors += weight;
  }
  return ((promoters - detractors) / (rest.length + replaced)) * 100;
};

describe('themeImpact', () => {
  it('prices a topic as the NPS points lost to its respondents, costliest first', () => {
    // Prepare: delivery respondents 0, 2, 5, 9 (NPS −50); the rest 10, 10, 9, 8, 7, 3, and one praise 10
    const facts = [
      ...[0, 2, 5, 9].map((nps) => fact({ ratings: { nps, csat: 2 }, topics: mentions('delivery') })),
      ...[10, 10, 9, 8, 7, 3].map((nps) => fact({ ratings: { nps, csat: 4 } })),
    ];
    const praise = [fact({ ratings: { nps: 10 }, topics: mentions('praise') })];
    const all = aggregateFacts([...facts, ...praise]);
    const byTopic = [
      { topic: 'praise', metrics: aggregateFacts(praise) },
      { topic: 'delivery', metrics: aggregateFacts(facts.slice(0, 4)) },
    ];
    // Act
    const [first, second] = themeImpact(all, byTopic, { minResponses: 1 });
    // Assess: all 11 answers: 5 promoters, 4 detractors → 100/11; the rest of delivery: 4 promoters, 1 detractor of 7
    expect(first?.topic).toBe('delivery');
    expect(first?.nps.responses).toBe(4);
    expect(first?.nps.restResponses).toBe(7);
    expect(first?.nps.actual).toBeCloseTo(100 / 11, 9);
    expect(first?.nps.topic).toBe(-50);
    expect(first?.nps.counterfactual).toBeCloseTo(300 / 7, 9);
    expect(first?.nps.cost).toBeCloseTo(300 / 7 - 100 / 11, 9);
    // Decomposition: share × gap
    expect(first?.nps.cost).toBeCloseTo((4 / 11) * (300 / 7 + 50), 9);
    expect(first?.csat.cost).toBeCloseTo(4 - (4 * 2 + 6 * 4) / 10, 9);
    expect(second?.topic).toBe('praise');
    expect(second?.nps.cost).toBeLessThan(0);
  });

  it('ranks topics with too few answers after the others and leaves costs null without a comparison group', () => {
    // Prepare
    const everyone = [fact({ ratings: { nps: 0 }, topics: mentions('login') })];
    const all = aggregateFacts([...everyone, fact({ ratings: { nps: 10 } }), fact({ topics: mentions('unrated') })]);
    // Act
    const impacts = themeImpact(all, [
      { topic: 'unrated', metrics: aggregateFacts([fact({ topics: mentions('unrated') })]) },
      { topic: 'login', metrics: aggregateFacts(everyone) },
    ]);
    const alone = themeImpact(aggregateFacts(everyone), [{ topic: 'login', metrics: aggregateFacts(everyone) }], {
      minResponses: 1,
    });
    // Assess
    expect(impacts.map((i) => [i.topic, i.sufficient])).toEqual([
      ['login', false],
      ['unrated', false],
    ]);
    expect(impacts[1]?.nps.cost).toBeNull();
    expect(alone[0]?.nps.cost).toBeNull();
    expect(themeImpact(aggregateFacts([]), [])).toEqual([]);
  });

  it('matches a literal counterfactual over raw facts, from roll-up rows (property)', () => {
    const period = parsePeriodKey('2026-11', 'UTC');
    fc.assert(
      fc.property(factsArb(150), (facts) => {
        // Prepare
        const inWindow = facts.filter((f) => f.occurredAt >= period.start && f.occurredAt < period.end);
        const rollup = rollUp(facts, period, ['topic']);
        // Act
        const impacts = themeImpact(totalsOf(rollup), topicRowsOf(rollup), { minResponses: 0 });
        // Assess
        for (const topic of TOPICS) {
          const impact = impacts.find((i) => i.topic === topic);
          const expected = literalCounterfactual(inWindow, topic);
          if (!impact) {
            expect(inWindow.some((f) => f.topics.some((t) => t.topic === topic))).toBe(false);
            continue;
          }
          if (expected === null) expect(impact.nps.cost).toBeNull();
          else expect(impact.nps.counterfactual).toBeCloseTo(expected, 9);
        }
        const costs = impacts.map((i) => i.nps.cost ?? Number.NEGATIVE_INFINITY);
        expect(costs).toEqual([...costs].sort((a, b) => b - a));
      }),
      { numRuns: 150 },
    );
  });
});
