import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files in a random order from the run's seed (printed; `--sequence.seed=N` repeats it), except that the
 * end-to-end files (test/e2e: local stacks and Chromium in processes of their own) start first, in a random
 * order of their own. They spend most of their time waiting on those processes; started last, one of them
 * would run alone at the end while the other workers sit idle (a 30-60 s tail on 2 cores).
 */
export class ShuffledSlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const random = mulberry32(this.ctx.config.sequence.seed);
    const shuffled = files
      .map((file) => ({ file, key: random() }))
      .sort((a, b) => a.key - b.key)
      .map(({ file }) => file);
    const slow = (file: TestSpecification) => /[/\\]test[/\\]e2e[/\\]/.test(file.moduleId);
    return [...shuffled.filter(slow), ...shuffled.filter((file) => !slow(file))];
  }
}

/** A small seeded generator of numbers in [0, 1). */
const mulberry32 = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
