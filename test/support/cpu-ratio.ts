// The CPU-ratio tests (test/unit/analysis/*-linearity.test.ts): not timing thresholds, but the ratio of the
// CPU work for two sizes of the same text. Each file measures its cases (a `*-linearity.cases.ts` module) in a
// Node process of its own, with a fresh heap and `--expose-gc`, where no other file's garbage weighs on a
// measure; the test asserts the ratios that process prints.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** One measured case: `measure` returns the ratio of the work for two sizes; it should stay under `bound`. */
export interface RatioCase {
  name: string;
  bound: number;
  measure: () => number;
}

/** `unit` repeated and cut to `length` characters. */
export const repeat = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** CPU microseconds of the fastest of `tries` runs of `fn` over `text` (each with a different last character). */
export const cpuCost = (fn: (text: string) => unknown, text: string, tries = 5): number => {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < tries; i++) {
    const variant = `${text}${' xyzw!'[i % 6]}`;
    globalThis.gc?.(); // the last run's garbage is not this run's work (the measuring process exposes gc)
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

const CHILD = fileURLToPath(new URL('./cpu-ratio-child.ts', import.meta.url));

/** Each case's lowest ratio, measured in a fresh `node --expose-gc` process that imports `casesModule`. */
export const measureRatios = async (casesModule: URL): Promise<Record<string, number>> => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', CHILD, fileURLToPath(casesModule)],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as Record<string, number>;
};
