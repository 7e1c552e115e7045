import { describe, expect, it } from 'vitest';
import { createLocalAnalyzer } from '../../../shared/analysis/local-analyzer.js';
import { type Analysis, PII_TYPES, URGENCY_LEVELS } from '../../../shared/analysis/types.js';
import defaultJson from '../../../shared/triage/rules.default.json' with { type: 'json' };
import { defaultTriageRules, parseTriageRules } from '../../../shared/triage/rules.js';

// One analyzer per file: kuromoji loads once per worker.
const analyzer = createLocalAnalyzer();

const LABELS = ['positive', 'negative', 'neutral', 'mixed'];

/** Everything the Analysis type promises, checked on one result against its text. */
const expectWellFormed = (a: Analysis, text: string) => {
  expect(typeof a.language.code).toBe('string');
  expect(a.language.confidence).toBeGreaterThanOrEqual(0);
  expect(a.language.confidence).toBeLessThanOrEqual(1);
  expect(LABELS).toContain(a.sentiment.label);
  expect(Math.abs(a.sentiment.score)).toBeLessThanOrEqual(1);
  expect(a.sentiment.confidence).toBeGreaterThanOrEqual(0);
  expect(a.sentiment.confidence).toBeLessThanOrEqual(1);
  for (const s of a.sentiment.sentences) {
    expect(s.span.start).toBeGreaterThanOrEqual(0);
    expect(s.span.end).toBeLessThanOrEqual(text.length);
    expect(LABELS).toContain(s.label);
  }
  expect(Array.isArray(a.keyPhrases)).toBe(true);
  for (const topic of a.topics) for (const e of topic.evidence) expect(e.end).toBeLessThanOrEqual(text.length);
  expect(URGENCY_LEVELS).toContain(a.urgency.level);
  expect(a.urgency.score).toBeGreaterThanOrEqual(0);
  expect(a.urgency.score).toBeLessThanOrEqual(100);
  expect(a.urgency.reasons.length).toBeGreaterThan(0);
  for (const r of a.urgency.reasons) if (r.evidence) expect(r.evidence.end).toBeLessThanOrEqual(text.length);
  for (const type of Object.keys(a.pii)) expect(PII_TYPES).toContain(type);
  expect(a.analyzer).toEqual({ name: 'koe-local', version: analyzer.version });
  // The result must survive the trip to DynamoDB and the CLI.
  expect(() => JSON.stringify(a)).not.toThrow();
};

describe('local analyzer', () => {
  it('names itself koe-local with a version that carries the rules', () => {
    // Prepare
    const changed = JSON.parse(JSON.stringify(defaultJson));
    changed.rules[0].weight = 0.5;
    // Act
    const other = createLocalAnalyzer({ rules: parseTriageRules(changed) });
    const same = createLocalAnalyzer({ rules: defaultTriageRules() });
    // Assess
    expect(analyzer.name).toBe('koe-local');
    expect(analyzer.version).toMatch(/^\d+\.\d+\.\d+\+/);
    expect(same.version).toBe(analyzer.version);
    expect(other.version).not.toBe(analyzer.version);
  });

  it('analyzes English end to end: sentiment, urgency with evidence', async () => {
    // Prepare
    const text = 'My flight was cancelled and you charged me twice. I want my money back today!';
    // Act
    const [a] = await analyzer.analyze([{ text }]);
    // Assess
    expectWellFormed(a!, text);
    expect(a!.language.code).toBe('en');
    expect(a!.sentiment.label).toBe('negative');
    expect(a!.urgency.level).toBe('high');
    const billing = a!.urgency.reasons.find((r) => r.code === 'billing_error');
    expect(billing?.evidence && text.slice(billing.evidence.start, billing.evidence.end)).toBe('charged me twice');
  });

  it('analyzes Japanese end to end with the tokenizer built once', async () => {
    // Prepare
    const texts = ['部屋が広くてとても快適でした。', '食事の後に食中毒になりました。至急連絡ください。'];
    // Act
    const results = await analyzer.analyze(texts.map((text) => ({ text })));
    // Assess
    for (const [i, a] of results.entries()) expectWellFormed(a, texts[i]!);
    expect(results.map((a) => a.language.code)).toEqual(['ja', 'ja']);
    expect(results[0]!.sentiment.label).toBe('positive');
    expect(results[0]!.urgency.level).toBe('low');
    expect(results[1]!.urgency.level).toBe('critical');
    expect(results[1]!.urgency.reasons[0]?.code).toBe('safety_risk');
  });

  it("shows a Japanese reason's evidence as a whole phrase, with its endings, and a noun as it is", async () => {
    // Prepare
    const texts = ['店員に怒鳴られました。', '対応がひどすぎる。二度と使わない。', '請求が二重になっています。'];
    // Act
    const results = await analyzer.analyze(texts.map((text) => ({ text })));
    // Assess
    const evidence = results.map((a, i) =>
      a.urgency.reasons.flatMap((r) => (r.evidence ? [texts[i]!.slice(r.evidence.start, r.evidence.end)] : [])),
    );
    expect(evidence[0]).toContain('怒鳴られました');
    expect(evidence[1]).toContain('ひどすぎる');
    expect(evidence[1]).toContain('二度と');
    expect(evidence[2]).toContain('二重');
  });

  it('marks other languages neutral with low confidence instead of guessing', async () => {
    // Prepare
    const texts = [
      'Das Essen war furchtbar und das Personal sehr unfreundlich.',
      '음식이 정말 맛없었고 직원도 불친절했어요',
    ];
    // Act
    const results = await analyzer.analyze(texts.map((text) => ({ text })));
    // Assess
    for (const [i, a] of results.entries()) {
      expectWellFormed(a, texts[i]!);
      expect(['en', 'ja']).not.toContain(a.language.code);
      expect(a.sentiment).toMatchObject({ label: 'neutral', score: 0 });
      expect(a.sentiment.confidence).toBeLessThanOrEqual(0.2);
    }
  });

  it('counts personal data that slipped past ingest, and keeps results in input order', async () => {
    // Prepare
    const inputs = [
      { text: 'Write to jane.doe@example.com please' },
      { text: 'Great service, thanks' },
      { text: 'I will sue you' },
    ];
    // Act
    const results = await analyzer.analyze(inputs);
    // Assess
    expect(results).toHaveLength(3);
    expect(results[0]!.pii.EMAIL).toBe(1);
    expect(results[1]!.urgency.level).toBe('low');
    expect(results[2]!.urgency.level).toBe('critical');
  });

  it('skips its own redaction only when told the caller redacted (koe analyze), analysing the same text the same way', async () => {
    // Prepare
    const trusting = createLocalAnalyzer({ inputsRedacted: true });
    const redacted = 'You charged me twice, mail me at [EMAIL] or call [PHONE]';
    // Act
    const [own] = await analyzer.analyze([{ text: 'You charged me twice, mail me at jane@example.com' }]);
    const [again, raw] = await trusting.analyze([{ text: redacted }, { text: 'mail me at jane@example.com' }]);
    const [ownOfRedacted] = await analyzer.analyze([{ text: redacted }]);
    // Assess
    expect(own!.pii).toEqual({ EMAIL: 1 });
    expect(raw!.pii).toEqual({});
    expect(again).toEqual(ownOfRedacted);
  });

  it('passes ratings and customer tier on to triage', async () => {
    // Act
    const [plain, rated] = await analyzer.analyze([
      { text: 'The app is slow' },
      { text: 'The app is slow', ratings: { nps: 0 }, customer: { tier: 'enterprise' } },
    ]);
    // Assess
    expect(rated!.urgency.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['very_low_rating', 'priority_customer']),
    );
    expect(rated!.urgency.score).toBeGreaterThan(plain!.urgency.score);
  });

  const lone = `bad \uD800 pair \uDC00 here. ${'\uD83D'}`;
  it.each<[string, string]>([
    ['empty', ''],
    ['whitespace only', ' \n\t  \r\n  '],
    [
      '100,000 characters of English',
      'The delivery was late again and nobody answered. '.repeat(2041).slice(0, 100_000),
    ],
    [
      '100,000 characters of Japanese',
      '配送が遅れて、問い合わせにも返事がありませんでした。'.repeat(4000).slice(0, 100_000),
    ],
    ['emoji only', '😡😡😡🔥👍🏽👨‍👩‍👧'],
    ['HTML', '<p>The <b>refund</b> never <a href="x">arrived</a></p><script>alert(1)</script>&amp;&nbsp;'],
    ['control characters', 'bad\u0000text\u0007with\u001bcontrol\u2028chars\u0085\uFEFF'],
    ['mixed Japanese and English', 'Appのログインができない。Please fix ASAP! 何度も問い合わせています'],
    ['lone surrogates', lone],
    ['a single letter', 'a'],
    ['numbers and symbols', '12345 !!! ??? ... ---'],
  ])('never throws and stays well formed on %s', async (_name, text) => {
    // Act
    const [a] = await analyzer.analyze([{ text }]);
    // Assess
    expectWellFormed(a!, text);
  });

  it('survives inputs that break the type (missing or non-string text)', async () => {
    // Prepare
    const inputs = [{} as never, { text: 42 } as never, { text: null } as never];
    // Act
    const results = await analyzer.analyze(inputs);
    // Assess
    expect(results).toHaveLength(3);
    for (const a of results) {
      expectWellFormed(a, '');
      expect(a.sentiment.confidence).toBeLessThanOrEqual(0.2);
    }
  });

  it('gives empty and symbol-only text low confidence', async () => {
    // Act
    const results = await analyzer.analyze([{ text: '' }, { text: '😀😀' }, { text: '   ' }]);
    // Assess
    for (const a of results) {
      expect(a.sentiment.label).toBe('neutral');
      expect(a.sentiment.confidence).toBeLessThanOrEqual(0.2);
      expect(a.urgency.level).toBe('low');
    }
  });
});
