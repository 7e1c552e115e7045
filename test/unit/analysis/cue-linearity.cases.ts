import { matchTopicCues } from '../../../shared/analysis/topics/detect-topics.js';
import { defaultTaxonomy } from '../../../shared/analysis/topics/taxonomy.js';
import { assessUrgency } from '../../../shared/triage/assess-urgency.js';
import { defaultTriageRules } from '../../../shared/triage/rules.js';
import { cpuCost, type RatioCase, repeat } from '../../support/cpu-ratio.js';

// Measured by test/unit/analysis/cue-linearity.test.ts in a process of its own (test/support/cpu-ratio.ts).

/** Linear work gives 8 for 8× the text; the quadratic engine before the fix measured 36-52. */
export const BOUND = 28;

const rules = defaultTriageRules();
export const TARGETS: Record<string, (text: string) => unknown> = {
  'topic cues': (text) => matchTopicCues(text, defaultTaxonomy),
  'triage cues': (text) =>
    assessUrgency(
      {
        text,
        language: 'en',
        sentiment: { label: 'negative', score: -0.5, confidence: 0.8, sentences: [] },
        topics: [],
      },
      rules,
    ),
};

export const INPUTS: Record<string, (length: number) => string> = {
  'a Japanese complaint repeated, no full stop': (n) => repeat('配送が遅い', n),
  'a Japanese critical sentence repeated': (n) => repeat('薬が違う。', n),
  'an English critical sentence repeated': (n) => repeat('A screw in the soup. ', n),
  'English cue words repeated': (n) => repeat('refund not cancel urgent ', n),
};

export const ratioCases: RatioCase[] = Object.entries(TARGETS).flatMap(([target, fn]) =>
  Object.entries(INPUTS).map(([input, make]) => ({
    name: `${target} / ${input}`,
    bound: BOUND,
    measure: () => {
      // Warm up, then grow n until its cost is well above the timer's and the scheduler's noise. A major
      // garbage collection inside one run inflates a ratio, never deflates it; quadratic work gives ≥ 36
      // every time, so the lowest of three ratios (lowestRatio) is the honest one. n may grow to 640,000
      // characters: a faster engine had stopped at the former cap of 40,000 with ~1 ms of work, where the
      // ratio to 320,000 characters measured the caches (the token objects outgrow them near 160,000
      // characters: 30 → 100 ns a character in the old engine and the new alike), not the matching — 20-30
      // for English, against 8.5-18 once n is past that size as well.
      fn(make(1000));
      let n = 10_000;
      while (n < 640_000 && cpuCost(fn, make(n), 3) < 8_000) n *= 2;
      return cpuCost(fn, make(8 * n)) / cpuCost(fn, make(n));
    },
  })),
);
