import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/** The CPU-ratio tests: each needs a process of its own, since a heap other files filled makes GC the work. */
const RATIOS = ['test/unit/analysis/cue-linearity.test.ts', 'test/unit/analysis/pii-linearity.test.ts'];

// Files and the tests within each file run in a random order (the seed is printed; `--sequence.seed=N`
// repeats a run), so no test may lean on another, and each file passes alone.
const sequence = { shuffle: { files: true, tests: true } };

const common = {
  globalSetup: ['test/support/global-setup.ts'],
  pool: 'forks' as const,
  testTimeout: 30_000,
  hookTimeout: 60_000,
  sequence,
  env: {
    POWERTOOLS_LOG_LEVEL: 'WARN',
    POWERTOOLS_METRICS_DISABLED: 'true',
    // The SDK warns once per worker that Node 20 support ends in 2027; Lambda runs Node 22.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  },
};

export default defineConfig({
  test: {
    // Many files wait on child processes (local stacks, Chromium): one worker more than the cores keeps
    // the CPUs busy (on 2 cores: 140 s instead of 210 s for the whole suite).
    maxWorkers: Math.max(3, availableParallelism()),
    reporters: ['default'],
    sequence,
    projects: [
      {
        test: {
          ...common,
          name: 'koe',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...RATIOS],
          // A worker keeps its module cache from one file to the next instead of importing the analyzer,
          // the local stack and the SDK again for each file: the suite's CPU time falls by about a third
          // (481 → 312 CPU-s on a loaded machine). Files share no state through it: none mocks a module,
          // and the few that stub the environment, the timers or stdout restore them after each test.
          // Every file still passes alone (`npx vitest run FILE`).
          isolate: false,
        },
      },
      // The CPU-ratio tests collect garbage before each measured run (test/support/cpu-ratio.ts).
      { test: { ...common, name: 'ratios', include: RATIOS, isolate: true, execArgv: ['--expose-gc'] } },
    ],
  },
});
