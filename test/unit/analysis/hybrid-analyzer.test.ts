import { describe, expect, it } from 'vitest';
import {
  HybridAnalyzer,
  type SettledAnalysis,
  type SettledAnalyzer,
} from '../../../shared/analysis/hybrid-analyzer.js';
import type { Analysis, AnalysisInput, Analyzer, LanguageResult } from '../../../shared/analysis/types.js';
import { DependencyError } from '../../../shared/errors.js';

// Inputs carry their local confidences in the text, e.g. `s0.2` (sentiment) or `l0.3:th` (language).
const parse = (text: string) => ({
  sentiment: Number(/s([\d.]+)/.exec(text)?.[1] ?? 0.9),
  language: Number(/l([\d.]+)/.exec(text)?.[1] ?? 0.95),
  code: /:([a-z]{2})/.exec(text)?.[1] ?? 'en',
});

const analysis = (engine: string, input: AnalysisInput, overrides: Partial<Analysis> = {}): Analysis => {
  const p = parse(input.text);
  return {
    language: { code: p.code, confidence: p.language },
    sentiment: { label: 'neutral', score: 0, confidence: p.sentiment, sentences: [] },
    keyPhrases: [engine],
    topics: [],
    urgency: { level: 'low', score: 0, reasons: [] },
    pii: {},
    analyzer: { name: engine, version: '1' },
    ...overrides,
  };
};

const local: Analyzer = {
  name: 'local',
  version: '3',
  analyze: async (inputs) => inputs.map((input) => analysis('local', input, { pii: { EMAIL: 1 } })),
};

/** An in-memory remote analyzer that records what it was sent. */
class FakeRemote implements SettledAnalyzer {
  readonly name = 'comprehend';
  readonly version = '9';
  readonly sent: string[][] = [];
  readonly languages: Array<Array<LanguageResult | undefined>> = [];
  constructor(private readonly behaviour: { fail?: unknown; incomplete?: (text: string) => boolean } = {}) {}
  async analyze(inputs: AnalysisInput[]) {
    return (await this.analyzeSettled(inputs)).map((s) => s.analysis);
  }
  async analyzeSettled(
    inputs: AnalysisInput[],
    known: Array<LanguageResult | undefined> = [],
  ): Promise<SettledAnalysis[]> {
    this.sent.push(inputs.map((i) => i.text));
    this.languages.push(known);
    if (this.behaviour.fail) throw this.behaviour.fail;
    return inputs.map((input) => ({
      analysis: analysis('comprehend', input, {
        sentiment: { label: 'negative', score: -0.8, confidence: 0.9, sentences: [] },
        pii: { EMAIL: 1, NAME: 2 },
      }),
      complete: !this.behaviour.incomplete?.(input.text),
    }));
  }
}

const texts = (...t: string[]) => t.map((text) => ({ text }));

describe('HybridAnalyzer routing', () => {
  it('sends only comments whose local sentiment confidence is under the threshold, and reports the share', async () => {
    // Prepare
    const remote = new FakeRemote();
    const hybrid = new HybridAnalyzer(local, remote, { threshold: 0.5 });

    // Act
    const results = await hybrid.analyze(texts('a s0.9', 'b s0.2', 'c s0.7', 'd s0.49'));

    // Assess
    expect(remote.sent).toEqual([['b s0.2', 'd s0.49']]);
    expect(results.map((r) => r.keyPhrases[0])).toEqual(['local', 'comprehend', 'local', 'comprehend']);
    expect(results.map((r) => r.analyzer)).toEqual(Array(4).fill({ name: 'hybrid', version: 'local-3|comprehend-9' }));
    expect(hybrid.stats()).toEqual({ total: 4, sentToRemote: 2, keptLocalAfterFailure: 0, share: 0.5 });
  });

  it('sends a comment whose language is unsure, and passes on only languages the local analyzer is sure of', async () => {
    // Prepare
    const remote = new FakeRemote();
    const hybrid = new HybridAnalyzer(local, remote, { threshold: 0.5, languageThreshold: 0.6 });

    // Act
    await hybrid.analyze(texts('a s0.9 l0.3', 'b s0.1 l0.99:ja'));

    // Assess
    expect(remote.sent).toEqual([['a s0.9 l0.3', 'b s0.1 l0.99:ja']]);
    expect(remote.languages).toEqual([[undefined, { code: 'ja', confidence: 0.99 }]]);
  });

  it('keeps local a comment confidently in a language the remote analyzer cannot analyze, and empty text', async () => {
    // Prepare
    const remote = new FakeRemote();
    const hybrid = new HybridAnalyzer(local, remote, { threshold: 0.5, remoteLanguages: new Set(['en', 'ja']) });

    // Act
    await hybrid.analyze([...texts('a s0.1 l0.9:th', 'b s0.1 l0.2:th', 'c s0.1:ja'), { text: '   ' }]);

    // Assess
    expect(remote.sent).toEqual([['b s0.1 l0.2:th', 'c s0.1:ja']]);
    expect(hybrid.stats()).toMatchObject({ total: 4, sentToRemote: 2 });
  });

  it('makes no remote call when every comment is confident, and accumulates stats across calls', async () => {
    // Prepare
    const remote = new FakeRemote();
    const hybrid = new HybridAnalyzer(local, remote, { threshold: 0.5 });
    expect(hybrid.stats().share).toBe(0);

    // Act
    await hybrid.analyze(texts('a', 'b', 'c'));
    await hybrid.analyze(texts('d s0.1'));

    // Assess
    expect(remote.sent).toEqual([['d s0.1']]);
    expect(hybrid.stats()).toEqual({ total: 4, sentToRemote: 1, keptLocalAfterFailure: 0, share: 0.25 });
  });

  it('merges PII counts by type without counting the same find twice', async () => {
    // Prepare
    const hybrid = new HybridAnalyzer(local, new FakeRemote(), { threshold: 0.5 });

    // Act
    const [result] = await hybrid.analyze(texts('a s0.1'));

    // Assess
    expect(result?.pii).toEqual({ EMAIL: 1, NAME: 2 });
  });
});

describe('HybridAnalyzer when the remote analyzer fails', () => {
  it('keeps every local result when the remote call throws after its retries, and says so', async () => {
    // Prepare
    const failure = new DependencyError('Comprehend');
    const heard: Array<[unknown, number]> = [];
    const hybrid = new HybridAnalyzer(local, new FakeRemote({ fail: failure }), {
      threshold: 0.5,
      onRemoteError: (error, n) => heard.push([error, n]),
    });

    // Act
    const results = await hybrid.analyze(texts('a s0.1', 'b s0.9', 'c s0.2'));

    // Assess
    expect(results.map((r) => r.keyPhrases[0])).toEqual(['local', 'local', 'local']);
    expect(heard).toEqual([[failure, 2]]);
    expect(hybrid.stats()).toEqual({ total: 3, sentToRemote: 2, keptLocalAfterFailure: 2, share: 2 / 3 });
  });

  it('keeps the local result for a document the remote analyzer could not really analyze', async () => {
    // Prepare
    const remote = new FakeRemote({ incomplete: (text) => text.startsWith('b') });
    const hybrid = new HybridAnalyzer(local, remote, { threshold: 0.5 });

    // Act
    const results = await hybrid.analyze(texts('a s0.1', 'b s0.1'));

    // Assess
    expect(results.map((r) => r.keyPhrases[0])).toEqual(['comprehend', 'local']);
    expect(hybrid.stats()).toMatchObject({ sentToRemote: 2, keptLocalAfterFailure: 1 });
  });

  it('works with a plain Analyzer as the remote side', async () => {
    // Prepare
    const plain: Analyzer = {
      name: 'other',
      version: '2',
      analyze: async (inputs) => inputs.map((input) => analysis('other', input)),
    };
    const hybrid = new HybridAnalyzer(local, plain, { threshold: 0.5 });

    // Act
    const results = await hybrid.analyze(texts('a s0.1', 'b'));

    // Assess
    expect(results.map((r) => r.keyPhrases[0])).toEqual(['other', 'local']);
    expect(hybrid.version).toBe('local-3|other-2');
  });
});
