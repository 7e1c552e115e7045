import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { present } from '../../present.js';
import { MODEL_TOPIC_ADD } from '../topics/detect-topics.js';
import type { Analysis, AnalysisInput, UrgencyLevel } from '../types.js';
import { combineSentiment, combineUrgency, isShortRemark, type Support, topicEvidence } from './combine.js';
import type { Features } from './features.js';
import { fnv1a } from './hash.js';
import { type Decision, type Model, type ModelFile, type Prediction, parseModel } from './model.js';
import { splitOf } from './split.js';
import { calibrate, DEFAULT_DECISION, type TrainingExample, trainModel } from './train.js';
import { f1, f2, UrgencyTally } from './urgency-tally.js';

/** One labelled text (a corpus item, a public sentence or a manager's correction); absent labels are unknown. */
export interface LabelledText {
  id: string;
  text: string;
  language: 'en' | 'ja';
  sentiment?: string | undefined;
  urgency?: string | undefined;
  category?: string | null | undefined;
  topics?: string[] | undefined;
}

/** The objects of a JSON Lines file, blank lines skipped. */
const jsonLines = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);

/**
 * Reads `bench/corpus/<lang>/items.jsonl` or `train-only.jsonl` (docs/analysis/labelling.md) as labelled texts;
 * a label a line leaves out (sentiment or topics in the older probe sets) stays unknown.
 */
export const readCorpusItems = (path: string, language: 'en' | 'ja'): LabelledText[] =>
  jsonLines<Record<string, unknown>>(path).map((row) => ({
    id: String(row.id),
    text: String(row.text),
    language,
    sentiment: row.sentiment as string | undefined,
    urgency: row.urgency as string,
    category: (row.category as string | null) ?? null,
    topics: row.topics as string[] | undefined,
  }));

/**
 * Reads `<corpusDir>/<lang>/lines.jsonl` (bench/corpus/README.md): texts labelled for one head only — sentiment
 * (Japanese review sentences, English posts to a company) or topics (English feedback) — all of them training data
 * for that head; the urgency and category weights come out the same without them (train.ts). Empty when the file
 * is absent.
 */
export const readCorpusLines = (corpusDir: string, language: 'en' | 'ja'): LabelledText[] => {
  const path = join(corpusDir, language, 'lines.jsonl');
  if (!existsSync(path)) return [];
  return jsonLines<{ id: string; text: string; sentiment?: string; topics?: string[] }>(path).map((row) => ({
    id: row.id,
    text: row.text,
    language,
    ...(row.sentiment === undefined ? {} : { sentiment: row.sentiment }),
    ...(row.topics === undefined ? {} : { topics: row.topics }),
  }));
};

/** Splits labelled texts by the fixed hash of their id. */
export const bySplit = (items: readonly LabelledText[]) => ({
  train: items.filter((i) => splitOf(i.id) === 'train'),
  dev: items.filter((i) => splitOf(i.id) === 'dev'),
  test: items.filter((i) => splitOf(i.id) === 'test'),
});

/**
 * A language's labelled corpus as training reads it (bench/corpus/README.md): `items.jsonl` split by the hash of
 * the id (its test split is only ever reported), `train-only.jsonl` (items written in sets, every one training data:
 * never dev or test) and `lines.jsonl` (one head each). The optional files are empty when absent.
 */
export const readCorpus = (corpusDir: string, language: 'en' | 'ja') => {
  const trainOnly = join(corpusDir, language, 'train-only.jsonl');
  return {
    ...bySplit(readCorpusItems(join(corpusDir, language, 'items.jsonl'), language)),
    trainOnly: existsSync(trainOnly) ? readCorpusItems(trainOnly, language) : [],
    lines: readCorpusLines(corpusDir, language),
  };
};

/** The analyzer's rules-only view of texts: what training reads (a `LocalAnalyzer`). */
export interface FeatureSource {
  features(
    inputs: AnalysisInput[],
  ): Promise<Array<{ language: string; features: Features; analysis: Analysis; support: Support }>>;
}

/** A labelled text with its features and the rules' analysis of it. */
export interface Prepared extends TrainingExample {
  item: LabelledText;
  analysis: Analysis;
  /** Critical categories the text backs with content (combine.ts). */
  support: Support;
}

/** Features and rules' analysis of each text, in batches. */
export const prepare = async (source: FeatureSource, items: readonly LabelledText[]): Promise<Prepared[]> => {
  const out: Prepared[] = [];
  for (let i = 0; i < items.length; i += 200) {
    const batch = items.slice(i, i + 200);
    const results = await source.features(batch.map((b) => ({ text: b.text, language: b.language })));
    batch.forEach((item, k) => {
      const r = present(results[k], 'features of a batch item');
      out.push({
        item,
        analysis: r.analysis,
        support: r.support,
        features: r.features,
        sentiment: item.sentiment,
        urgency: item.urgency,
        category: item.category === undefined ? undefined : (item.category ?? 'none'),
        topics: item.topics,
      });
    });
  }
  return out;
};

const BANDS: Record<UrgencyLevel, { min: number; max: number }> = {
  critical: { min: 80, max: 100 },
  high: { min: 60, max: 79 },
  normal: { min: 30, max: 59 },
  low: { min: 0, max: 29 },
};

/** A held-out example with the prediction of a model that did not train on it. */
export interface HeldOut {
  e: Prepared;
  p: Prediction;
  model: Model;
}

/**
 * Chooses the decision thresholds on held-out examples: urgency by critical F2 (recall weighs twice:
 * a missed critical costs more than a false alarm) + high-or-critical F1 minus far misses (two levels
 * apart) ×5 plus exact levels ×0.5; sentiment by accuracy.
 */
export const tuneDecision = (rows: readonly HeldOut[]): Decision => {
  // The same model with other thresholds: combineUrgency reads only `file.decision` from them.
  const at = (m: Model, decision: Decision): Model => ({ ...m, file: { ...m.file, decision } });
  const urgencyScore = (decision: Decision): number => {
    const tally = new UrgencyTally();
    let exact = 0;
    for (const { e, p, model } of rows) {
      if (!e.urgency) continue;
      // The thresholds shape the verdict; the hedge weighs it afterwards, so they are chosen without it.
      const level = combineUrgency(
        e.analysis.urgency,
        at(model, decision),
        p,
        e.features,
        BANDS,
        e.support,
        undefined,
        undefined,
        { hedge: false },
      ).level;
      tally.add(level, e.urgency as UrgencyLevel);
      if (level === e.urgency) exact++;
    }
    const { critical: c, highOrCritical: h } = tally;
    const n = Math.max(1, tally.n);
    return f2(c.tp, c.fp, c.fn) + f1(h.tp, h.fp, h.fn) - (5 * tally.far) / n + (0.5 * exact) / n;
  };
  let best: Decision = { ...DEFAULT_DECISION };
  let bestScore = Number.NEGATIVE_INFINITY;
  /** Keeps the best decision with `change` applied when it scores higher (a tie keeps what came first). */
  const consider = (change: Partial<Decision>): void => {
    const decision = { ...best, ...change };
    const score = urgencyScore(decision);
    if (score > bestScore) {
      bestScore = score;
      best = decision;
    }
  };
  // Not below 0.35: lower, the public airline tweets labelled positive or neutral pass 0.1 % marked critical.
  for (const critical of [0.35, 0.4, 0.45, 0.55, 0.65]) {
    for (const keepCritical of [0.03, 0.06, 0.1]) {
      for (const high of [0.35, 0.45, 0.55, 0.65]) {
        for (const [keepHigh, low] of [0.1, 0.2, 0.3].flatMap((k) => [0, 0.4, 0.5, 0.6].map((l) => [k, l] as const)))
          consider({ critical, keepCritical, high, keepHigh, low });
      }
    }
  }
  // Then how sure the model must be to raise to a category the text only names plainly, with the
  // thresholds for raising and keeping a critical tuned again beside it. Below 0.6 the public airline
  // tweets labelled positive or neutral come out critical more than 0.2 % of the time (bench/eval-corpus.ts).
  for (const critical of [0.35, 0.4, 0.45, 0.55, 0.65]) {
    for (const criticalPlain of [0.6, 0.7, 0.8, 0.9, 2]) {
      if (criticalPlain < critical) continue;
      for (const keepCritical of [0.03, 0.06, 0.1, 0.15, 0.2]) consider({ critical, criticalPlain, keepCritical });
    }
  }
  // Then whether the model may lower a rules' critical it finds unlikely to high, when it reads high (0: never).
  for (const criticalToHigh of [0, 0.05, 0.1, 0.15, 0.2, 0.3]) consider({ criticalToHigh });
  let bestAccuracy = -1;
  for (const sentiment of [0.5, 0.6, 0.7]) {
    let correct = 0;
    for (const { e, p, model } of rows)
      if (
        combineSentiment(
          e.analysis.sentiment,
          at(model, { ...best, sentiment }),
          p,
          isShortRemark(e.features, e.analysis.sentiment, e.analysis.urgency),
        ).label === e.sentiment
      )
        correct++;
    if (correct > bestAccuracy) {
      bestAccuracy = correct;
      best = { ...best, sentiment };
    }
  }
  return { ...best, topicAdd: tuneTopicAdd(rows) };
};

/** The thresholds a topic's model probability is tried at; below 0.1 the added topics are mostly noise. */
const TOPIC_ADD_GRID = [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7];

/**
 * Per topic, the probability at which the model adds it where no cue found it, by that topic's F2 over
 * the held-out rows (rules' topics always kept, as combineTopics keeps them): a missed pain point costs
 * more than a topic shown too often. An added topic needs words as evidence; the tuning counts any word
 * that weighs (it cannot tell an opinion word from the features alone, so it may count a few adds
 * combineTopics then refuses).
 */
const tuneTopicAdd = (rows: readonly HeldOut[]): Record<string, number> => {
  const out: Record<string, number> = {};
  const labels = rows[0]?.model.file.labels.topics ?? [];
  labels.forEach((topic, k) => {
    const scored = rows.flatMap(({ e, p, model }) => {
      if (!e.topics) return [];
      const gold = e.topics.includes(topic);
      const cue = e.analysis.topics.some((t) => t.topic === topic);
      const pk = p.topics[k] ?? 0;
      const addable =
        !cue && pk >= (TOPIC_ADD_GRID[0] ?? 0) && topicEvidence(model, e.features, topic, () => false).length > 0;
      return [{ gold, cue, p: addable ? pk : -1 }];
    });
    let best = { score: -1, at: MODEL_TOPIC_ADD };
    // Highest first: on a tie (a topic held-out rows never name) the model adds the least.
    for (const at of [...TOPIC_ADD_GRID].reverse()) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (const r of scored) {
        const on = r.cue || r.p >= at;
        if (on && r.gold) tp++;
        else if (on) fp++;
        else if (r.gold) fn++;
      }
      const score = f2(tp, fp, fn);
      if (score > best.score + 1e-9) best = { score, at };
    }
    out[topic] = best.at;
  });
  return out;
};

/**
 * Trains a language's model on `train`, calibrates it on `dev` and tunes its thresholds on `dev` (when
 * given) — the `koe train` path. With `folds` (the `npm run train` path) the thresholds are tuned on dev
 * and on each fold of `train` predicted by a model fitted on the other folds: dev alone holds about 40
 * criticals a language, too few to choose between thresholds. Only the examples `folds.among` picks (the
 * corpus's) are held out; the others (public sentences labelled by polarity) stay in every fold.
 */
export const fitModel = (
  train: readonly Prepared[],
  dev: readonly Prepared[],
  options: {
    language: 'en' | 'ja';
    topics: readonly string[];
    trainedOn: ModelFile['trainedOn'];
    folds?: { count: number; among: (e: Prepared) => boolean };
  },
): ModelFile => {
  const raw = trainModel(train, options);
  if (dev.length === 0) return raw;
  const fitted = (examples: readonly Prepared[]) => parseModel(calibrate(trainModel(examples, options), dev));
  const calibrated = calibrate(raw, dev);
  const model = parseModel(calibrated);
  const rows: HeldOut[] = dev.map((e) => ({ e, p: model.predict(e.features), model }));
  const folds = options.folds?.count ?? 0;
  const foldOf = (e: Prepared) => (options.folds?.among(e) ? fnv1a(`${e.item.id}#fold`) % folds : -1);
  for (let k = 0; k < folds; k++) {
    const held = train.filter((e) => foldOf(e) === k);
    if (held.length === 0) continue;
    const foldModel = fitted(train.filter((e) => foldOf(e) !== k));
    for (const e of held) rows.push({ e, p: foldModel.predict(e.features), model: foldModel });
  }
  return { ...calibrated, decision: tuneDecision(rows) };
};
