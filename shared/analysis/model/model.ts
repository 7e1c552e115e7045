import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { present } from '../../present.js';
import type { Span } from '../types.js';
import { FEATURE_BITS, type Features } from './features.js';

/** Sentiment labels the model predicts (the corpus's). */
export const SENTIMENT_LABELS = ['positive', 'negative', 'neutral', 'mixed'] as const;
/** Urgency levels the model predicts. */
export const URGENCY_LABELS = ['critical', 'high', 'normal', 'low'] as const;
/** The categories of a critical item (docs/analysis/labelling.md). */
export const CRITICAL_CATEGORY_LABELS = [
  'safety',
  'legal',
  'security_privacy',
  'fraud',
  'outage',
  'staff_abuse',
  'vulnerable_customer',
] as const;
/** The categories of a high item. */
export const HIGH_CATEGORY_LABELS = ['churn', 'money', 'repeat_contact', 'deadline', 'very_angry'] as const;
/** Urgency categories (docs/analysis/labelling.md); `none` for normal and low. */
export const CATEGORY_LABELS = ['none', ...CRITICAL_CATEGORY_LABELS, ...HIGH_CATEGORY_LABELS] as const;

/** Where the model's decisions cut (tuned on the dev split by `npm run train`). */
export interface Decision {
  /** Raise to critical when P(critical) is at least this (and the text backs a critical category). */
  critical: number;
  /**
   * Raise to critical when P(critical) is at least this and the text only names the likeliest critical
   * category plainly (combine.ts `PLAIN_SUPPORT`); absent in older files: never.
   */
  criticalPlain?: number;
  /** Keep a rules' critical when P(critical) is at least this; below, the model lowers it. */
  keepCritical: number;
  /** Raise to high when P(high or critical) is at least this. */
  high: number;
  /**
   * Lower a rules' critical to high when P(critical) is below this and P(high or critical) is at least
   * `high` (an angry customer, not a critical one); absent in older files: never.
   */
  criticalToHigh?: number;
  /** Keep a rules' high when P(high or critical) is at least this; below, the model lowers it. */
  keepHigh: number;
  /** Raise a rules' low to normal when P(low) is below this. */
  low: number;
  /** Replace the lexicon's sentiment label when the model's is at least this likely. */
  sentiment: number;
  /**
   * Per topic, add a topic no cue found when the model gives it at least this (combine.ts); a topic
   * absent here (and every topic in older files) uses MODEL_TOPIC_ADD.
   */
  topicAdd?: Record<string, number>;
}

/** A model file as written by `npm run train` / `koe train` (docs/analysis/model.md). */
export interface ModelFile {
  format: 'koe-model/2';
  language: 'en' | 'ja';
  bits: number;
  labels: { sentiment: string[]; urgency: string[]; category: string[]; topics: string[] };
  temperature: { sentiment: number; urgency: number; category: number };
  decision: Decision;
  /** Weights are int8 × the output's scale (one scale per output). */
  scales: number[];
  bias: number[];
  /** base64 of the sorted feature ids (uint32) that have weights. */
  rows: string;
  /** base64 of int8 weights, one row of every output per id. */
  weights: string;
  trainedOn: { items: number; corrections: number; sources: string[] };
}

/** Probabilities per head; topics are independent (sigmoid), the others sum to 1. */
export interface Prediction {
  sentiment: Float64Array;
  urgency: Float64Array;
  category: Float64Array;
  topics: Float64Array;
}

/** A loaded model: predicts, and names the words that weighed most for one output. */
export interface Model {
  readonly language: 'en' | 'ja';
  /** First 8 hex digits of the file's SHA-256: part of the analyzer version. */
  readonly hash: string;
  readonly file: Omit<ModelFile, 'rows' | 'weights'>;
  predict(features: Features): Prediction;
  /** Spans of the `max` words that pushed `head`'s `label` up the most (distinct, in text order). */
  explain(
    features: Features,
    head: 'sentiment' | 'urgency' | 'category' | 'topics',
    label: string,
    max?: number,
    minWeight?: number,
  ): Span[];
}

/** A model file that cannot be used, with the field that is wrong. */
export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';
}

// Prediction heads are views carved from shared blocks: a typed array of more than 64 bytes gets its own
// buffer off the V8 heap, which cost more to allocate and collect than the prediction's arithmetic.
const BLOCK_DOUBLES = 8192;
let block = new ArrayBuffer(BLOCK_DOUBLES * 8);
let blockUsed = 0;

/** A fresh, zeroed Float64Array of `length` (a view of the current block; a new block when it is full). */
const carve = (length: number): Float64Array => {
  if (length > BLOCK_DOUBLES) return new Float64Array(length);
  if (blockUsed + length > BLOCK_DOUBLES) {
    block = new ArrayBuffer(BLOCK_DOUBLES * 8);
    blockUsed = 0;
  }
  const out = new Float64Array(block, blockUsed * 8, length);
  blockUsed += length;
  return out;
};

/** Softmax of `logits[from, to)` at `temperature` (a range, not a subarray: no view allocated per call). */
const softmax = (logits: Float64Array, from: number, to: number, temperature: number): Float64Array => {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = from; i < to; i++) {
    const v = present(logits[i], 'logit');
    if (v > max) max = v;
  }
  let sum = 0;
  const out = carve(to - from);
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.exp((present(logits[from + i], 'logit') - max) / temperature);
    sum += present(out[i], 'exponent');
  }
  for (let i = 0; i < out.length; i++) out[i] = present(out[i], 'exponent') / sum;
  return out;
};

/** Set bits of a 32-bit integer. */
const popcount = (x: number): number => {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
};

/**
 * Which feature ids have a row, as one bit per id (32 KB for 2^18 ids, against 1 MB for an offset per
 * id), and per 32-id lane the number of rows before it: an id's row is its rank among the ids present.
 */
const featureDirectory = (ids: ArrayLike<number> & Iterable<number>): { rank: Int32Array; lanes: Int32Array } => {
  const lanes = new Int32Array(1 << (FEATURE_BITS - 5));
  for (const id of ids) lanes[id >>> 5] = (lanes[id >>> 5] ?? 0) | (1 << (id & 31));
  const rank = new Int32Array(lanes.length);
  let before = 0;
  for (let lane = 0; lane < lanes.length; lane++) {
    rank[lane] = before;
    before += popcount(lanes[lane] ?? 0);
  }
  return { rank, lanes };
};

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

const check = (ok: boolean, field: string, what: string): void => {
  if (!ok) throw new ModelFormatError(`invalid model: ${field} ${what}`);
};

const stringList = (value: unknown, field: string): string[] => {
  check(Array.isArray(value) && value.every((v) => typeof v === 'string'), field, 'must be a list of strings');
  return value as string[];
};

/** Validates and decodes a model file (parsed JSON). Throws ModelFormatError naming the field. */
export const parseModel = (json: unknown, raw?: string): Model => {
  check(typeof json === 'object' && json !== null, '(root)', 'must be an object');
  const file = json as ModelFile;
  check(file.format === 'koe-model/2', 'format', "must be 'koe-model/2'");
  check(file.language === 'en' || file.language === 'ja', 'language', "must be 'en' or 'ja'");
  check(file.bits === FEATURE_BITS, 'bits', `must be ${FEATURE_BITS}`);
  const labels = {
    sentiment: stringList(file.labels?.sentiment, 'labels.sentiment'),
    urgency: stringList(file.labels?.urgency, 'labels.urgency'),
    category: stringList(file.labels?.category, 'labels.category'),
    topics: stringList(file.labels?.topics, 'labels.topics'),
  };
  check(labels.urgency.join() === URGENCY_LABELS.join(), 'labels.urgency', `must be ${URGENCY_LABELS.join(', ')}`);
  check(
    labels.sentiment.join() === SENTIMENT_LABELS.join(),
    'labels.sentiment',
    `must be ${SENTIMENT_LABELS.join(', ')}`,
  );
  check(labels.category.join() === CATEGORY_LABELS.join(), 'labels.category', `must be ${CATEGORY_LABELS.join(', ')}`);
  const width = labels.sentiment.length + labels.urgency.length + labels.category.length + labels.topics.length;
  check(
    Array.isArray(file.bias) && file.bias.length === width && file.bias.every(Number.isFinite),
    'bias',
    `must hold ${width} numbers`,
  );
  check(
    Array.isArray(file.scales) && file.scales.length === width && file.scales.every((v) => Number.isFinite(v) && v > 0),
    'scales',
    `must hold ${width} positive numbers`,
  );
  for (const key of ['sentiment', 'urgency', 'category'] as const)
    check(
      Number.isFinite(file.temperature?.[key]) && file.temperature[key] > 0,
      `temperature.${key}`,
      'must be positive',
    );
  for (const key of ['critical', 'keepCritical', 'high', 'keepHigh', 'low', 'sentiment'] as const)
    check(Number.isFinite(file.decision?.[key]), `decision.${key}`, 'must be a number');
  for (const key of ['criticalPlain', 'criticalToHigh'] as const)
    check(
      file.decision[key] === undefined || Number.isFinite(file.decision[key]),
      `decision.${key}`,
      'must be a number when present',
    );
  check(
    file.decision.topicAdd === undefined ||
      (typeof file.decision.topicAdd === 'object' &&
        file.decision.topicAdd !== null &&
        Object.entries(file.decision.topicAdd).every(([t, v]) => labels.topics.includes(t) && Number.isFinite(v))),
    'decision.topicAdd',
    'must map topics of labels.topics to numbers when present',
  );
  check(typeof file.rows === 'string' && typeof file.weights === 'string', 'rows', 'and weights must be base64 text');
  const rowBytes = Buffer.from(file.rows, 'base64');
  const weightBytes = Buffer.from(file.weights, 'base64');
  check(rowBytes.length % 4 === 0, 'rows', 'must be whole uint32 values');
  const rows = new Uint32Array(rowBytes.buffer.slice(rowBytes.byteOffset, rowBytes.byteOffset + rowBytes.length));
  check(weightBytes.length === rows.length * width, 'weights', `must hold ${rows.length} × ${width} int8 values`);
  check(
    rows.every((id) => id < 1 << FEATURE_BITS),
    'rows',
    `must be feature ids below 2^${FEATURE_BITS}`,
  );
  // Rows kept as int8 in feature-id order (43 bytes a row, not 172 as float32): predict reads one row
  // per feature present, and at this size the reads miss the cache. Each byte is turned into its weight
  // through a per-output table of float32(q × scale) — the very values a float32 row would hold, added
  // in the same order, so predictions are bit for bit those of expanded weights.
  const idOf = (r: number): number => present(rows[r], 'row id');
  // `npm run train` writes each id once, in increasing order: the rows are then in id order as they stand
  // (sorting 30,000 rows through a comparator cost ~20 ms of every start).
  const inOrder = rows.every((id, r) => r === 0 || id > idOf(r - 1));
  // Otherwise a repeated id keeps its last row, as when each row overwrote the id's offset.
  const byId = inOrder
    ? undefined
    : Array.from(rows.keys())
        .sort((a, b) => idOf(a) - idOf(b) || a - b)
        .filter((r, i, sorted) => i + 1 === sorted.length || idOf(present(sorted[i + 1], 'next row')) !== idOf(r));
  const { rank, lanes } = featureDirectory(byId ? byId.map(idOf) : rows);
  let codes = new Uint8Array(weightBytes.buffer, weightBytes.byteOffset, weightBytes.length);
  if (byId) {
    const ordered = new Uint8Array(byId.length * width);
    byId.forEach((r, ordinal) => {
      ordered.set(codes.subarray(r * width, (r + 1) * width), ordinal * width);
    });
    codes = ordered;
  }
  const weightOf = new Float32Array(width * 256);
  for (let k = 0; k < width; k++)
    for (let code = 0; code < 256; code++)
      weightOf[k * 256 + code] = ((code << 24) >> 24) * present(file.scales[k], 'scale of an output');
  /** Offset of a feature's row in `codes`, −1 when the model has no weights for it (or the id is out of range). */
  const rowOf = (id: number): number => {
    if (id >= 1 << FEATURE_BITS) return -1;
    const lane = id >>> 5;
    const bits = lanes[lane] ?? 0;
    const bit = 1 << (id & 31);
    if ((bits & bit) === 0) return -1;
    return (present(rank[lane], 'rank of a lane') + popcount(bits & (bit - 1))) * width;
  };
  const bias = Float64Array.from(file.bias);
  // The sums of one prediction, reused: a fresh typed array this size is allocated off the heap, which
  // cost more than the sums. predict never calls out before it has read them all.
  const acc = new Float64Array(width);
  // The row offsets of one prediction's features, reused (grown for long texts).
  let bases = new Int32Array(256);
  // The words' weights of one explanation, reused (grown for long texts).
  let heavy = new Float64Array(768);
  // Where the early reads of the rows go, so that the compiler keeps them.
  let _sink = 0;
  const offsets = {
    sentiment: 0,
    urgency: labels.sentiment.length,
    category: labels.sentiment.length + labels.urgency.length,
    topics: labels.sentiment.length + labels.urgency.length + labels.category.length,
  };
  const { rows: _rows, weights: _weights, ...meta } = file;
  const hash = createHash('sha256')
    .update(raw ?? JSON.stringify(file))
    .digest('hex')
    .slice(0, 8);

  return {
    language: file.language,
    hash,
    file: meta,
    predict(features) {
      if (bases.length < features.ids.length) bases = new Int32Array(features.ids.length * 2);
      // Each row's first and last bytes are read before any row is summed: the reads are independent, so their
      // cache misses overlap (in the sums below, each row's miss waited for the row before).
      let n = 0;
      let touched = 0;
      for (const id of features.ids) {
        const base = rowOf(id);
        if (base < 0) continue;
        bases[n++] = base;
        touched |= (codes[base] as number) | (codes[base + width - 1] as number);
      }
      // Four outputs at a time over every row, their sums in locals: the rows' lines stay in the L1 cache, the
      // sums are not loaded and stored per add (a row at a time did both), and the four sums are independent
      // chains of adds (one output at a time waited for each add before the next). Each output still adds
      // its rows in feature order, from its bias, so the sums are bit for bit those of a row at a time.
      // Indices stay inside `codes`, `bases` and `weightOf` by construction (`as number`).
      let k = 0;
      for (; k + 4 <= width; k += 4) {
        const table = k << 8;
        let sum0 = bias[k] as number;
        let sum1 = bias[k + 1] as number;
        let sum2 = bias[k + 2] as number;
        let sum3 = bias[k + 3] as number;
        for (let r = 0; r < n; r++) {
          const at = (bases[r] as number) + k;
          sum0 += weightOf[table | (codes[at] as number)] as number;
          sum1 += weightOf[(table + 256) | (codes[at + 1] as number)] as number;
          sum2 += weightOf[(table + 512) | (codes[at + 2] as number)] as number;
          sum3 += weightOf[(table + 768) | (codes[at + 3] as number)] as number;
        }
        acc[k] = sum0;
        acc[k + 1] = sum1;
        acc[k + 2] = sum2;
        acc[k + 3] = sum3;
      }
      // The last (at most three) outputs one at a time.
      for (; k < width; k++) {
        const table = k << 8;
        let sum = bias[k] as number;
        for (let r = 0; r < n; r++) sum += weightOf[table | (codes[(bases[r] as number) + k] as number)] as number;
        acc[k] = sum;
      }
      _sink ^= touched;
      const topics = carve(labels.topics.length);
      for (let k = 0; k < topics.length; k++) topics[k] = sigmoid(present(acc[offsets.topics + k], 'topic sum'));
      const { temperature } = file;
      return {
        sentiment: softmax(acc, offsets.sentiment, offsets.urgency, temperature.sentiment),
        urgency: softmax(acc, offsets.urgency, offsets.category, temperature.urgency),
        category: softmax(acc, offsets.category, offsets.topics, temperature.category),
        topics,
      };
    },
    explain(features, head, label, max = 3, minWeight = 0) {
      const index = labels[head].indexOf(label);
      if (index < 0) return [];
      const out = offsets[head] + index;
      const { words } = features;
      if (heavy.length < words.length) heavy = new Float64Array(words.length);
      // heavy[i] is the weight of the word whose triple starts at words[i], when above minWeight (else −∞).
      let whole = 0;
      for (; ; whole += 3) {
        const id = words[whole];
        if (id === undefined || words[whole + 1] === undefined || words[whole + 2] === undefined) break; // no whole triple left
        const base = rowOf(id);
        const weight = base < 0 ? 0 : present(weightOf[(out << 8) | (codes[base + out] ?? 0)], 'weight in explain');
        heavy[whole] = weight > minWeight ? weight : Number.NEGATIVE_INFINITY;
      }
      // The heaviest words first, of equal ones the earlier (the order a stable sort by weight gives), each
      // unless it overlaps one chosen already; picked one by one, since at most `max` are wanted: sorting
      // every word's weight allocated more than the choice cost.
      const chosen: Span[] = [];
      while (chosen.length < max) {
        let best = -1;
        let bestWeight = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < whole; i += 3) {
          const weight = heavy[i] as number;
          if (weight > bestWeight) {
            best = i;
            bestWeight = weight;
          }
        }
        if (best < 0) break;
        heavy[best] = Number.NEGATIVE_INFINITY;
        const start = words[best + 1] as number;
        const end = words[best + 2] as number;
        if (chosen.some((c) => c.start < end && start < c.end)) continue;
        // In text order: after every chosen span that starts no later (as a stable sort by start would).
        let at = chosen.length;
        while (at > 0 && (chosen[at - 1] as Span).start > start) at--;
        chosen.splice(at, 0, { start, end });
      }
      return chosen;
    },
  };
};

/** Reads and parses one model file; throws (ENOENT, ModelFormatError, SyntaxError) for the caller to report. */
export const readModelFile = (path: string): Model => {
  const raw = readFileSync(path, 'utf8');
  return parseModel(JSON.parse(raw), raw);
};
