// The CPU-ratio tests (test/unit/analysis/*-linearity.test.ts): not timing thresholds, but the ratio of the
// CPU work for two sizes of the same text. They run in processes of their own (vitest.config.ts, `ratios`).

/** `unit` repeated and cut to `length` characters. */
export const repeat = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** CPU microseconds of the fastest of `tries` runs of `fn` over `text` (each with a different last character). */
export const cpuCost = (fn: (text: string) => unknown, text: string, tries = 5): number => {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < tries; i++) {
    const variant = `${text}${' xyzw!'[i % 6]}`;
    globalThis.gc?.(); // the last run's garbage is not this run's work (the ratios project exposes gc)
    const before = process.cpuUsage();
    fn(variant);
    const used = process.cpuUsage(before);
    best = Math.min(best, used.user + used.system);
  }
  return best;
};

/**
 * The lowest of up to three measurements of a ratio, stopping at the first under `bound`: a busy machine (a GC
 * or a preemption in one batch) can only raise a ratio, never lower it.
 */
export const lowestRatio = (measure: () => number, bound: number): number => {
  let lowest = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 3 && lowest >= bound; attempt++) lowest = Math.min(lowest, measure());
  return lowest;
};
