import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabelsFileError, readCorrections } from '../../../cli/commands/train.js';
import { createLocalAnalyzer } from '../../../shared/analysis/local-analyzer.js';
import { loadModels } from '../../../shared/analysis/model/load.js';
import { parseModel } from '../../../shared/analysis/model/model.js';
import { splitOf } from '../../../shared/analysis/model/split.js';
import { trainModel } from '../../../shared/analysis/model/train.js';

const rulesOnly = createLocalAnalyzer({ models: {} });
const TOPICS = ['delivery', 'billing_refund'];

/** A small labelled set where a made-up word carries the sentiment: only a trained model can know it. */
const examples = async () => {
  const texts = [
    ...['The parcel was quuxly', 'Quuxly service again', 'My order came quuxly', 'Such a quuxly refund'].map((t) => ({
      t,
      s: 'negative',
    })),
    ...['The parcel was zibbly', 'Zibbly service again', 'My order came zibbly', 'Such a zibbly refund'].map((t) => ({
      t,
      s: 'positive',
    })),
  ];
  const features = await rulesOnly.features(texts.map(({ t }) => ({ text: t, language: 'en' })));
  return features.map((f, i) => ({
    features: f.features,
    sentiment: texts[i]!.s,
    urgency: 'normal',
    category: 'none',
    topics: [],
  }));
};

const train = async () =>
  trainModel(await examples(), {
    language: 'en',
    topics: TOPICS,
    minCount: 1,
    trainedOn: { items: 8, corrections: 0, sources: ['test'] },
  });

describe('the trained model', () => {
  it('trains deterministically: the same examples give the same file', async () => {
    // Act
    const first = await train();
    const second = await train();
    // Assess
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('loads, and changes a result the rules alone get wrong', async () => {
    // Prepare
    const model = parseModel(await train());
    const withModel = createLocalAnalyzer({ models: { en: model } });
    const text = 'The delivery was quuxly';
    // Act
    const [before] = await rulesOnly.analyze([{ text, language: 'en' }]);
    const [after] = await withModel.analyze([{ text, language: 'en' }]);
    // Assess
    expect(before?.sentiment.label).not.toBe('negative');
    expect(after?.sentiment.label).toBe('negative');
    expect(withModel.version).toContain(`+model.${model.hash}`);
  });

  it('falls back to the rules with one warning for a corrupt model file, and to the committed model for a missing one', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'koe-models-'));
    writeFileSync(join(dir, 'en.json'), '{"format": "koe-model/1", "language": ');
    const warnings: string[] = [];
    // Act
    const models = loadModels(dir, (m) => warnings.push(m));
    const analyzer = createLocalAnalyzer({ models });
    const [result] = await analyzer.analyze([{ text: 'I will sue you', language: 'en' }]);
    // Assess
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/en\.json is unusable .*rules only/);
    expect(models.en).toBeUndefined();
    expect(models.ja).toBeDefined();
    expect(result?.urgency.level).toBe('critical');
  });

  it('names the field of a model file that is wrong', () => {
    expect(() => parseModel({ format: 'koe-model/1', language: 'fr' })).toThrow(/language must be 'en' or 'ja'/);
  });

  it('splits by a fixed hash of the id', () => {
    expect(['en-0001', 'en-0002', 'ja-0001'].map(splitOf)).toEqual(['en-0001', 'en-0002', 'ja-0001'].map(splitOf));
    const counts = { train: 0, dev: 0, test: 0 };
    for (let i = 0; i < 1000; i++) counts[splitOf(`en-${String(i).padStart(4, '0')}`)]++;
    expect(counts.train).toBeGreaterThan(600);
    expect(counts.test).toBeGreaterThan(120);
  });
});

describe('koe train --labels: bad input is a clear error', () => {
  const file = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'koe-labels-')), 'labels.jsonl');
    writeFileSync(path, text);
    return path;
  };

  it.each([
    ['', /is empty: no corrections/],
    [
      '{"text":"late again","expected":{"urgency":"urgentish"}}\n',
      /:1: expected.urgency 'urgentish' is not one of critical/,
    ],
    [
      '{"text":"late again","expected":{"topics":["unicorns"]}}\n',
      /:1: expected.topics 'unicorns' is not a taxonomy topic/,
    ],
    [
      '{"text":"Le colis est en retard","language":"fr","expected":{"urgency":"normal"}}\n',
      /:1: language 'fr' has no model/,
    ],
    ['{"text":"hello"}\n', /:1: expected must be an object/],
  ])('%j → error', (text, message) => {
    expect(() => readCorrections(file(text))).toThrow(LabelsFileError);
    expect(() => readCorrections(file(text))).toThrow(message);
  });

  it('refuses a row in another language than --language', () => {
    const path = file('{"text":"荷物が届きません","language":"ja","expected":{"urgency":"normal"}}\n');
    expect(() => readCorrections(path, 'en')).toThrow(/language 'ja', but --language en/);
  });
});
