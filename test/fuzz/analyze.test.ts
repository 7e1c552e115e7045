import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeStream } from '../../cli/commands/analyze.js';
import { createLocalAnalyzer } from '../../shared/analysis/local-analyzer.js';
import { FULL, hostileBody, hostileString, NASTY_STRINGS, toJsonText } from './arbitraries.js';

// `koe analyze` through its module function (analyzeStream), not a process per case: whatever the input lines,
// exactly one JSON output line per input line, in order, an error line for a bad one, and no throw.
// Full: 5,000 runs of 1–4 lines each (≥ 10,000 lines, checked below); the suite runs 80.
const RUNS = FULL ? 5_000 : 80;
const analyzer = createLocalAnalyzer();

const run = async (input: string) => {
  const output = new PassThrough();
  const chunks: string[] = [];
  output.setEncoding('utf8').on('data', (c: string) => chunks.push(c));
  const bad = await analyzeStream(analyzer, Readable.from([input]), output, () => {}, 64);
  output.end();
  return { bad, lines: chunks.join('').split('\n').slice(0, -1) };
};

/** One input line: a comment with hostile text/fields, random JSON, or junk (never containing a newline). */
const line = () =>
  fc
    .oneof(
      {
        weight: 4,
        arbitrary: fc
          .record(
            {
              id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
              text: hostileString(),
              language: fc.oneof(fc.constantFrom('ja', 'en', 'xx', ''), hostileString()),
              ratings: fc.record({ nps: fc.oneof(fc.integer(), fc.double()) }, { requiredKeys: [] }),
              customer: fc.record({ tier: hostileString() }, { requiredKeys: [] }),
            },
            { requiredKeys: ['text'] },
          )
          .map((o) => JSON.stringify(o)),
      },
      { weight: 2, arbitrary: hostileBody().map((b) => b ?? '') },
      { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS).map((s) => toJsonText({ entries: [['text', s]] })) },
    )
    .map((l) => l.replace(/[\r\n]/g, ' '));

describe('koe analyze on hostile JSON Lines', () => {
  it('answers every line with exactly one JSON line, in order, and never throws', {
    timeout: FULL ? 1_800_000 : 120_000,
  }, async () => {
    let lines = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line(), { minLength: 1, maxLength: 4 }), async (input) => {
        lines += input.length;
        const { bad, lines: out } = await run(`${input.join('\n')}\n`);
        expect(out).toHaveLength(input.length);
        const parsed = out.map((l) => JSON.parse(l) as Record<string, unknown>);
        parsed.forEach((p, i) => {
          if ('error' in p) expect(p.line).toBe(i + 1);
          else {
            expect(typeof p.text).toBe('string');
            expect(['critical', 'high', 'normal', 'low']).toContain((p.urgency as { level: string }).level);
          }
        });
        expect(bad).toBe(parsed.filter((p) => 'error' in p).length);
      }),
      { numRuns: RUNS },
    );
    if (FULL) {
      console.log(`koe analyze fuzz: ${RUNS} runs, ${lines} generated lines`);
      expect(lines).toBeGreaterThanOrEqual(10_000);
    }
  });
});
