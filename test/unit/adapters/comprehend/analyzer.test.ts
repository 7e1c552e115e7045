import {
  BatchDetectDominantLanguageCommand,
  type BatchDetectDominantLanguageCommandInput,
  BatchDetectKeyPhrasesCommand,
  type BatchDetectKeyPhrasesCommandInput,
  BatchDetectSentimentCommand,
  type BatchDetectSentimentCommandInput,
  ComprehendClient,
  DetectPiiEntitiesCommand,
  type DetectPiiEntitiesCommandInput,
  InvalidRequestException,
  TooManyRequestsException,
} from '@aws-sdk/client-comprehend';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ComprehendAnalyzer, type ComprehendAnalyzerOptions } from '../../../../shared/adapters/comprehend/analyzer.js';
import { utf8Bytes } from '../../../../shared/adapters/comprehend/chunks.js';
import { toComprehendLanguage, toKoeLanguage } from '../../../../shared/adapters/comprehend/languages.js';
import type { KoeRules } from '../../../../shared/adapters/comprehend/rules.js';
import { createAnalyzer } from '../../../../shared/adapters/create-analyzer.js';
import type { HybridAnalyzer } from '../../../../shared/analysis/hybrid-analyzer.js';
import type { Analysis, AnalysisInput, Analyzer } from '../../../../shared/analysis/types.js';
import { DependencyError } from '../../../../shared/errors.js';

// Stand-ins for Koe's topic and triage rules: simple enough to see what they were given.
const rules: KoeRules = {
  version: 'test-1',
  topics: (text, { sentences }) =>
    /delivery|配送/i.test(text)
      ? [
          {
            topic: 'delivery',
            sentiment: { label: sentences[0]?.label ?? 'neutral', score: sentences[0]?.score ?? 0 },
            evidence: [],
          },
        ]
      : [],
  urgency: (_input, { sentiment }) => ({
    level: sentiment.label === 'negative' ? 'normal' : 'low',
    score: sentiment.label === 'negative' ? 50 : 10,
    reasons: [],
  }),
};

const comprehend = mockClient(ComprehendClient);
const delays: number[] = [];
const options = (extra: Partial<ComprehendAnalyzerOptions> = {}): ComprehendAnalyzerOptions => ({
  rules,
  retry: { maxAttempts: 4, baseDelayMs: 8, maxDelayMs: 50 },
  sleep: async (ms) => {
    delays.push(ms);
  },
  random: () => 0.5,
  ...extra,
});

const throttled = () => new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });
const throttling = () =>
  Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });

// Real-shaped responses: ResultList entries carry the Index of their document in TextList.
const languageOf = (text: string) => (/[\u3040-\u30ff\u4e00-\u9fff]/.test(text) ? 'ja' : 'en');
const answerLanguages = (input: BatchDetectDominantLanguageCommandInput) => ({
  ResultList: (input.TextList ?? []).map((t, Index) => ({
    Index,
    Languages: [{ LanguageCode: languageOf(t), Score: 0.99 }],
  })),
  ErrorList: [],
});
const sentimentOf = (text: string) =>
  /late|never|遅/.test(text)
    ? { Sentiment: 'NEGATIVE' as const, SentimentScore: { Positive: 0.02, Negative: 0.9, Neutral: 0.06, Mixed: 0.02 } }
    : { Sentiment: 'POSITIVE' as const, SentimentScore: { Positive: 0.8, Negative: 0.05, Neutral: 0.1, Mixed: 0.05 } };
const answerSentiments = (input: BatchDetectSentimentCommandInput) => ({
  ResultList: (input.TextList ?? []).map((t, Index) => ({ Index, ...sentimentOf(t) })),
  ErrorList: [],
});
const answerPhrases = (input: BatchDetectKeyPhrasesCommandInput) => ({
  ResultList: (input.TextList ?? []).map((t, Index) => ({
    Index,
    KeyPhrases: t.includes('delivery') ? [{ Text: 'The delivery', Score: 0.99, BeginOffset: 0, EndOffset: 12 }] : [],
  })),
  ErrorList: [],
});

const calls = <T>(command: new (input: T) => unknown) =>
  comprehend.commandCalls(command as never).map((c) => c.args[0].input as T);

beforeEach(() => {
  comprehend.reset();
  delays.length = 0;
  comprehend.on(BatchDetectDominantLanguageCommand).callsFake(answerLanguages);
  comprehend.on(BatchDetectSentimentCommand).callsFake(answerSentiments);
  comprehend.on(BatchDetectKeyPhrasesCommand).callsFake(answerPhrases);
  comprehend.on(DetectPiiEntitiesCommand).resolves({ Entities: [] });
});
afterEach(() => comprehend.reset());

describe('ComprehendAnalyzer requests', () => {
  it('sends 30 comments as batches of 25 and 5, with the language code and the texts in order', async () => {
    // Prepare
    const inputs = Array.from({ length: 30 }, (_, i) => ({ text: `Comment ${i}: the delivery was late again.` }));
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), options({ pii: { enabled: false } }));

    // Act
    const results = await analyzer.analyze(inputs);

    // Assess
    const languageCalls = calls<BatchDetectDominantLanguageCommandInput>(BatchDetectDominantLanguageCommand);
    const sentimentCalls = calls<BatchDetectSentimentCommandInput>(BatchDetectSentimentCommand);
    const phraseCalls = calls<BatchDetectKeyPhrasesCommandInput>(BatchDetectKeyPhrasesCommand);
    expect(languageCalls.map((c) => c.TextList?.length)).toEqual([25, 5]);
    expect(sentimentCalls.map((c) => [c.LanguageCode, c.TextList?.length])).toEqual([
      ['en', 25],
      ['en', 5],
    ]);
    expect(phraseCalls.map((c) => c.LanguageCode)).toEqual(['en', 'en']);
    expect(sentimentCalls.flatMap((c) => c.TextList)).toEqual(inputs.map((i) => i.text));
    expect(results).toHaveLength(30);
    expect(results[29]?.analyzer).toEqual({ name: 'comprehend', version: 'comprehend-2017-11-27+koe-rules-test-1' });
  });

  it('sends nothing for empty or whitespace-only text and answers neutral with no confidence', async () => {
    // Prepare
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), options());

    // Act
    const [empty, blank] = await analyzer.analyze([{ text: '' }, { text: ' \n\t ' }]);

    // Assess
    expect(comprehend.calls()).toHaveLength(0);
    expect(empty?.language).toEqual({ code: 'und', confidence: 0 });
    expect(blank?.sentiment).toMatchObject({ label: 'neutral', score: 0, confidence: 0, sentences: [] });
  });
});

describe('ComprehendAnalyzer response mapping', () => {
  it('maps SentimentScore to a score of P(positive) − P(negative) and the label probability as confidence', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).resolves({
      ResultList: [
        {
          Index: 1,
          Sentiment: 'MIXED',
          SentimentScore: { Positive: 0.3, Negative: 0.25, Neutral: 0.05, Mixed: 0.4 },
        },
        {
          Index: 0,
          Sentiment: 'NEGATIVE',
          SentimentScore: { Positive: 0.01, Negative: 0.97, Neutral: 0.01, Mixed: 0.01 },
        },
      ],
      ErrorList: [],
    });
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), options());

    // Act
    const [negative, mixed] = await analyzer.analyze([
      { text: 'My delivery never arrived.' },
      { text: 'Great staff but the app crashes.' },
    ]);

    // Assess
    expect(negative?.sentiment).toMatchObject({ label: 'negative', score: -0.96, confidence: 0.97 });
    expect(negative?.sentiment.sentences).toEqual([{ span: { start: 0, end: 26 }, label: 'negative', score: -0.96 }]);
    expect(negative?.topics).toEqual([
      { topic: 'delivery', sentiment: { label: 'negative', score: -0.96 }, evidence: [] },
    ]);
    expect(negative?.urgency.level).toBe('normal');
    expect(negative?.keyPhrases).toEqual(['delivery']);
    expect(mixed?.sentiment).toMatchObject({ label: 'mixed', score: 0.05, confidence: 0.4 });
  });

  it('sends a document in the ErrorList with a transient code again, alone, and uses the second answer', async () => {
    // Prepare
    comprehend
      .on(BatchDetectSentimentCommand)
      .resolvesOnce({
        ResultList: [{ Index: 0, ...sentimentOf('fine') }],
        ErrorList: [{ Index: 1, ErrorCode: 'INTERNAL_SERVER_ERROR', ErrorMessage: 'Internal server error' }],
      })
      .callsFake(answerSentiments);
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), options());

    // Act
    const results = await analyzer.analyze([{ text: 'All fine, thanks.' }, { text: 'It came late.' }]);

    // Assess
    const sentimentCalls = calls<BatchDetectSentimentCommandInput>(BatchDetectSentimentCommand);
    expect(sentimentCalls.map((c) => c.TextList)).toEqual([['All fine, thanks.', 'It came late.'], ['It came late.']]);
    expect(results.map((r) => r.sentiment.label)).toEqual(['positive', 'negative']);
  });

  it('gives a document Comprehend rejects for good a neutral, low-confidence stand-in marked incomplete', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).resolves({
      ResultList: [{ Index: 0, ...sentimentOf('fine') }],
      ErrorList: [{ Index: 1, ErrorCode: 'INVALID_REQUEST', ErrorMessage: 'Invalid document' }],
    });
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), options());

    // Act
    const settled = await analyzer.analyzeSettled([{ text: 'All fine, thanks.' }, { text: 'Odd document.' }]);

    // Assess
    expect(comprehend.commandCalls(BatchDetectSentimentCommand)).toHaveLength(1);
    expect(settled.map((s) => s.complete)).toEqual([true, false]);
    expect(settled[1]?.analysis.sentiment).toMatchObject({ label: 'neutral', score: 0, confidence: 0.1 });
  });

  it('splits a batch refused with InvalidRequestException into single documents to keep the good ones', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).callsFake((input: BatchDetectSentimentCommandInput) => {
      if ((input.TextList ?? []).some((t) => t.includes('\u0000')))
        throw new InvalidRequestException({ message: 'bad document', $metadata: { httpStatusCode: 400 } });
      return answerSentiments(input);
    });
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), options());

    // Act
    const settled = await analyzer.analyzeSettled([{ text: 'It came late.' }, { text: 'Bad \u0000 text here.' }]);

    // Assess
    expect(calls<BatchDetectSentimentCommandInput>(BatchDetectSentimentCommand).map((c) => c.TextList?.length)).toEqual(
      [2, 1, 1],
    );
    expect(settled[0]).toMatchObject({ complete: true, analysis: { sentiment: { label: 'negative' } } });
    expect(settled[1]).toMatchObject({ complete: false, analysis: { sentiment: { confidence: 0.1 } } });
  });
});

describe('ComprehendAnalyzer size limits', () => {
  it('splits a 12,000-byte Japanese comment by sentence into chunks under 5,000 bytes and weights them by length', async () => {
    // Prepare: 316 sentences, 12,024 bytes: 3,600 bytes of complaint, then 8,424 of praise.
    const late = '配送が遅れて困りました。'; // 12 characters
    const good = 'スタッフはとても親切です。'; // 13 characters
    const text = late.repeat(100) + good.repeat(216);
    expect(utf8Bytes(text)).toBe(12_024);
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), options());

    // Act
    const [result] = await analyzer.analyze([{ text }]);

    // Assess
    const [sentimentCall] = calls<BatchDetectSentimentCommandInput>(BatchDetectSentimentCommand);
    const chunks = sentimentCall?.TextList ?? [];
    expect(sentimentCall?.LanguageCode).toBe('ja');
    expect(chunks).toHaveLength(3);
    for (const chunk of chunks) expect(utf8Bytes(chunk)).toBeLessThanOrEqual(4_800);
    expect(chunks.join('')).toBe(text);
    for (const chunk of chunks) expect(chunk.endsWith('。')).toBe(true);
    // Language is detected on the first chunk only.
    expect(calls<BatchDetectDominantLanguageCommandInput>(BatchDetectDominantLanguageCommand)[0]?.TextList).toEqual([
      chunks[0],
    ]);
    expect(result?.language).toEqual({ code: 'ja', confidence: 0.99 });
    // The first chunk reads negative, the other two positive: weighted by length, and mixed overall.
    const weights = chunks.map((c) => c.length);
    const polarity = chunks.map((c) => (c.includes('遅') ? 0.02 - 0.9 : 0.8 - 0.05));
    const expected = weights.reduce((sum, w, i) => sum + w * polarity[i]!, 0) / text.length;
    expect(result?.sentiment.score).toBeCloseTo(expected, 2);
    expect(result?.sentiment.label).toBe('mixed');
    expect(result?.sentiment.sentences).toHaveLength(316);
    expect(result?.sentiment.sentences[0]).toMatchObject({ label: 'negative' });
    expect(result?.sentiment.sentences[315]).toMatchObject({ label: 'positive' });
    // Japanese has no Comprehend PII model.
    expect(comprehend.commandCalls(DetectPiiEntitiesCommand)).toHaveLength(0);
  });

  it('in per-sentence mode sends each sentence of a multi-sentence comment as its own document', async () => {
    // Prepare
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), options({ sentenceSentiment: 'sentence' }));

    // Act
    const [result] = await analyzer.analyze([{ text: 'The staff were lovely. But the delivery was late.' }]);

    // Assess
    expect(calls<BatchDetectSentimentCommandInput>(BatchDetectSentimentCommand)[0]?.TextList).toEqual([
      'The staff were lovely.',
      'But the delivery was late.',
    ]);
    expect(result?.sentiment.sentences.map((s) => s.label)).toEqual(['positive', 'negative']);
    expect(result?.sentiment.label).toBe('mixed');
  });
});

describe('ComprehendAnalyzer on odd input', () => {
  it('keeps every request within limits and returns a well-formed result for hostile text', async () => {
    // Prepare
    const inputs = [
      'x'.repeat(100_000), // no sentence end at all: cut at the byte limit
      '😀'.repeat(3_000), // 4-byte characters only
      'lone \ud800 surrogate and <b>html</b>\u0007',
      '配送が遅い。 but the delivery was late! 返金して',
    ].map((text) => ({ text }));
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), options());

    // Act
    const results = await analyzer.analyze(inputs);

    // Assess
    const sent = calls<BatchDetectSentimentCommandInput>(BatchDetectSentimentCommand).flatMap((c) => c.TextList ?? []);
    for (const text of sent) expect(utf8Bytes(text)).toBeLessThanOrEqual(4_800);
    expect(sent.filter((t) => t.startsWith('x')).join('')).toBe('x'.repeat(100_000));
    expect(sent.filter((t) => t.startsWith('😀')).join('')).toBe('😀'.repeat(3_000));
    for (const r of results) {
      expect(r.sentiment.score).toBeGreaterThanOrEqual(-1);
      expect(r.sentiment.score).toBeLessThanOrEqual(1);
      expect(['positive', 'negative', 'neutral', 'mixed']).toContain(r.sentiment.label);
    }
  });
});

describe('ComprehendAnalyzer retries', () => {
  it('retries throttling with growing, jittered delays and then succeeds', async () => {
    // Prepare
    comprehend
      .on(BatchDetectSentimentCommand)
      .rejectsOnce(throttling())
      .rejectsOnce(throttled())
      .callsFake(answerSentiments);
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), options());

    // Act
    const [result] = await analyzer.analyze([{ text: 'It came late.' }]);

    // Assess
    expect(comprehend.commandCalls(BatchDetectSentimentCommand)).toHaveLength(3);
    expect(delays).toEqual([4, 8]); // random 0.5 × 8 ms, then × 16 ms
    expect(result?.sentiment.label).toBe('negative');
  });

  it('throws DependencyError once throttling outlasts the attempts', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).rejects(throttled());
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), options());

    // Act
    const outcome = analyzer.analyze([{ text: 'It came late.' }]);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(DependencyError);
    await expect(outcome).rejects.toMatchObject({
      dependency: 'Comprehend',
      cause: { name: 'TooManyRequestsException' },
    });
    expect(comprehend.commandCalls(BatchDetectSentimentCommand)).toHaveLength(4);
    expect(delays).toEqual([4, 8, 16]);
  });

  it('retries a 5xx and caps the delay', async () => {
    // Prepare
    const unavailable = Object.assign(new Error('Service Unavailable'), {
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    });
    comprehend.on(BatchDetectDominantLanguageCommand).rejects(unavailable);
    const analyzer = new ComprehendAnalyzer(
      new ComprehendClient({}),
      options({ retry: { maxAttempts: 6, baseDelayMs: 20, maxDelayMs: 50 }, random: () => 0.999 }),
    );

    // Act
    const outcome = analyzer.analyze([{ text: 'hello there' }]);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(DependencyError);
    expect(delays).toEqual([19, 39, 49, 49, 49]);
  });
});

describe('ComprehendAnalyzer languages', () => {
  it('maps Comprehend language tags to Koe codes and back', () => {
    expect(['en', 'ja', 'zh-TW', 'pt-BR', 'ceb', '', 'x1'].map(toKoeLanguage)).toEqual([
      'en',
      'ja',
      'zh',
      'pt',
      'ceb',
      'und',
      'und',
    ]);
    expect(toComprehendLanguage('zh', 'zh-TW')).toBe('zh-TW');
    expect(toComprehendLanguage('zh')).toBe('zh');
    expect(toComprehendLanguage('th')).toBeUndefined();
  });

  it('analyzes traditional Chinese as zh-TW and reports it as zh', async () => {
    // Prepare
    comprehend.on(BatchDetectDominantLanguageCommand).resolves({
      ResultList: [{ Index: 0, Languages: [{ LanguageCode: 'zh-TW', Score: 0.97 }] }],
      ErrorList: [],
    });
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), options());

    // Act
    const [result] = await analyzer.analyze([{ text: '送貨太慢了，我很失望。' }]);

    // Assess
    expect(result?.language).toEqual({ code: 'zh', confidence: 0.97 });
    expect(calls<BatchDetectSentimentCommandInput>(BatchDetectSentimentCommand)[0]?.LanguageCode).toBe('zh-TW');
  });

  it('marks a language Comprehend cannot analyze neutral with low confidence and spends nothing more on it', async () => {
    // Prepare
    comprehend.on(BatchDetectDominantLanguageCommand).resolves({
      ResultList: [{ Index: 0, Languages: [{ LanguageCode: 'th', Score: 0.95 }] }],
      ErrorList: [],
    });
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), options());

    // Act
    const [result] = await analyzer.analyzeSettled([{ text: 'การจัดส่งล่าช้ามาก' }]);

    // Assess
    expect(result?.analysis.language).toEqual({ code: 'th', confidence: 0.95 });
    expect(result?.analysis.sentiment).toMatchObject({ label: 'neutral', score: 0, confidence: 0.1 });
    expect(result?.complete).toBe(true);
    expect(comprehend.commandCalls(BatchDetectSentimentCommand)).toHaveLength(0);
    expect(comprehend.commandCalls(BatchDetectKeyPhrasesCommand)).toHaveLength(0);
  });

  it("takes the caller's hint when detection is unsure, and skips detection for a language it is given", async () => {
    // Prepare
    comprehend.on(BatchDetectDominantLanguageCommand).resolves({
      ResultList: [{ Index: 0, Languages: [{ LanguageCode: 'pt', Score: 0.3 }] }],
      ErrorList: [],
    });
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), options());

    // Act
    const settled = await analyzer.analyzeSettled(
      [{ text: 'ok ok', language: 'es' }, { text: 'It came late.' }],
      [undefined, { code: 'en', confidence: 0.9 }],
    );

    // Assess
    expect(calls<BatchDetectDominantLanguageCommandInput>(BatchDetectDominantLanguageCommand)[0]?.TextList).toEqual([
      'ok ok',
    ]);
    expect(settled.map((s) => s.analysis.language)).toEqual([
      { code: 'es', confidence: 0.5 },
      { code: 'en', confidence: 0.9 },
    ]);
    expect(calls<BatchDetectSentimentCommandInput>(BatchDetectSentimentCommand).map((c) => c.LanguageCode)).toEqual([
      'es',
      'en',
    ]);
  });
});

describe('ComprehendAnalyzer PII', () => {
  it('counts names and addresses Comprehend finds, and keeps them out of everything it returns', async () => {
    // Prepare
    const text = 'Hi, I am Jane Doe from 12 Elm Street. Call [PHONE]. The delivery was late.';
    comprehend.on(DetectPiiEntitiesCommand).resolves({
      Entities: [
        { Type: 'NAME', Score: 0.99, BeginOffset: 9, EndOffset: 17 },
        { Type: 'ADDRESS', Score: 0.97, BeginOffset: 23, EndOffset: 36 },
        { Type: 'PHONE', Score: 0.9, BeginOffset: 43, EndOffset: 50 }, // Koe's placeholder: already counted
        { Type: 'DATE_TIME', Score: 0.99, BeginOffset: 0, EndOffset: 2 },
        { Type: 'NAME', Score: 0.2, BeginOffset: 51, EndOffset: 54 },
      ],
    });
    comprehend.on(BatchDetectKeyPhrasesCommand).callsFake((input: BatchDetectKeyPhrasesCommandInput) => ({
      ResultList: (input.TextList ?? []).map((t, Index) => ({
        Index,
        KeyPhrases: [...t.matchAll(/Jane Doe|12 Elm Street|The delivery/g)].map((m) => ({ Text: m[0], Score: 0.9 })),
      })),
      ErrorList: [],
    }));
    const seen: string[] = [];
    const analyzer = new ComprehendAnalyzer(
      new ComprehendClient({}),
      options({
        rules: {
          ...rules,
          urgency: (input, context) => {
            seen.push(input.text);
            return rules.urgency(input, context);
          },
        },
      }),
    );

    // Act
    const [result] = await analyzer.analyze([{ text }]);

    // Assess
    expect(calls<DetectPiiEntitiesCommandInput>(DetectPiiEntitiesCommand)).toEqual([
      { Text: text, LanguageCode: 'en' },
    ]);
    expect(result?.pii).toEqual({ NAME: 1, ADDRESS: 1 });
    const sentToSentiment = calls<BatchDetectSentimentCommandInput>(BatchDetectSentimentCommand)[0]?.TextList?.[0];
    for (const sent of [sentToSentiment, seen[0]]) {
      expect(sent).toHaveLength(text.length);
      expect(sent).not.toMatch(/Jane|Doe|Elm/);
      expect(sent).toContain('[PHONE]');
    }
    expect(result?.keyPhrases).toEqual(['delivery']);
  });
});

describe('hybrid over Comprehend', () => {
  const fakeLocal = (confidences: number[]): Analyzer => ({
    name: 'local',
    version: '1',
    analyze: async (inputs: AnalysisInput[]) =>
      inputs.map(
        (_, i): Analysis => ({
          language: { code: 'en', confidence: 0.95 },
          sentiment: { label: 'neutral', score: 0, confidence: confidences[i] ?? 1, sentences: [] },
          keyPhrases: ['local'],
          topics: [],
          urgency: { level: 'low', score: 0, reasons: [] },
          pii: {},
          analyzer: { name: 'local', version: '1' },
        }),
      ),
  });

  it('sends only the low-confidence comments, without re-detecting a language the local analyzer is sure of', async () => {
    // Prepare
    const inputs = ['Fine.', 'It came late.', 'Nice.', 'Never again, it came late.'].map((text) => ({ text }));
    const analyzer = createAnalyzer('hybrid', {
      local: fakeLocal([0.9, 0.2, 0.8, 0.3]),
      comprehend: new ComprehendClient({}),
      rules,
      hybridThreshold: 0.5,
      comprehendOptions: { pii: { enabled: false } },
    }) as HybridAnalyzer;

    // Act
    const results = await analyzer.analyze(inputs);

    // Assess
    expect(calls<BatchDetectSentimentCommandInput>(BatchDetectSentimentCommand)[0]?.TextList).toEqual([
      'It came late.',
      'Never again, it came late.',
    ]);
    expect(comprehend.commandCalls(BatchDetectDominantLanguageCommand)).toHaveLength(0);
    expect(results.map((r) => r.sentiment.label)).toEqual(['neutral', 'negative', 'neutral', 'negative']);
    expect(results.map((r) => r.analyzer.name)).toEqual(['hybrid', 'hybrid', 'hybrid', 'hybrid']);
    expect(analyzer.stats()).toEqual({ total: 4, sentToRemote: 2, keptLocalAfterFailure: 0, share: 0.5 });
  });

  it('keeps the local results when Comprehend stays throttled, and counts them', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).rejects(throttled());
    const analyzer = createAnalyzer('hybrid', {
      local: fakeLocal([0.2, 0.9]),
      comprehend: new ComprehendClient({}),
      rules,
      comprehendOptions: { retry: { maxAttempts: 2, baseDelayMs: 1 }, sleep: async () => {}, pii: { enabled: false } },
    }) as HybridAnalyzer;

    // Act
    const results = await analyzer.analyze([{ text: 'It came late.' }, { text: 'Fine.' }]);

    // Assess
    expect(comprehend.commandCalls(BatchDetectSentimentCommand)).toHaveLength(2);
    expect(results.map((r) => r.keyPhrases)).toEqual([['local'], ['local']]);
    expect(analyzer.stats()).toMatchObject({ sentToRemote: 1, keptLocalAfterFailure: 1 });
  });
});

describe('createAnalyzer', () => {
  it('fails at start-up when a mode misses what it needs', () => {
    expect(() => createAnalyzer('comprehend', { rules })).toThrow(/needs a ComprehendClient/);
    expect(() => createAnalyzer('local', {})).toThrow(/needs a local analyzer/);
    expect(createAnalyzer('comprehend', { rules, comprehend: new ComprehendClient({}) }).name).toBe('comprehend');
  });
});
