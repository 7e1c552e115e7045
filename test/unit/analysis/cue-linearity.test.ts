import { beforeAll, describe, expect, it } from 'vitest';
import { assessUrgency } from '../../../shared/triage/assess-urgency.js';
import { defaultTriageRules } from '../../../shared/triage/rules.js';
import { measureRatios, repeat } from '../../support/cpu-ratio.js';
import { BOUND, ratioCases } from './cue-linearity.cases.js';

// Issue 12 ("no freeze"): bench/regex-linearity.ts saw topic cues ×12.4 and triage cues ×15.0 for 4× the
// repeated Japanese text. Every hit was checked against every hit kept before it (and every sentence
// filtered every concept hit): quadratic in the hits, 3 s for 80,000 characters of 薬が違う。 Not a timing
// threshold: the *ratio* of the CPU work for n and 8n characters, n grown until the work is above the
// scheduler's noise. Linear work would give 8; this engine measures 8-19 (V8's heap grows with the text, and
// its cost jumps at some sizes: 4n against n was 9 at 40,000 characters and 5 at 80,000), where the quadratic
// engine before the fix measured 36-52 at the same sizes. The bound sits between the two. Measured in a
// process of its own (./cue-linearity.cases.ts).

const rules = defaultTriageRules();
let ratios: Record<string, number>;

beforeAll(async () => {
  ratios = await measureRatios(new URL('./cue-linearity.cases.ts', import.meta.url));
}, 240_000);

describe('cue engine, topics and triage: linear in the length of the text', () => {
  it.each(ratioCases.map((c) => c.name))(`%s: 8× the text costs < ${BOUND}× the work`, (name) => {
    expect(ratios[name]).toBeLessThan(BOUND);
  });

  it('a long text keeps one hit per group and overlapping span, and every combination', () => {
    // Prepare
    const text = repeat('薬が違う。', 5_000);
    // Act
    const result = assessUrgency(
      {
        text,
        language: 'ja',
        sentiment: { label: 'negative', score: -0.5, confidence: 0.8, sentences: [] },
        topics: [],
      },
      rules,
    );
    const hits = rules.cues.find(text);
    // Assess: the 1,000 sentences' hits all survive (none overlaps another of its group) and a reason is found.
    expect(hits.length).toBeGreaterThanOrEqual(1_000);
    expect(result.reasons.some((r) => r.level === 'critical')).toBe(true);
  });
});
