import { FEATURE_BITS, type Features } from './features.js';
import {
  CATEGORY_LABELS,
  type Decision,
  type Model,
  type ModelFile,
  parseModel,
  SENTIMENT_LABELS,
  URGENCY_LABELS,
} from './model.js';

/** One labelled comment for training; a missing label leaves that head untouched by this example. */
export interface TrainingExample {
  features: Features;
  sentiment?: string | undefined;
  urgency?: string | undefined;
  /** A category, `none`, or undefined when unknown (a manager's correction names no category). */
  category?: string | undefined;
  topics?: readonly string[] | undefined;
}

/** Training settings; the defaults are what `npm run train` uses. */
export interface TrainOptions {
  language: 'en' | 'ja';
  topics: readonly string[];
  epochs?: number;
  /** L2 strength per update. */
  l2?: number;
  /** AdaGrad step. */
  rate?: number;
  seed?: number;
  /** Features seen in fewer training examples are left out (noise, and a smaller file). */
  minCount?: number;
  /**
   * Share of an example's word features hidden at each step (seeded), so the model leans on the
   * concepts and lexicon, which carry over to text written in another style; word weights are
   * scaled by (1 − this) in the file, as the expected value at prediction, when all words are seen.
   */
  wordDropout?: number;
  decision?: Decision;
  trainedOn: ModelFile['trainedOn'];
}

/** Weights smaller than this are left out of the file (they move no decision). */
const PRUNE = 0.03;

/** Decision thresholds before tuning. */
export const DEFAULT_DECISION: Decision = {
  critical: 0.5,
  keepCritical: 0.15,
  high: 0.5,
  keepHigh: 0.15,
  low: 0,
  sentiment: 0.5,
};

/** Deterministic PRNG (mulberry32), so training gives the same model for the same data. */
const random = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** Inverse-frequency weights (square root), so rare classes such as critical categories still count. */
const classWeights = (labels: readonly string[], values: Array<string | undefined>): Float64Array => {
  const counts = new Float64Array(labels.length);
  for (const v of values) {
    const i = v === undefined ? -1 : labels.indexOf(v);
    if (i >= 0) counts[i]!++;
  }
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (c > 0 ? Math.min(4, Math.sqrt(total / (labels.length * c))) : 1));
};

/**
 * Fits one multinomial logistic regression per head (sentiment, urgency, category: softmax;
 * topics: one sigmoid each) over hashed features, with AdaGrad and L2, in a seeded order:
 * the same examples always give the same file. Pure: returns the model file.
 */
export const trainModel = (examples: readonly TrainingExample[], options: TrainOptions): ModelFile => {
  const epochs = options.epochs ?? 8;
  const l2 = options.l2 ?? 1e-4;
  const rate = options.rate ?? 0.3;
  const minCount = options.minCount ?? 2;
  const heads = {
    sentiment: [...SENTIMENT_LABELS] as string[],
    urgency: [...URGENCY_LABELS] as string[],
    category: [...CATEGORY_LABELS] as string[],
    topics: [...options.topics],
  };
  const offsets = [0, heads.sentiment.length, heads.sentiment.length + heads.urgency.length];
  const topicOffset = offsets[2]! + heads.category.length;
  const width = topicOffset + heads.topics.length;

  // Vocabulary: features of at least `minCount` examples, renumbered densely.
  const counts = new Map<number, number>();
  for (const e of examples) for (const id of e.features.ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  const kept = [...counts].filter(([, n]) => n >= minCount).map(([id]) => id);
  kept.sort((a, b) => a - b);
  const dense = new Map(kept.map((id, i) => [id, i]));
  const rows = examples.map((e) => e.features.ids.flatMap((id) => (dense.has(id) ? [dense.get(id)!] : [])));
  // How many of each row's ids are word features (they come first), and which dense ids are never words.
  const wordCounts = examples.map(
    (e) => e.features.ids.slice(0, e.features.textCount).filter((id) => dense.has(id)).length,
  );
  const isWord = new Uint8Array(kept.length);
  examples.forEach((e) => {
    for (const id of e.features.ids.slice(0, e.features.textCount)) if (dense.has(id)) isWord[dense.get(id)!] = 1;
  });
  const dropout = options.wordDropout ?? 0.5;

  const w = new Float64Array(kept.length * width);
  const g2 = new Float64Array(kept.length * width).fill(1e-8);
  const bias = new Float64Array(width);
  const b2 = new Float64Array(width).fill(1e-8);
  const weightOf = {
    sentiment: classWeights(
      heads.sentiment,
      examples.map((e) => e.sentiment),
    ),
    urgency: classWeights(
      heads.urgency,
      examples.map((e) => e.urgency),
    ),
    category: classWeights(
      heads.category,
      examples.map((e) => e.category),
    ),
  };

  const next = random(options.seed ?? 17);
  const order = examples.map((_, i) => i);
  const grad = new Float64Array(width);
  const logits = new Float64Array(width);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const index of order) {
      const e = examples[index]!;
      const all = rows[index]!;
      const words = wordCounts[index]!;
      const active = dropout > 0 ? all.filter((_, i) => i >= words || next() >= dropout) : all;
      logits.set(bias);
      for (const r of active) for (let k = 0; k < width; k++) logits[k]! += w[r * width + k]!;
      grad.fill(0);
      const softmaxHead = (head: 'sentiment' | 'urgency' | 'category', offset: number, label: string | undefined) => {
        const labels = heads[head];
        const target = label === undefined ? -1 : labels.indexOf(label);
        if (target < 0) return;
        let max = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < labels.length; k++) max = Math.max(max, logits[offset + k]!);
        let sum = 0;
        for (let k = 0; k < labels.length; k++) sum += Math.exp(logits[offset + k]! - max);
        const cw = weightOf[head][target]!;
        for (let k = 0; k < labels.length; k++) {
          const p = Math.exp(logits[offset + k]! - max) / sum;
          grad[offset + k] = cw * (p - (k === target ? 1 : 0));
        }
      };
      softmaxHead('sentiment', offsets[0]!, e.sentiment);
      softmaxHead('urgency', offsets[1]!, e.urgency);
      softmaxHead('category', offsets[2]!, e.category);
      if (e.topics) {
        for (let k = 0; k < heads.topics.length; k++) {
          const p = 1 / (1 + Math.exp(-logits[topicOffset + k]!));
          grad[topicOffset + k] = p - (e.topics.includes(heads.topics[k]!) ? 1 : 0);
        }
      }
      for (let k = 0; k < width; k++) {
        const g = grad[k]!;
        if (g === 0) continue;
        b2[k]! += g * g;
        bias[k]! -= (rate * g) / Math.sqrt(b2[k]!);
        for (const r of active) {
          const at = r * width + k;
          const gw = g + l2 * w[at]!;
          g2[at]! += gw * gw;
          w[at]! -= (rate * gw) / Math.sqrt(g2[at]!);
        }
      }
    }
  }

  if (dropout > 0)
    for (let r = 0; r < kept.length; r++)
      if (isWord[r]) for (let k = 0; k < width; k++) w[r * width + k]! *= 1 - dropout;

  // Quantize to int8 with one scale per output; rows whose weights all round to zero are dropped
  // (a smaller file, the same predictions).
  const scales = new Float64Array(width);
  for (let r = 0; r < kept.length; r++)
    for (let k = 0; k < width; k++) scales[k] = Math.max(scales[k]!, Math.abs(w[r * width + k]!));
  for (let k = 0; k < width; k++) scales[k] = scales[k]! > 0 ? Number((scales[k]! / 127).toPrecision(6)) : 1;
  const keepRows: number[] = [];
  for (let r = 0; r < kept.length; r++) {
    let big = false;
    for (let k = 0; k < width && !big; k++) big = Math.abs(w[r * width + k]!) >= Math.max(PRUNE, scales[k]! / 2);
    if (big) keepRows.push(r);
  }
  const ids = new Uint32Array(keepRows.map((r) => kept[r]!));
  const q = new Int8Array(keepRows.length * width);
  keepRows.forEach((r, i) => {
    for (let k = 0; k < width; k++) {
      const v = w[r * width + k]!;
      q[i * width + k] = Math.abs(v) < PRUNE ? 0 : Math.round(v / scales[k]!);
    }
  });
  return {
    format: 'koe-model/2',
    language: options.language,
    bits: FEATURE_BITS,
    labels: heads,
    temperature: { sentiment: 1, urgency: 1, category: 1 },
    decision: options.decision ?? DEFAULT_DECISION,
    scales: [...scales],
    bias: [...bias].map((b) => Math.round(b * 1e5) / 1e5),
    rows: Buffer.from(ids.buffer).toString('base64'),
    weights: Buffer.from(q.buffer).toString('base64'),
    trainedOn: options.trainedOn,
  };
};

/** Fits each head's temperature on held-out examples (lowest negative log-likelihood on a grid). */
export const calibrate = (file: ModelFile, heldOut: readonly TrainingExample[]): ModelFile => {
  const model: Model = parseModel(file);
  const predictions = heldOut.map((e) => model.predict(e.features));
  const temperature = { ...file.temperature };
  for (const head of ['sentiment', 'urgency', 'category'] as const) {
    const labels = file.labels[head];
    let best = 1;
    let bestLoss = Number.POSITIVE_INFINITY;
    for (let t = 0.4; t <= 5.001; t += 0.1) {
      let loss = 0;
      heldOut.forEach((e, i) => {
        const target = e[head] === undefined ? -1 : labels.indexOf(e[head] as string);
        if (target < 0) return;
        // Re-scale the already-softmaxed probabilities: p^(1/t) renormalised equals softmax(logits/t).
        const p = predictions[i]![head];
        let sum = 0;
        for (const v of p) sum += v ** (1 / t);
        loss -= Math.log(Math.max(1e-12, p[target]! ** (1 / t) / sum));
      });
      if (loss < bestLoss) {
        bestLoss = loss;
        best = Math.round(t * 10) / 10;
      }
    }
    temperature[head] = best;
  }
  return { ...file, temperature };
};
