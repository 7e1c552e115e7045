import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The folders whose files start a browser, a local stack or hundreds of requests: 10-45 s each. */
const SLOW = ['/test/e2e/', '/test/fuzz/'];

/** Fisher-Yates with a small seeded generator (mulberry32): the same seed gives the same order. */
const shuffle = <T>(items: readonly T[], seed: number): T[] => {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
};

/**
 * Files in a random order from the run's seed (`--sequence.seed=N` repeats it), the slow folders' files first,
 * each group shuffled: a 40 s browser test drawn last would otherwise run alone on one core at the end while
 * the others idle (the suite took 185 s against 172 s when one did).
 */
export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const shuffled = shuffle(files, this.ctx.config.sequence.seed);
    const slow = (file: TestSpecification) => SLOW.some((folder) => file.moduleId.includes(folder));
    return [...shuffled.filter(slow), ...shuffled.filter((file) => !slow(file))];
  }
}
