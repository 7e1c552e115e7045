import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors.js';
import defaultJson from '../../../shared/triage/rules.default.json' with { type: 'json' };
import { defaultTriageRules, loadTriageRules, parseTriageRules } from '../../../shared/triage/rules.js';

/** A deep copy of the default rules file to break in one place. */
// biome-ignore lint/suspicious/noExplicitAny: tests reach into the JSON to break it in arbitrary places.
const copy = (): Record<string, any> => JSON.parse(JSON.stringify(defaultJson));

const issuesOf = (json: unknown): string[] => {
  try {
    parseTriageRules(json, 'my-rules.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('my-rules.json');
    return (error as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the rules to be rejected');
};

describe('triage rules file', () => {
  it('compiles the default rules with every level of the scale', () => {
    // Act
    const rules = defaultTriageRules();
    // Assess
    const levels = new Set(rules.rules.map((r) => r.level));
    expect([...levels].sort()).toEqual(['critical', 'high', 'low', 'normal']);
    for (const code of ['safety_risk', 'legal_threat', 'security_breach', 'fraud', 'outage', 'staff_abuse']) {
      expect(rules.byCode.get(code)?.level).toBe('critical');
    }
    for (const code of ['churn_threat', 'billing_error', 'repeat_contact', 'time_pressure', 'very_angry']) {
      expect(rules.byCode.get(code)?.level).toBe('high');
    }
    expect(rules.version).toMatch(/^2026\.\d+\.\d+\+[0-9a-f]{8}$/);
  });

  it('gives a version that changes when any rule changes', () => {
    // Prepare
    const changed = copy();
    changed.rules[0].weight = 0.11;
    // Act
    const a = parseTriageRules(copy());
    const b = parseTriageRules(changed);
    // Assess
    expect(a.version).toBe(defaultTriageRules().version);
    expect(b.version).not.toBe(a.version);
  });

  it('names the path of an unknown level', () => {
    // Prepare
    const bad = copy();
    bad.rules[2].level = 'urgent';
    // Act
    const issues = issuesOf(bad);
    // Assess
    expect(issues.some((i) => i.startsWith('rules[2].level:'))).toBe(true);
  });

  it('rejects a regular expression cue, asking for the words instead', () => {
    // Prepare
    const bad = copy();
    bad.rules[1].cues.en.push('/\\bsue\\b/');
    const index = bad.rules[1].cues.en.length - 1;
    bad.rules[0].cues.ja = ['/(発火)/'];
    // Act
    const issues = issuesOf(bad);
    // Assess
    expect(issues).toEqual([expect.stringMatching(/^rules\[0\]\.cues\.ja\[0\]: regular expressions are not cues/)]);
    bad.rules[0].cues.ja = ['発火'];
    expect(issuesOf(bad)).toEqual([
      expect.stringMatching(new RegExp(`^rules\\[1\\]\\.cues\\.en\\[${index}\\]: regular expressions are not cues`)),
    ]);
  });

  it('rejects English cues that could never match: short wildcard, a symbol, an optional first word', () => {
    // Prepare
    const bad = copy();
    // Act, Assess
    bad.rules[0].cues.en = ['ab*'];
    expect(issuesOf(bad)).toEqual([expect.stringMatching(/^rules\[0\]\.cues\.en\[0\]: a wildcard needs/)]);
    bad.rules[0].cues.en = ['fail!'];
    expect(issuesOf(bad)).toEqual([expect.stringMatching(/^rules\[0\]\.cues\.en\[0\]: 'fail!' is not a word/)]);
    bad.rules[0].cues.en = ['very? angry'];
    expect(issuesOf(bad)).toEqual([
      expect.stringMatching(/^rules\[0\]\.cues\.en\[0\]: the first word of a cue cannot be optional/),
    ]);
  });

  it('names a combination that refers to an unknown concept or rule', () => {
    // Prepare
    const bad = copy();
    bad.combinations.push({ code: 'safety_risk', all: ['FOOD', 'UNICORN'], label: 'x' });
    bad.combinations.push({ code: 'nope', all: ['FOOD', 'HARM'], label: 'y' });
    bad.combinations.push({ code: 'safety_risk', all: ['FOOD', 'HARM'], unless: ['DRAGON'], label: 'z' });
    const at = bad.combinations.length - 3;
    // Act
    const issues = issuesOf(bad);
    // Assess
    expect(issues).toEqual([
      `combinations[${at}].all[1]: no concept 'UNICORN'`,
      `combinations[${at + 2}].unless[0]: no concept 'DRAGON'`,
      `combinations[${at + 1}].code: no rule has code 'nope'`,
    ]);
  });

  it('reports duplicate codes, dangling references and overlapping bands together', () => {
    // Prepare
    const bad = copy();
    bad.rules[1].code = bad.rules[0].code;
    bad.sentiment.negative.code = 'grumble';
    bad.bands.high.min = 55;
    // Act
    const issues = issuesOf(bad);
    // Assess
    expect(issues).toContain(`rules[1].code: duplicate code '${bad.rules[0].code}'`);
    expect(issues).toContain("sentiment.negative.code: no rule has code 'grumble'");
    expect(issues.some((i) => i.startsWith('bands.normal.min') || i.startsWith('bands.high.min'))).toBe(true);
  });

  it('rejects a weight outside 0…1 and an unknown key', () => {
    // Prepare
    const bad = copy();
    bad.rules[3].weight = 3;
    bad.rules[4].colour = 'red';
    // Act
    const issues = issuesOf(bad);
    // Assess
    expect(issues.some((i) => i.startsWith('rules[3].weight:'))).toBe(true);
    expect(issues.some((i) => i.startsWith('rules[4]') && i.includes('colour'))).toBe(true);
  });

  it('loads a rules file from disk and names the file when it is not JSON', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'koe-rules-'));
    const good = join(dir, 'good.json');
    const broken = join(dir, 'broken.json');
    const custom = copy();
    custom.rules.find((r: { code: string }) => r.code === 'legal_threat').cues.en.push('solicitor');
    await writeFile(good, JSON.stringify(custom));
    await writeFile(broken, '{"version": ');
    // Act
    const rules = await loadTriageRules(good);
    const failure = loadTriageRules(broken);
    // Assess
    expect(rules.cues.find('I have instructed my solicitor').map((h) => rules.rules[h.group]?.code)).toContain(
      'legal_threat',
    );
    await expect(failure).rejects.toThrow(/broken\.json[\s\S]*not valid JSON/);
  });
});
