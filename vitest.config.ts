import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { ShuffledSlowFirst } from './test/support/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // One worker per core. A third worker on 2 cores (to fill the waits on local stacks and Chromium) cost
    // more than it gave: every worker imports the SDK, the analyzer and CDK once (import 20 s → 55 s, the
    // suite's CPU 260 → 300 s), and the runs were slower (167-214 s against 173-174 s).
    maxWorkers: availableParallelism(),
    // A worker keeps its module cache from one file to the next instead of importing the analyzer, the local
    // stack and the SDK again for each file: the suite's CPU time falls by about a third (481 → 312 CPU-s on a
    // loaded machine). Files share no state through it: none mocks a module, and the few that stub the
    // environment, the timers or stdout restore them after each test. Every file still passes alone
    // (`npx vitest run FILE`). One project, so a worker is never torn down for another project's file (each new
    // worker imports everything again); the CPU-ratio files measure in processes of their own instead
    // (test/support/cpu-ratio.ts).
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Files and the tests within each file run in a random order (the seed is printed; `--sequence.seed=N`
    // repeats a run), so no test may lean on another, and each file passes alone. The end-to-end files start
    // first (test/support/sequencer.ts).
    sequence: { sequencer: ShuffledSlowFirst, shuffle: true },
    reporters: ['default'],
    env: {
      POWERTOOLS_LOG_LEVEL: 'WARN',
      POWERTOOLS_METRICS_DISABLED: 'true',
      // The SDK warns once per worker that Node 20 support ends in 2027; Lambda runs Node 22.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
