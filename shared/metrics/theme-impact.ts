import type { MetricAggregate } from './aggregate.js';
import { npsCountsOf, npsScore } from './nps.js';
import { csatMean } from './scores.js';

/**
 * What a topic costs: the score change if the respondents whose comments mention it had
 * answered like everyone else. With W = respondents mentioning the topic, R = the rest and
 * N = W + R, replacing W's answers by R's distribution makes the whole population look like
 * R, so counterfactual = score(R) and cost = score(R) − score(all) = (|W|/N)·(score(R) − score(W)).
 * A positive cost is the number of points the topic takes away (docs/metrics.md).
 */

/** Impact of one topic on one score. */
export interface ScoreImpact {
  /** Respondents who mention the topic. */
  responses: number;
  /** Respondents who do not. */
  restResponses: number;
  /** Score of everyone, as measured. */
  actual: number | null;
  /** Score of the topic's respondents alone. */
  topic: number | null;
  /** Score if the topic's respondents answered like the rest (= score of the rest). */
  counterfactual: number | null;
  /** counterfactual − actual: points the topic costs (negative: points it earns); null without both groups. */
  cost: number | null;
}

/** Impact of one topic on NPS (points) and mean CSAT (rating points). */
export interface ThemeImpact {
  topic: string;
  /** Items mentioning the topic, with or without ratings. */
  mentions: number;
  nps: ScoreImpact;
  csat: ScoreImpact;
  /** False when fewer than `minResponses` of its mentions carry an NPS or CSAT answer; ranked after the rest. */
  sufficient: boolean;
}

/** Options of `themeImpact`. */
export interface ThemeImpactOptions {
  /** Fewest rated mentions (NPS or CSAT) for a topic to rank among the sufficient ones (default 10). */
  minResponses?: number;
}

const subtract = (a: readonly number[], b: readonly number[]): number[] => a.map((x, i) => x - (b[i] ?? 0));
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

const impact = (
  all: readonly number[],
  withTopic: readonly number[],
  score: (h: readonly number[]) => number | null,
): ScoreImpact => {
  const rest = subtract(all, withTopic);
  const responses = sum(withTopic);
  const restResponses = sum(rest);
  const actual = score(all);
  const counterfactual = responses > 0 ? score(rest) : actual;
  return {
    responses,
    restResponses,
    actual,
    topic: score(withTopic),
    counterfactual,
    cost: actual === null || counterfactual === null || responses === 0 ? null : counterfactual - actual,
  };
};

const npsOfHistogram = (h: readonly number[]): number | null => npsScore(npsCountsOf(h));

const byCost = (a: number | null, b: number | null): number =>
  a === null ? (b === null ? 0 : 1) : b === null ? -1 : b - a;

/**
 * Theme impact of every topic, costliest first: sufficient topics before the rest, then NPS
 * cost, then CSAT cost, then topic id. `all` is the period's `all` row; `byTopic` its topic rows.
 */
export const themeImpact = (
  all: MetricAggregate,
  byTopic: ReadonlyArray<{ topic: string; metrics: MetricAggregate }>,
  options: ThemeImpactOptions = {},
): ThemeImpact[] => {
  const minResponses = options.minResponses ?? 10;
  return byTopic
    .map(({ topic, metrics }) => {
      const nps = impact(all.nps, metrics.nps, npsOfHistogram);
      const csat = impact(all.csat, metrics.csat, csatMean);
      return {
        topic,
        mentions: metrics.volume,
        nps,
        csat,
        sufficient: Math.max(nps.responses, csat.responses) >= minResponses,
      };
    })
    .sort(
      (a, b) =>
        Number(b.sufficient) - Number(a.sufficient) ||
        byCost(a.nps.cost, b.nps.cost) ||
        byCost(a.csat.cost, b.csat.cost) ||
        (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0),
    );
};
