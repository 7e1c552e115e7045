import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabelsFileError, readCorrections } from '../../../cli/commands/train.js';
import { createLocalAnalyzer } from '../../../shared/analysis/local-analyzer.js';
import {
  combineSentiment,
  combineTopics,
  combineUrgency,
  hedgeLevel,
  isShortRemark,
  NO_SUPPORT,
  REVIEW_CRITICAL,
  SURE_HIGH,
  UNBACKED_CRITICAL,
  urgencySupport,
} from '../../../shared/analysis/model/combine.js';
import { fitModel, prepare, readCorpus, readCorpusLines } from '../../../shared/analysis/model/fit.js';
import { loadModels } from '../../../shared/analysis/model/load.js';
import { type Prediction, parseModel } from '../../../shared/analysis/model/model.js';
import { splitOf } from '../../../shared/analysis/model/split.js';
import { trainModel } from '../../../shared/analysis/model/train.js';
import { isBareEnding } from '../../../shared/analysis/sentiment/opinion-words.js';
import type { Span } from '../../../shared/analysis/types.js';
import { present } from '../../../shared/present.js';

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

  it('tunes thresholds out of fold only on the examples `folds.among` picks, and deterministically', async () => {
    // Prepare: a small labelled set, a critical kind and a calm kind
    const critical = ['A screw was in my soup', 'Glass in the salad tonight', 'A bolt in the pie', 'Metal in my rice'];
    const calm = ['Lovely soup tonight', 'Great salad, thanks', 'The pie was fine', 'Rice was tasty'];
    const items = [...critical, ...calm].map((text, i) => ({
      id: `fold-${i}`,
      text,
      language: 'en' as const,
      sentiment: i < critical.length ? 'negative' : 'positive',
      urgency: i < critical.length ? 'critical' : 'low',
      category: i < critical.length ? 'safety' : null,
      topics: [],
    }));
    const prepared = await prepare(rulesOnly, items);
    const [train, dev] = [prepared.filter((_, i) => i % 4 !== 3), prepared.filter((_, i) => i % 4 === 3)];
    const options = {
      language: 'en' as const,
      topics: TOPICS,
      trainedOn: { items: 6, corrections: 0, sources: ['test'] },
    };
    // Act
    const devOnly = fitModel(train, dev, options);
    const noneHeld = fitModel(train, dev, { ...options, folds: { count: 3, among: () => false } });
    const folded = fitModel(train, dev, { ...options, folds: { count: 3, among: () => true } });
    const again = fitModel(train, dev, { ...options, folds: { count: 3, among: () => true } });
    // Assess
    expect(noneHeld).toEqual(devOnly);
    expect(JSON.stringify(again)).toBe(JSON.stringify(folded));
  });

  it('reads review sentences as sentiment-only examples, and an absent file as none', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'koe-sentences-'));
    mkdirSync(join(dir, 'ja'));
    const file = join(dir, 'ja', 'lines.jsonl');
    writeFileSync(
      file,
      '{"id":"jas-x-1","text":"朝食が美味しかった。","sentiment":"positive"}\n\n{"id":"jas-x-2","text":"出張で利用しました。","sentiment":"neutral"}\n',
    );
    // Act
    const read = readCorpusLines(dir, 'ja');
    // Assess: no urgency, category or topics, so training leaves those heads alone
    expect(read).toEqual([
      { id: 'jas-x-1', text: '朝食が美味しかった。', language: 'ja', sentiment: 'positive' },
      { id: 'jas-x-2', text: '出張で利用しました。', language: 'ja', sentiment: 'neutral' },
    ]);
    expect(readCorpusLines(join(dir, 'absent'), 'ja')).toEqual([]);
  });

  it('reads a corpus: items by the split of their id, every train-only item as training with its absent labels unknown', () => {
    // Prepare: items whose ids fall in each split, and train-only items, one of an older probe set without sentiment or topics
    const dir = mkdtempSync(join(tmpdir(), 'koe-corpus-'));
    mkdirSync(join(dir, 'en'));
    const ids = Array.from({ length: 40 }, (_, i) => `en-${String(9000 + i)}`);
    const item = (id: string) =>
      JSON.stringify({ id, text: `text ${id}`, sentiment: 'negative', urgency: 'high', category: 'money', topics: [] });
    writeFileSync(join(dir, 'en', 'items.jsonl'), `${ids.map(item).join('\n')}\n`);
    writeFileSync(
      join(dir, 'en', 'train-only.jsonl'),
      [
        '{"id":"p19e-001","set":"traps","text":"The oven caught fire, in the game.","urgency":"low","category":null}',
        '{"id":"p22e-f-001","set":"train-f","text":"A screw was in the soup.","sentiment":"negative","urgency":"critical","category":"safety","topics":["food","safety"]}',
      ].join('\n'),
    );
    // Act
    const corpus = readCorpus(dir, 'en');
    // Assess: the split is the id's; a train-only item is never dev or test, and what it leaves out stays unknown
    for (const split of ['train', 'dev', 'test'] as const)
      expect(corpus[split].map((i) => i.id)).toEqual(ids.filter((id) => splitOf(id) === split));
    expect(corpus.test.length).toBeGreaterThan(0);
    expect(corpus.trainOnly).toEqual([
      {
        id: 'p19e-001',
        text: 'The oven caught fire, in the game.',
        language: 'en',
        sentiment: undefined,
        urgency: 'low',
        category: null,
        topics: undefined,
      },
      {
        id: 'p22e-f-001',
        text: 'A screw was in the soup.',
        language: 'en',
        sentiment: 'negative',
        urgency: 'critical',
        category: 'safety',
        topics: ['food', 'safety'],
      },
    ]);
    expect(corpus.lines).toEqual([]);
    mkdirSync(join(dir, 'ja'));
    writeFileSync(join(dir, 'ja', 'items.jsonl'), `${item('ja-9000')}\n`);
    expect(readCorpus(dir, 'ja').trainOnly).toEqual([]);
  });

  it('learns sentiment from sentiment-only lines and leaves the urgency, category and topic weights as they were', async () => {
    // Prepare: the labelled set, and lines that use its words with no urgency label (bench/corpus/<lang>/lines.jsonl)
    const base = await examples();
    const texts = ['Blorpish parcel, quuxly', 'Blorpish again', 'Zibbly and blorpish', 'The refund was blorpish'];
    const lines = (await rulesOnly.features(texts.map((text) => ({ text, language: 'en' })))).map((f) => ({
      features: f.features,
      sentiment: 'negative',
    }));
    const options = {
      language: 'en' as const,
      topics: TOPICS,
      minCount: 2,
      trainedOn: { items: 8, corrections: 0, sources: ['test'] },
    };
    const without = parseModel(trainModel(base, options));
    const withLines = parseModel(trainModel([...base, ...lines], options));
    const [probe] = await rulesOnly.features([{ text: 'Blorpish parcel came quuxly, such a refund', language: 'en' }]);
    // Act
    const a = without.predict(present(probe, 'probe').features);
    const b = withLines.predict(present(probe, 'probe').features);
    // Assess
    expect(b.urgency).toEqual(a.urgency);
    expect(b.category).toEqual(a.category);
    expect(b.topics).toEqual(a.topics);
    expect(b.sentiment).not.toEqual(a.sentiment);
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
    writeFileSync(join(dir, 'en.json'), '{"format": "koe-model/2", "language": ');
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

  it("adds a topic no cue found at the topic's own threshold (decision.topicAdd), with the word that weighed as evidence", async () => {
    // Prepare: a made-up word that always comes with the delivery topic, which no cue knows.
    const base = await examples();
    const file = trainModel(
      base.map((e, i) => ({ ...e, topics: i % 4 < 2 ? ['delivery'] : [] })),
      { language: 'en', topics: TOPICS, minCount: 1, trainedOn: { items: 8, corrections: 0, sources: ['test'] } },
    );
    const [f] = await rulesOnly.features([{ text: 'The parcel was quuxly', language: 'en' }]);
    const features = f!.features;
    const p = parseModel(file).predict(features);
    const pDelivery = p.topics[TOPICS.indexOf('delivery')]!;
    const sentiment = f!.analysis.sentiment;
    const topicsAt = (at: number) =>
      combineTopics(
        [],
        parseModel({ ...file, decision: { ...file.decision, topicAdd: { delivery: at } } }),
        p,
        features,
        sentiment,
        () => false,
      );
    // Act
    const below = topicsAt(pDelivery + 0.01);
    const above = topicsAt(pDelivery - 0.01);
    // Assess
    expect(pDelivery).toBeGreaterThan(0.1);
    expect(below.map((t) => t.topic)).not.toContain('delivery');
    expect(above.map((t) => t.topic)).toContain('delivery');
    expect(above[0]?.evidence.length).toBeGreaterThan(0);
    expect(() => parseModel({ ...file, decision: { ...file.decision, topicAdd: { weather: 0.2 } } })).toThrow(
      /decision.topicAdd must map topics of labels.topics/,
    );
  });

  it('names the field of a model file that is wrong', () => {
    expect(() => parseModel({ format: 'koe-model/2', language: 'fr' })).toThrow(/language must be 'en' or 'ja'/);
  });

  it('reads rows written out of id order, a repeated id keeping its last row, as their sorted file', async () => {
    // Prepare: the trained file's rows reversed, after a first row for its first id that a later one replaces
    const file = await train();
    const rowBytes = Buffer.from(file.rows, 'base64');
    const rows = new Uint32Array(rowBytes.buffer.slice(rowBytes.byteOffset, rowBytes.byteOffset + rowBytes.length));
    const weights = Buffer.from(file.weights, 'base64');
    const width = weights.length / rows.length;
    const order = [...rows.keys()].reverse();
    const shuffled = {
      ...file,
      rows: Buffer.from(new Uint32Array([rows[0]!, ...order.map((r) => rows[r]!)]).buffer).toString('base64'),
      weights: Buffer.concat([
        Buffer.alloc(width, 0x7f),
        ...order.map((r) => weights.subarray(r * width, (r + 1) * width)),
      ]).toString('base64'),
    };
    const [features] = await rulesOnly.features([{ text: 'The parcel was quuxly', language: 'en' }]);
    // Act
    const sorted = parseModel(file).predict(features!.features);
    const reread = parseModel(shuffled).predict(features!.features);
    // Assess
    expect(reread).toEqual(sorted);
  });

  it('splits by a fixed hash of the id', () => {
    expect(['en-0001', 'en-0002', 'ja-0001'].map(splitOf)).toEqual(['en-0001', 'en-0002', 'ja-0001'].map(splitOf));
    const counts = { train: 0, dev: 0, test: 0 };
    for (let i = 0; i < 1000; i++) counts[splitOf(`en-${String(i).padStart(4, '0')}`)]++;
    expect(counts.train).toBeGreaterThan(600);
    expect(counts.test).toBeGreaterThan(120);
  });
});

describe('rules and model together: the model never makes a critical from style alone', () => {
  const BANDS = {
    critical: { min: 80, max: 100 },
    high: { min: 60, max: 79 },
    normal: { min: 30, max: 59 },
    low: { min: 0, max: 29 },
  };
  /** A prediction with the given urgency probabilities (critical, high, normal, low) and a safety category. */
  const prediction = (urgency: number[]): Prediction => ({
    sentiment: Float64Array.from([0, 1, 0, 0]),
    urgency: Float64Array.from(urgency),
    category: Float64Array.from([0, 0.9, 0, 0, 0, 0, 0, 0.1, 0, 0, 0, 0, 0]),
    topics: new Float64Array(TOPICS.length),
  });
  /** A rules' critical resting on one reason of `code` with its evidence. */
  const rulesCriticalOf = (code: string) => ({
    level: 'critical' as const,
    score: 90,
    reasons: [{ code, level: 'critical' as const, evidence: { start: 0, end: 4 } }],
  });
  /** What a foreign object in food backs (safety), both concepts found at `span`. */
  const foreignObjectInFood = (span: Span) =>
    urgencySupport(
      [],
      [
        { name: 'FOREIGN_OBJECT', span },
        { name: 'FOOD', span },
      ],
    );
  const rulesLow = { level: 'low' as const, score: 10, reasons: [] };
  const rulesNormal = { level: 'normal' as const, score: 40, reasons: [] };
  const features = { ids: [], textCount: 0, words: [] };
  /** A model trained on texts where a made-up word marks `urgency` and `category`, beside calm ones (praise, low). */
  const markedFile = async (marked: string[], calm: string[], urgency: string, category: string) => {
    const labelled = await rulesOnly.features([...marked, ...calm].map((text) => ({ text, language: 'en' })));
    return trainModel(
      labelled.map((f, i) => ({
        features: f.features,
        sentiment: i < marked.length ? 'negative' : 'positive',
        urgency: i < marked.length ? urgency : 'low',
        category: i < marked.length ? category : 'none',
        topics: [],
      })),
      { language: 'en', topics: TOPICS, minCount: 1, trainedOn: { items: 8, corrections: 0, sources: ['test'] } },
    );
  };
  /** "glorp" marks a safety critical, so only the model knows it. */
  const glorpFile = () =>
    markedFile(
      ['The heater went glorp', 'Glorp again in the kitchen', 'The cot is glorp', 'Our van was glorp'],
      ['The heater went fine', 'Fine again in the kitchen', 'The cot is fine', 'Our van was fine'],
      'critical',
      'safety',
    );

  it('a sure model without content behind it raises to high, not critical', async () => {
    // Prepare
    const model = parseModel(await train());
    // Act
    const result = combineUrgency(
      rulesNormal,
      model,
      prediction([0.95, 0.03, 0.01, 0.01]),
      features,
      BANDS,
      NO_SUPPORT,
    );
    // Assess
    expect(result.level).not.toBe('critical');
  });

  it('near-certain, raises to critical without a concept, with the word that weighed most as evidence', async () => {
    // Prepare: a made-up word that the training set marks critical, so only the model knows it.
    const model = parseModel(await glorpFile());
    const text = 'The kettle went glorp';
    const [seen] = await rulesOnly.features([{ text, language: 'en' }]);
    // Act
    const sure = combineUrgency(
      rulesNormal,
      model,
      prediction([UNBACKED_CRITICAL + 0.05, 0.03, 0.01, 0.01]),
      seen!.features,
      BANDS,
      NO_SUPPORT,
    );
    // Less sure, with high a close second: high (the hedge does not step up to critical either).
    const lessSure = combineUrgency(
      rulesNormal,
      model,
      prediction([UNBACKED_CRITICAL - 0.2, 0.25, 0.1, 0.05]),
      seen!.features,
      BANDS,
      NO_SUPPORT,
    );
    // Assess
    expect(sure.level).toBe('critical');
    const evidence = sure.reasons[0]?.evidence;
    expect(evidence && text.slice(evidence.start, evidence.end)).toBe('glorp');
    expect(lessSure.level).not.toBe('critical');
    // Unbacked, it ranks low in the critical band, below a backed critical the model is less sure of.
    expect(sure.score).toBeLessThan(BANDS.critical.min + 0.35 * (BANDS.critical.max - BANDS.critical.min));
  });

  it('backs security with personal data seen by the wrong person, staff abuse with a member of staff, safety with a foreign object in food', () => {
    // Prepare: "another customer got told the flight isn't leaving" names a wrong recipient and nothing private
    const span = { start: 0, end: 5 };
    const at = (...names: string[]) => names.map((name) => ({ name, span }));
    // Act & Assess
    expect(urgencySupport([], at('WRONG_RECIPIENT')).backed.has('security_privacy')).toBe(false);
    expect(urgencySupport([], at('WRONG_RECIPIENT', 'PERSONAL_DATA')).backed.has('security_privacy')).toBe(true);
    expect(urgencySupport([], at('ABUSE')).backed.has('staff_abuse')).toBe(false);
    expect(urgencySupport([], at('ABUSE', 'STAFF')).backed.has('staff_abuse')).toBe(true);
    // A stone, a nail or a hair is a safety subject in food or drink, not in "a stone wall" or "a nail salon".
    expect(urgencySupport([], at('FOREIGN_OBJECT')).backed.has('safety')).toBe(false);
    expect(urgencySupport([], at('FOREIGN_OBJECT', 'FOOD')).backed.has('safety')).toBe(true);
    expect(urgencySupport([], at('FOREIGN_OBJECT', 'CONSUME')).backed.has('safety')).toBe(true);
  });

  it('with a concept behind it, raises to critical with the concept as evidence, ranked by its probability', async () => {
    // Prepare
    const model = parseModel(await train());
    const span = { start: 2, end: 7 };
    const support = foreignObjectInFood(span);
    // Act
    const result = combineUrgency(rulesNormal, model, prediction([0.95, 0.03, 0.01, 0.01]), features, BANDS, support);
    // Assess
    expect(result.level).toBe('critical');
    expect(result.reasons[0]).toMatchObject({ code: 'safety_risk', level: 'critical', evidence: span });
    expect(result.score).toBe(BANDS.critical.min + Math.round(0.95 * (BANDS.critical.max - BANDS.critical.min)));
  });

  it('a critical the model raises for a category its category head finds far less likely than none is a high to review', async () => {
    // Prepare: the urgency head is sure of critical and a concept backs safety; the category head says safety, or none.
    const model = parseModel(await train());
    const span = { start: 2, end: 7 };
    const support = foreignObjectInFood(span);
    const withCategory = (none: number, safety: number): Prediction => ({
      ...prediction([0.95, 0.03, 0.01, 0.01]),
      category: Float64Array.from([none, safety, 0, 0, 0, 0, 0, 1 - none - safety, 0, 0, 0, 0, 0]),
    });
    // Act
    const believed = combineUrgency(rulesNormal, model, withCategory(0.5, 0.4), features, BANDS, support);
    const noCategory = combineUrgency(rulesNormal, model, withCategory(0.9, 0.05), features, BANDS, support);
    const rulesCritical = combineUrgency(
      rulesCriticalOf('safety_risk'),
      model,
      withCategory(0.9, 0.05),
      features,
      BANDS,
      support,
    );
    // Assess
    expect(believed.level).toBe('critical');
    expect(noCategory.level).toBe('high');
    expect(noCategory.reasons[0]).toMatchObject({ code: 'safety_risk', level: 'high', evidence: span });
    expect(noCategory.reasons[0]?.detail).toMatch(/may be critical — review/);
    // The rules' own critical is not the model's to doubt this way.
    expect(rulesCritical.level).toBe('critical');
  });

  it('a category named only plainly makes a critical when the model is surer and finds that category likeliest', async () => {
    // Prepare: a member of staff is named (staff abuse, plainly); the prediction's likeliest critical category is safety.
    const file = await train();
    const model = parseModel({ ...file, decision: { ...file.decision, critical: 0.5, criticalPlain: 0.8 } });
    const span = { start: 4, end: 9 };
    const staff = urgencySupport([], [{ name: 'STAFF', span }]);
    const hazard = urgencySupport([], [{ name: 'HAZARD', span }]);
    // Act
    const otherCategory = combineUrgency(
      rulesNormal,
      model,
      prediction([0.95, 0.03, 0.01, 0.01]),
      features,
      BANDS,
      staff,
    );
    const unsure = combineUrgency(rulesNormal, model, prediction([0.7, 0.2, 0.05, 0.05]), features, BANDS, hazard);
    const sure = combineUrgency(rulesNormal, model, prediction([0.9, 0.05, 0.03, 0.02]), features, BANDS, hazard);
    // Assess
    expect(staff.backed.size).toBe(0);
    expect(otherCategory.level).not.toBe('critical');
    expect(unsure.level).not.toBe('critical');
    expect(sure.level).toBe('critical');
    expect(sure.reasons[0]).toMatchObject({ code: 'safety_risk', level: 'critical', evidence: span });
    // Named plainly, it ranks below a critical a concept backs at the same probability.
    const backed = foreignObjectInFood(span);
    const backedSure = combineUrgency(rulesNormal, model, prediction([0.9, 0.05, 0.03, 0.02]), features, BANDS, backed);
    expect(sure.score).toBeLessThan(backedSure.score - 5);
  });

  it("lowers a rules' critical the model reads as praise and finds unlikely, and keeps it in a complaint", async () => {
    // Prepare: "Thanks to the crew who helped when my son was injured" — a rules' critical on the word 'injured'.
    const file = await train();
    const model = parseModel({ ...file, decision: { ...file.decision, critical: 0.5, keepCritical: 0.03 } });
    const evidence = { start: 0, end: 7 };
    const rulesCritical = {
      level: 'critical' as const,
      score: 90,
      reasons: [{ code: 'safety_risk', level: 'critical' as const, evidence }],
    };
    const praised = { ...prediction([0.2, 0.1, 0.3, 0.4]), sentiment: Float64Array.from([0.8, 0.1, 0.1, 0]) };
    const complained = prediction([0.2, 0.1, 0.3, 0.4]);
    // Act
    const lowered = combineUrgency(rulesCritical, model, praised, features, BANDS, NO_SUPPORT);
    const kept = combineUrgency(rulesCritical, model, complained, features, BANDS, NO_SUPPORT);
    // Assess
    expect(lowered.level).toBe('low');
    expect(lowered.reasons.map((r) => r.code)).toContain('model_lowered');
    expect(kept.level).toBe('critical');
  });

  it("lowers a rules' critical to high, its reasons kept at high, when the model reads high and not critical", async () => {
    // Prepare: "the waiter rolled his eyes — never again": a rules' staff-abuse critical the model reads as a very angry high.
    const file = await train();
    const evidence = { start: 0, end: 6 };
    const rulesCritical = {
      level: 'critical' as const,
      score: 90,
      reasons: [{ code: 'staff_abuse', level: 'critical' as const, evidence }],
    };
    const angry = prediction([0.05, 0.85, 0.06, 0.04]);
    const decided = (criticalToHigh?: number) =>
      parseModel({ ...file, decision: { ...file.decision, high: 0.5, keepCritical: 0.03, criticalToHigh } });
    // Act
    const lowered = combineUrgency(rulesCritical, decided(0.2), angry, features, BANDS, NO_SUPPORT);
    const unsure = combineUrgency(
      rulesCritical,
      decided(0.2),
      prediction([0.3, 0.6, 0.05, 0.05]),
      features,
      BANDS,
      NO_SUPPORT,
    );
    const olderFile = combineUrgency(rulesCritical, decided(undefined), angry, features, BANDS, NO_SUPPORT);
    const distress = combineUrgency(
      { ...rulesCritical, reasons: [{ code: 'vulnerable_customer', level: 'critical' as const, evidence }] },
      decided(0.2),
      angry,
      features,
      BANDS,
      NO_SUPPORT,
    );
    // Assess
    expect(lowered.level).toBe('high');
    expect(lowered.reasons[0]).toMatchObject({ code: 'staff_abuse', level: 'high', evidence });
    expect(lowered.reasons.at(-1)).toMatchObject({
      code: 'model_lowered',
      detail: 'model: critical unlikely (p=0.05)',
    });
    expect(lowered.score).toBeGreaterThanOrEqual(BANDS.high.min);
    expect(lowered.score).toBeLessThanOrEqual(BANDS.high.max);
    expect(unsure.level).toBe('critical');
    expect(olderFile.level).toBe('critical');
    expect(distress.level).toBe('critical');
  });

  it("keeps a rules' critical the model reads as no complaint: a harm told as a plain fact is not calm", async () => {
    // Prepare: 「店内で転んで足を骨折しました」 — a rules' critical on its words; the sentiment head reads no complaint.
    const file = await train();
    const model = parseModel({ ...file, decision: { ...file.decision, critical: 0.5, keepCritical: 0.03 } });
    const rulesCritical = {
      level: 'critical' as const,
      score: 94,
      reasons: [{ code: 'safety_risk', level: 'critical' as const, evidence: { start: 9, end: 11 } }],
    };
    const plainFact = (positive: number) => ({
      ...prediction([0.2, 0.1, 0.2, 0.5]),
      sentiment: Float64Array.from([positive, 0.1, 0.9 - positive, 0]),
    });
    // Act
    const neutral = combineUrgency(rulesCritical, model, plainFact(0.1), features, BANDS, NO_SUPPORT);
    const leaningPositive = combineUrgency(rulesCritical, model, plainFact(0.5), features, BANDS, NO_SUPPORT);
    const thanks = combineUrgency(rulesCritical, model, plainFact(0.85), features, BANDS, NO_SUPPORT);
    // Assess: only a thank-you (praise ≥ PRAISE) the model finds no critical in is lowered.
    expect(neutral.level).toBe('critical');
    expect(leaningPositive.level).toBe('critical');
    expect(thanks.level).toBe('low');
  });

  it("raises a rules' low that backs nothing to high only when the model is sure of it in a complaint", async () => {
    // Prepare: a made-up word the training set marks high, so a word weighs for the raise.
    const model = parseModel(
      await markedFile(
        ['Glorp again from you', 'The bill is glorp', 'Glorp, third time now', 'Your app went glorp'],
        ['Fine again from you', 'The bill is fine', 'Fine, third time now', 'Your app went fine'],
        'high',
        'very_angry',
      ),
    );
    const [seen] = await rulesOnly.features([{ text: 'The refund went glorp', language: 'en' }]);
    // Act
    const sure = combineUrgency(
      rulesLow,
      model,
      prediction([0.02, SURE_HIGH, 0.1, 0.08]),
      seen!.features,
      BANDS,
      NO_SUPPORT,
    );
    const lessSure = combineUrgency(
      rulesLow,
      model,
      prediction([0.02, SURE_HIGH - 0.2, 0.3, 0.28]),
      seen!.features,
      BANDS,
      NO_SUPPORT,
    );
    // Assess
    expect(sure.level).toBe('high');
    expect(lessSure.level).not.toBe('high');
  });

  it("keeps a lone clearly worded sentence's reading against the model's neutral, not a longer comment's", async () => {
    // Prepare: 「お風呂は良かったです。」 — one sentence, clearly positive words; the model reads neutral.
    const model = parseModel(await train());
    const neutral = { ...prediction([0, 0, 0.5, 0.5]), sentiment: Float64Array.from([0.2, 0.1, 0.7, 0]) };
    const sentence = (start: number, score: number) => ({
      span: { start, end: start + 10 },
      label: 'positive' as const,
      score,
    });
    const lone = { label: 'positive' as const, score: 0.6, confidence: 0.8, sentences: [sentence(0, 0.6)] };
    const faint = { ...lone, score: 0.3, sentences: [sentence(0, 0.3)] };
    const longer = { ...lone, sentences: [sentence(0, 0.6), sentence(11, 0.6)] };
    // Act
    const kept = combineSentiment(lone, model, neutral);
    const faintRead = combineSentiment(faint, model, neutral);
    const longerRead = combineSentiment(longer, model, neutral);
    // Assess
    expect(kept.label).toBe('positive');
    expect(faintRead.label).toBe('neutral');
    expect(longerRead.label).toBe('neutral');
  });

  it("keeps a short remark's reading unless the model is sure, not a longer comment's or a complaint's", async () => {
    // Prepare: 「部屋は普通です。」 — a few morphemes, no opinion word, no complaint; the model leans negative, as it
    // does on 「清潔感のある部屋でした。」, one sentence whose words lean clearly positive.
    const model = parseModel(await train());
    const analyzer = createLocalAnalyzer({ models: {} });
    const texts = [
      '部屋は普通です。',
      '部屋は普通です。チェックインの時に予約の名前を二回聞かれて、結局フロントの前で十五分ほど立って待っていました。',
      '色が違う服が届いた。',
      '清潔感のある部屋でした。',
    ];
    const [remark, longer, complaint, praise] = await analyzer.features(
      texts.map((text) => ({ text, language: 'ja' })),
    );
    const leaning = { ...prediction([0, 0, 0.5, 0.5]), sentiment: Float64Array.from([0.1, 0.6, 0.25, 0.05]) };
    const sure = { ...leaning, sentiment: Float64Array.from([0.05, 0.8, 0.1, 0.05]) };
    const isShort = (r: typeof remark) => isShortRemark(r!.features!, r!.analysis.sentiment, r!.analysis.urgency);
    // Act
    const kept = combineSentiment(remark!.analysis.sentiment, model, leaning, isShort(remark));
    const overruled = combineSentiment(remark!.analysis.sentiment, model, sure, isShort(remark));
    const praiseKept = combineSentiment(praise!.analysis.sentiment, model, leaning, isShort(praise));
    // Assess
    expect(isShort(remark)).toBe(true);
    expect(isShort(longer)).toBe(false);
    expect(isShort(complaint)).toBe(false);
    expect(kept.label).toBe('neutral');
    expect(overruled.label).toBe('negative');
    expect(praiseKept.label).toBe('positive');
  });

  it('a plain mention backs no critical when the model reads no complaint', async () => {
    // Prepare
    const file = await train();
    const model = parseModel({ ...file, decision: { ...file.decision, critical: 0.5, criticalPlain: 0.8 } });
    const hazard = urgencySupport([], [{ name: 'HAZARD', span: { start: 0, end: 4 } }]);
    const calm = { ...prediction([0.9, 0.05, 0.03, 0.02]), sentiment: Float64Array.from([0.3, 0.2, 0.5, 0]) };
    // Act
    const result = combineUrgency(rulesNormal, model, calm, features, BANDS, hazard);
    // Assess
    expect(result.level).not.toBe('critical');
  });

  it('review: a complaint naming a critical subject that the model half believes becomes high, not normal or low', async () => {
    // Prepare: "The tablets are 10mg, my prescription says 2.5mg" — a medicine named, the model unsure of critical.
    const file = await train();
    const model = parseModel({ ...file, decision: { ...file.decision, critical: 0.6, criticalPlain: 0.8, high: 0.9 } });
    const span = { start: 4, end: 11 };
    const medicine = urgencySupport([], [{ name: 'MEDICATION', span }]);
    const halfSure = prediction([REVIEW_CRITICAL + 0.05, 0.05, 0.5, 0.4 - REVIEW_CRITICAL]);
    const calm = { ...halfSure, sentiment: Float64Array.from([0.3, 0.2, 0.5, 0]) };
    // Act
    const reviewed = combineUrgency(rulesLow, model, halfSure, features, BANDS, medicine);
    const unnamed = combineUrgency(rulesLow, model, halfSure, features, BANDS, NO_SUPPORT);
    const notAComplaint = combineUrgency(rulesLow, model, calm, features, BANDS, medicine);
    const unlikely = combineUrgency(rulesLow, model, prediction([0.1, 0.05, 0.5, 0.35]), features, BANDS, medicine);
    // Assess
    expect(reviewed.level).toBe('high');
    expect(reviewed.reasons[0]).toMatchObject({ code: 'safety_risk', level: 'high', evidence: span });
    expect(reviewed.reasons[0]?.detail).toMatch(/^may be critical — review/);
    expect(unnamed.level).not.toBe('high');
    expect(notAComplaint.level).not.toBe('high');
    expect(unlikely.level).not.toBe('high');
  });

  it('an explicit statement of danger backs safety; being locked out of money backs a vulnerable customer only with what it is for', () => {
    const span = { start: 0, end: 11 };
    const later = { start: 20, end: 24 };
    expect(urgencySupport([], [{ name: 'RISK_STATEMENT', span }]).backed.get('safety')).toEqual(span);
    expect(urgencySupport([], [{ name: 'MONEY_LOCKED', span }]).backed.has('vulnerable_customer')).toBe(false);
    expect(
      urgencySupport(
        [],
        [
          { name: 'MONEY_LOCKED', span },
          { name: 'ESSENTIALS', span: later },
        ],
      ).backed.get('vulnerable_customer'),
    ).toEqual(span);
  });

  it('a backed category makes no critical from a request: the model must read some complaint', async () => {
    // Prepare: "Our son has a peanut allergy, can the crew not serve peanuts?" — an allergen backs safety, but it asks.
    const model = parseModel(await train());
    const span = { start: 2, end: 8 };
    const allergen = urgencySupport([], [{ name: 'ALLERGEN', span }]);
    const sure = prediction([0.9, 0.05, 0.03, 0.02]);
    const asking = { ...sure, sentiment: Float64Array.from([0.2, 0.1, 0.7, 0]) };
    // Act
    const complained = combineUrgency(rulesNormal, model, sure, features, BANDS, allergen);
    const asked = combineUrgency(rulesNormal, model, asking, features, BANDS, allergen);
    // Assess
    expect(complained.level).toBe('critical');
    expect(asked.level).not.toBe('critical');
  });

  it('backs a category with two concepts only when both are found', () => {
    const span = { start: 0, end: 4 };
    expect(urgencySupport([], [{ name: 'HAZARD', span }]).backed.has('safety')).toBe(false);
    expect(
      urgencySupport(
        [],
        [
          { name: 'HAZARD', span },
          { name: 'DANGER_STATE', span: { start: 9, end: 14 } },
        ],
      ).backed.get('safety'),
    ).toEqual(span);
  });

  it('backs a vulnerable customer with despair alone, with hardship only beside a vulnerable person', () => {
    const at = (start: number) => ({ start, end: start + 4 });
    const backs = (names: string[]) =>
      urgencySupport(
        [],
        names.map((name, i) => ({ name, span: at(10 * i) })),
      ).backed.has('vulnerable_customer');
    expect(backs(['DISTRESS'])).toBe(false);
    expect(backs(['VULNERABLE_PERSON', 'DISTRESS'])).toBe(true);
    expect(backs(['DESPAIR'])).toBe(true);
  });

  it('keeps a foreign object in food firm: the model does not lower that rules critical, whatever the tone', async () => {
    // Prepare
    const model = parseModel(await train());
    const rulesCritical = rulesCriticalOf('safety_risk');
    const playful: Prediction = {
      sentiment: Float64Array.from([0.9, 0.05, 0.05, 0]),
      urgency: Float64Array.from([0.01, 0.01, 0.3, 0.68]),
      category: new Float64Array(13),
      topics: new Float64Array(TOPICS.length),
    };
    const span = { start: 0, end: 4 };
    const firm = urgencySupport(rulesCritical.reasons, [
      { name: 'FOREIGN_OBJECT', span },
      { name: 'FOOD', span: { start: 8, end: 12 } },
    ]);
    // Act
    const kept = combineUrgency(rulesCritical, model, playful, features, BANDS, firm);
    const lowered = combineUrgency(rulesCritical, model, playful, features, BANDS, NO_SUPPORT);
    // Assess
    expect(kept.level).toBe('critical');
    expect(lowered.level).not.toBe('critical');
  });

  it("keeps a short report's safety critical against the model's doubt, not a long one, a what-if or another category", async () => {
    // Prepare
    const model = parseModel(await train());
    const rulesCritical = rulesCriticalOf('safety_risk');
    const rulesOutage = rulesCriticalOf('outage');
    const calm: Prediction = {
      sentiment: Float64Array.from([0.5, 0.2, 0.3, 0]),
      urgency: Float64Array.from([0.02, 0.03, 0.4, 0.55]),
      category: new Float64Array(13),
      topics: new Float64Array(TOPICS.length),
    };
    const hurt = urgencySupport(rulesCritical.reasons, [
      { name: 'ACCIDENT', span: { start: 0, end: 4 } },
      { name: 'HARM', span: { start: 8, end: 12 } },
    ]);
    const wordsOf = (n: number) => ({ ...features, words: Array.from({ length: 3 * n }, () => 0) });
    // Act
    const short = combineUrgency(rulesCritical, model, calm, wordsOf(10), BANDS, hurt);
    const shortOutage = combineUrgency(rulesOutage, model, calm, wordsOf(10), BANDS, NO_SUPPORT);
    const whatIf = combineUrgency(rulesCritical, model, calm, wordsOf(10), BANDS, { ...hurt, hypothetical: true });
    const long = combineUrgency(rulesCritical, model, calm, wordsOf(60), BANDS, hurt);
    const thankful = { ...calm, sentiment: Float64Array.from([0.9, 0.05, 0.05, 0]) };
    const thanked = combineUrgency(rulesCritical, model, thankful, wordsOf(10), BANDS, { ...hurt, thanks: true });
    // Assess
    expect(short.level).toBe('critical');
    expect(shortOutage.level).not.toBe('critical');
    expect(whatIf.level).not.toBe('critical');
    expect(long.level).not.toBe('critical');
    expect(thanked.level).not.toBe('critical');
  });

  it('hedges one step towards the level a far miss makes costlier, never more', () => {
    // Act & Assess: probabilities are critical, high, normal, low
    expect(hedgeLevel('critical', [0.05, 0.05, 0.6, 0.3])).toBe('high');
    expect(hedgeLevel('low', [0.9, 0.05, 0.03, 0.02])).toBe('normal');
    expect(hedgeLevel('normal', [0.02, 0.03, 0.15, 0.8])).toBe('low');
    expect(hedgeLevel('high', [0.1, 0.7, 0.15, 0.05])).toBe('high');
    // Split between critical and normal, a critical verdict gives way to high; one the model backs stays.
    expect(hedgeLevel('critical', [0.48, 0.03, 0.49, 0])).toBe('high');
    expect(hedgeLevel('critical', [0.6, 0.05, 0.3, 0.05])).toBe('critical');
  });

  it("hedges a long text's critical the model reads as calm to high, its reasons kept; never a short report, a customer in distress, a firm subject or a rating", async () => {
    // Prepare
    const model = parseModel(await train());
    const calm = prediction([0.2, 0.05, 0.5, 0.25]);
    const wordsOf = (n: number) => ({ ...features, words: Array.from({ length: 3 * n }, () => 0) });
    const span = { start: 0, end: 4 };
    const firm = urgencySupport(rulesCriticalOf('safety_risk').reasons, [
      { name: 'FOREIGN_OBJECT', span },
      { name: 'FOOD', span: { start: 8, end: 12 } },
    ]);
    const rated = {
      level: 'critical' as const,
      score: 90,
      reasons: [{ code: 'very_low_rating', level: 'critical' as const }],
    };
    // Act
    const hedged = combineUrgency(rulesCriticalOf('safety_risk'), model, calm, wordsOf(40), BANDS, NO_SUPPORT);
    const short = combineUrgency(rulesCriticalOf('safety_risk'), model, calm, wordsOf(10), BANDS, NO_SUPPORT);
    const distress = combineUrgency(
      rulesCriticalOf('vulnerable_customer'),
      model,
      calm,
      wordsOf(40),
      BANDS,
      NO_SUPPORT,
    );
    const firmKept = combineUrgency(rulesCriticalOf('safety_risk'), model, calm, wordsOf(40), BANDS, firm);
    const rating = combineUrgency(rated, model, calm, wordsOf(40), BANDS, NO_SUPPORT);
    // Assess
    expect(hedged.level).toBe('high');
    expect(hedged.reasons[0]).toMatchObject({ code: 'safety_risk', level: 'high', evidence: { start: 0, end: 4 } });
    expect(hedged.reasons.at(-1)?.code).toBe('model_lowered');
    expect(short.level).toBe('critical');
    expect(distress.level).toBe('critical');
    expect(firmKept.level).toBe('critical');
    expect(rating.level).toBe('critical');
  });

  it('the hedge raises to high only on a word that weighs for it, and never what the model reads as praise', async () => {
    // Prepare: a made-up word that the training set marks critical, so only the model knows it.
    const file = await glorpFile();
    const [seen] = await rulesOnly.features([{ text: 'The kettle went glorp', language: 'en' }]);
    // Likelier critical than anything, below the thresholds that raise on their own; read as praise or not.
    const likely = (praised: boolean): Prediction => ({
      ...prediction([0.62, 0.03, 0.3, 0.05]),
      sentiment: Float64Array.from(praised ? [0.87, 0.05, 0.08, 0] : [0.45, 0.3, 0.2, 0.05]),
    });
    const decided = parseModel({ ...file, decision: { ...file.decision, high: 0.9 } });
    // Act
    const raised = combineUrgency(rulesNormal, decided, likely(false), seen!.features, BANDS, NO_SUPPORT);
    const praised = combineUrgency(rulesNormal, decided, likely(true), seen!.features, BANDS, NO_SUPPORT);
    const wordless = combineUrgency(rulesNormal, decided, likely(false), features, BANDS, NO_SUPPORT);
    // Assess
    expect(raised.level).toBe('high');
    expect(raised.reasons[0]?.evidence).toBeDefined();
    expect(praised.level).toBe('normal');
    expect(wordless.level).toBe('normal');
  });

  it("raises a rules' low to normal when the model finds low unlikely", async () => {
    // Prepare
    const file = await train();
    const model = parseModel({ ...file, decision: { ...file.decision, low: 0.4 } });
    // Act
    const raised = combineUrgency(rulesLow, model, prediction([0.05, 0.05, 0.7, 0.2]), features, BANDS, NO_SUPPORT);
    const kept = combineUrgency(rulesLow, model, prediction([0.01, 0.01, 0.18, 0.8]), features, BANDS, NO_SUPPORT);
    // Assess
    expect(raised.level).toBe('normal');
    expect(raised.reasons[0]?.code).toBe('model_raised');
    expect(kept.level).toBe('low');
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
      '{"text":"late again","expected":{"topics":["Late Flight!"]}}\n',
      /:1: expected.topics 'Late Flight!' is not a topic id/,
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

describe('isBareEnding: what a model reason does not show as its evidence when another word will do', () => {
  it.each([
    ['明細が送られてきました', 'れ', 'ja', true],
    ['明細が送られてきました', 'まし', 'ja', true],
    ['明細が送られてきました', '明細', 'ja', false],
    ['お湯が出ません', '出', 'ja', false],
    ['I was charged twice', 'was', 'en', false],
  ])('%s: %s (%s) → %s', (text, word, language, expected) => {
    // Prepare
    const start = text.indexOf(word);
    // Act
    const result = isBareEnding(text, { start, end: start + word.length }, language);
    // Assess
    expect(result).toBe(expected);
  });
});
