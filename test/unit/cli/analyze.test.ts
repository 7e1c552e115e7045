import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import defaultJson from '../../../shared/triage/rules.default.json' with { type: 'json' };
import { type AnalyzeRun, analyzeInProcess, spawnAnalyze } from '../../support/analyze-cli.js';

/** Runs `node cli/bin.js analyze …` as a user would: the one test of the real binary and its pipes. */
const spawnKoe = (args: string[], input: string): Promise<AnalyzeRun> => spawnAnalyze(args, input);

// A models folder without models: the committed ones are used, whatever `koe train` left in .koe/.
let modelDir: string;
beforeAll(async () => {
  modelDir = await mkdtemp(join(tmpdir(), 'koe-cli-models-'));
});

/** Runs `koe analyze …` in this process, its stdin fed in `input`'s pieces (each a separate chunk). */
const koe = (args: string[], input: string | string[] = ''): Promise<AnalyzeRun> =>
  analyzeInProcess(
    args,
    (Array.isArray(input) ? input : [input]).map((piece) => Buffer.from(piece)),
    modelDir,
  );

// biome-ignore lint/suspicious/noExplicitAny: output lines are checked field by field, as a consumer would.
type Line = Record<string, any>;

const lines = (out: string): Line[] =>
  out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);

describe('koe analyze (CLI contract)', () => {
  it('writes one line per input line, in order, with the contract fields and redacted text', async () => {
    // Prepare
    const input = [
      { id: 'a1', text: 'You charged me twice, mail me at jane@example.com', customer: { tier: 'vip' } },
      { id: 2, text: '部屋がとても綺麗で快適でした', language: 'ja' },
      { id: 'a3', text: 'The rep threatened me on the phone', ratings: { nps: 0 } },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n');
    // Act: the real binary, through its pipes
    const run = await spawnKoe([], `${input}\n`);
    // Assess
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out.map((o) => o.id)).toEqual(['a1', 2, 'a3']);
    for (const o of out) {
      expect(typeof o.language).toBe('string');
      expect(typeof o.sentiment.label).toBe('string');
      expect(typeof o.sentiment.score).toBe('number');
      expect(typeof o.urgency.level).toBe('string');
      expect(typeof o.urgency.score).toBe('number');
      expect(Array.isArray(o.urgency.reasons)).toBe(true);
      expect(Array.isArray(o.keyPhrases)).toBe(true);
      expect(Array.isArray(o.topics)).toBe(true);
      expect(typeof o.text).toBe('string');
    }
    expect(out[0]!.text).toBe('You charged me twice, mail me at [EMAIL]');
    expect(out[0]!.pii).toEqual({ EMAIL: 1 });
    expect(out[0]!.urgency.level).toBe('high');
    expect(out[1]).toMatchObject({ language: 'ja', sentiment: { label: 'positive' }, urgency: { level: 'low' } });
    expect(out[2]!.urgency.level).toBe('critical');
    expect(run.stdout).not.toContain('jane@example.com');
  });

  it('puts an error line in the place of each bad line and carries on', async () => {
    // Prepare
    const input = [
      '{"id":"ok1","text":"fine, thanks"}',
      'this is not json',
      '{"id":"no-text"}',
      '',
      '[1,2]',
      '{"id":"num","text":5}',
      '{"id":"ok2","text":"the app crashes"}\r',
    ].join('\n');
    // Act
    const run = await koe([], input);
    // Assess
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out).toHaveLength(7);
    expect(out[0]!.id).toBe('ok1');
    expect(out[1]).toEqual({ line: 2, error: 'not valid JSON' });
    expect(out[2]).toEqual({ id: 'no-text', line: 3, error: 'missing text' });
    expect(out[3]).toEqual({ line: 4, error: 'empty line' });
    expect(out[4]).toMatchObject({ line: 5, error: expect.stringContaining('object') });
    expect(out[5]).toMatchObject({ id: 'num', line: 6, error: expect.stringContaining('text') });
    expect(out[6]).toMatchObject({ id: 'ok2', language: 'en' });
    expect(run.stderr).toContain('line 2: not valid JSON');
    expect(run.stderr).toContain('line 3: missing text');
  });

  it('streams many lines split at arbitrary points, keeping their order', async () => {
    // Prepare
    const all = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({
        id: i,
        text: i % 3 === 0 ? `Order ${i} never arrived` : i % 3 === 1 ? `注文${i}が届きません` : `Thanks ${i}!`,
      }),
    ).join('\n');
    // Cut in the middle of lines and of multi-byte characters' strings.
    const pieces = [all.slice(0, 101), all.slice(101, 70_000), all.slice(70_000, 70_003), all.slice(70_003)];
    // Act
    const run = await koe(['--batch-size', '50'], pieces);
    // Assess
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out.map((o) => o.id)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(out.every((o) => o.error === undefined)).toBe(true);
    expect(out[1]!.language).toBe('ja');
  });

  it('uses a rules file given with --rules and reports a bad one with its path', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'koe-cli-'));
    const custom = JSON.parse(JSON.stringify(defaultJson));
    custom.rules.find((r: { code: string }) => r.code === 'legal_threat').cues.en.push('solicitor');
    const good = join(dir, 'rules.json');
    const bad = join(dir, 'bad.json');
    await writeFile(good, JSON.stringify(custom));
    await writeFile(bad, JSON.stringify({ ...custom, bands: { ...custom.bands, low: { min: 0, max: 95 } } }));
    const input = '{"id":1,"text":"My solicitor will be in touch"}\n';
    // Act
    const withRules = await koe(['--rules', good], input);
    const withBad = await koe(['--rules', bad], input);
    // Assess
    expect(lines(withRules.stdout)[0]!.urgency.level).toBe('critical');
    expect(withBad.code).toBe(1);
    expect(withBad.stderr).toContain('bad.json');
    expect(withBad.stderr).toContain('bands.normal.min');
  });

  it('prints help, and rejects unknown options with usage', async () => {
    // Act
    const help = await koe(['--help']);
    const wrong = await koe(['--frobnicate']);
    // Assess
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: koe analyze');
    expect(help.stdout).toContain('JSON Lines');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^koe analyze: Unknown option '--frobnicate'/);
    expect(wrong.stderr).toContain('usage: koe analyze');
  });

  it('handles empty input with no output', async () => {
    // Act
    const run = await koe([], '');
    // Assess
    expect(run).toMatchObject({ code: 0, stdout: '' });
  });
});
