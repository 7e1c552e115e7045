import { present } from './present.js';

/** A deterministic generator of numbers in [0, 1) (mulberry32): the same seed gives the same sequence. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** Fisher–Yates in place, drawing from `next`. */
export const shuffleInPlace = <T>(items: T[], next: () => number): void => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const a = present(items[i], 'item to shuffle');
    items[i] = present(items[j], 'item to shuffle');
    items[j] = a;
  }
};
