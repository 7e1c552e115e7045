import type { RollupFact } from './fact.js';

/** The ways a roll-up slices facts; `all` is the one row holding everything. */
export const DIMENSIONS = ['all', 'channel', 'source', 'journeyStage', 'topic', 'customerTier'] as const;
/** One dimension. */
export type Dimension = (typeof DIMENSIONS)[number];

/** The value of the `all` dimension. */
export const ALL_VALUE = '*';
/** The value for facts without a journey stage or customer tier. */
export const NONE_VALUE = '(none)';

/**
 * The values a fact counts under in a dimension: one for most, one per topic for `topic`
 * (an item that mentions two topics counts in both rows; one that mentions none in no topic row).
 */
export const dimensionValues = (fact: RollupFact, dimension: Dimension): string[] => {
  switch (dimension) {
    case 'all':
      return [ALL_VALUE];
    case 'channel':
      return [fact.channel];
    case 'source':
      return [fact.source];
    case 'journeyStage':
      return [fact.journeyStage ?? NONE_VALUE];
    case 'customerTier':
      return [fact.customerTier ?? NONE_VALUE];
    case 'topic':
      return [...new Set(fact.topics.map((t) => t.topic))];
  }
};
