import { fnv1a } from './hash.js';

/** Where a labelled item belongs: tune on train and dev; test is frozen and only reported. */
export type Split = 'train' | 'dev' | 'test';

/**
 * The corpus split, fixed by the item id (docs/analysis/labelling.md, "The split"): FNV-1a of the id
 * mod 10 — 0–6 train, 7 dev, 8–9 test. Never changes, so an item never moves between splits.
 */
export const splitOf = (id: string): Split => {
  const bucket = fnv1a(id) % 10;
  return bucket <= 6 ? 'train' : bucket === 7 ? 'dev' : 'test';
};
