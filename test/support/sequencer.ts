import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { seededRandom, shuffleInPlace } from '../../shared/seeded-shuffle.js';

/**
 * Files in a random order from the run's seed (printed; `--sequence.seed=N` repeats it), except that the
 * end-to-end files (test/e2e: local stacks and Chromium in processes of their own) start first, in a random
 * order of their own. They spend most of their time waiting on those processes; started last, one of them
 * would run alone at the end while the other workers sit idle (a 30-60 s tail on 2 cores).
 */
export class ShuffledSlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const shuffled = [...files];
    shuffleInPlace(shuffled, seededRandom(this.ctx.config.sequence.seed));
    const slow = (file: TestSpecification) => /[/\\]test[/\\]e2e[/\\]/.test(file.moduleId);
    return [...shuffled.filter(slow), ...shuffled.filter((file) => !slow(file))];
  }
}
