/**
 * Dev loop for the Japanese sentiment scorer: JRTE (../shared/data/jrte_pn_ja/pn.tsv)
 * macro-F1, accuracy and confusion per split, plus throughput (comments/s, median of 3).
 * Usage: npx tsx bench/eval-japanese.ts [--errors train|dev] [--limit N]
 * JRTE is CC BY-NC-SA 4.0: read it here to evaluate and to tune by hand, never ship it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadJapaneseTokenizer } from '../shared/analysis/japanese/tokenizer.js';
import { JA_SENTIMENT_TUNING, scoreJapanese } from '../shared/analysis/sentiment/japanese.js';
import type { SentimentResult } from '../shared/analysis/types.js';

type Gold = 'positive' | 'neutral' | 'negative';
const CLASSES: Gold[] = ['positive', 'neutral', 'negative'];
const GOLD: Record<string, Gold> = { '1': 'positive', '0': 'neutral', '-1': 'negative' };

const dataFile = fileURLToPath(new URL('../../shared/data/jrte_pn_ja/pn.tsv', import.meta.url));
if (!existsSync(dataFile)) {
  console.log(`JRTE not found at ${dataFile}: skipping (see ../shared/data/README.md).`);
  process.exit(0);
}

interface Row {
  id: string;
  gold: Gold;
  text: string;
  split: string;
}
const rows: Row[] = [];
for (const line of readFileSync(dataFile, 'utf8').split('\n')) {
  const [id, label, text, , split] = line.split('\t');
  const gold = label === undefined ? undefined : GOLD[label];
  if (id && gold && text !== undefined && split) rows.push({ id, gold, text, split });
}

// The 3-class task has no "mixed": a mixed comment counts by the sign of its score.
const toGold = (r: SentimentResult): Gold =>
  r.label === 'mixed' ? (r.score > 0 ? 'positive' : r.score < 0 ? 'negative' : 'neutral') : r.label;

const args = process.argv.slice(2);
const errorsSplit = args.includes('--errors') ? args[args.indexOf('--errors') + 1] : undefined;
const limit = args.includes('--limit') ? Number(args[args.indexOf('--limit') + 1]) : 60;

const tokenizer = await loadJapaneseTokenizer();

const macroF1 = (subset: Row[]): number => {
  const confusion = CLASSES.map(() => CLASSES.map(() => 0));
  for (const row of subset) {
    confusion[CLASSES.indexOf(row.gold)]![CLASSES.indexOf(toGold(scoreJapanese(row.text, tokenizer)))]!++;
  }
  let sum = 0;
  for (let c = 0; c < CLASSES.length; c++) {
    const tp = confusion[c]![c]!;
    const predicted = confusion.reduce((s, r) => s + r[c]!, 0);
    const actual = confusion[c]!.reduce((s, v) => s + v, 0);
    const p = predicted ? tp / predicted : 0;
    const r = actual ? tp / actual : 0;
    sum += p + r ? (2 * p * r) / (p + r) : 0;
  }
  return sum / CLASSES.length;
};

// --sweep: grid over a few tunables, scored on train and dev only (test is never tuned on).
if (args.includes('--sweep')) {
  const tuning = JA_SENTIMENT_TUNING as unknown as Record<string, number>;
  const original = { ...tuning };
  const train = rows.filter((r) => r.split === 'train');
  const dev = rows.filter((r) => r.split === 'dev');
  console.log('contrastBefore negatedNegative pos  neg  | train  dev');
  for (const contrastBefore of [0.3, 0.5]) {
    for (const negatedNegative of [0.3, 0.5]) {
      for (const pos of [0.15, 0.2, 0.25]) {
        for (const neg of [0.1, 0.15, 0.2]) {
          Object.assign(tuning, { contrastBefore, negatedNegative, positiveThreshold: pos, negativeThreshold: neg });
          console.log(
            `${contrastBefore.toFixed(2).padStart(14)} ${negatedNegative.toFixed(2).padStart(15)} ${pos.toFixed(2)} ${neg.toFixed(2)} | ${macroF1(train).toFixed(3)}  ${macroF1(dev).toFixed(3)}`,
          );
        }
      }
    }
  }
  Object.assign(tuning, original);
  process.exit(0);
}

const table: string[] = [];
table.push(
  'split  |    n | macro-F1 | accuracy | F1 pos / neu / neg  | confusion (rows gold pos,neu,neg; cols predicted)',
);
for (const split of ['train', 'dev', 'test']) {
  const subset = rows.filter((r) => r.split === split);
  const confusion = CLASSES.map(() => CLASSES.map(() => 0));
  const errors: string[] = [];
  for (const row of subset) {
    const result = scoreJapanese(row.text, tokenizer);
    const predicted = toGold(result);
    confusion[CLASSES.indexOf(row.gold)]![CLASSES.indexOf(predicted)]!++;
    if (predicted !== row.gold && split === errorsSplit) {
      errors.push(`${row.gold.padEnd(8)} ← ${predicted.padEnd(8)} ${result.score.toFixed(2).padStart(5)}  ${row.text}`);
    }
  }
  const f1s = CLASSES.map((_, c) => {
    const tp = confusion[c]![c]!;
    const predicted = confusion.reduce((s, r) => s + r[c]!, 0);
    const actual = confusion[c]!.reduce((s, v) => s + v, 0);
    const p = predicted ? tp / predicted : 0;
    const r = actual ? tp / actual : 0;
    return p + r ? (2 * p * r) / (p + r) : 0;
  });
  const macro = f1s.reduce((s, v) => s + v, 0) / f1s.length;
  const acc = CLASSES.reduce((s, _, c) => s + confusion[c]![c]!, 0) / subset.length;
  table.push(
    `${split.padEnd(6)} | ${String(subset.length).padStart(4)} | ${macro.toFixed(3).padStart(8)} | ${acc.toFixed(3).padStart(8)} | ${f1s.map((f) => f.toFixed(2)).join(' / ')}   | ${confusion.map((r) => r.join(',')).join(' ; ')}`,
  );
  if (errors.length) {
    console.log(`--- ${split} errors (${errors.length}), gold ← predicted, first ${limit}:`);
    for (const e of errors.slice(0, limit)) console.log(e);
  }
}
console.log(table.join('\n'));

// Throughput: the whole analysis (tokenize + score), one core; wall clock and CPU time, because
// the machine is shared and wall clock alone under-reports when others are busy.
const measure = (label: string, texts: string[]) => {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < 3; run++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (const text of texts) scoreJapanese(text, tokenizer);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const used = process.cpuUsage(c0);
    wall.push(texts.length / seconds);
    cpu.push(texts.length / ((used.user + used.system) / 1e6));
  }
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[1]!);
  const chars = texts.reduce((s, t) => s + t.length, 0) / texts.length;
  console.log(
    `${label.padEnd(26)} ${String(median(wall)).padStart(6)} comments/s wall, ${String(median(cpu)).padStart(6)} per CPU-second (median of 3; ${texts.length} comments, mean ${chars.toFixed(0)} chars)`,
  );
};
const sentences = rows.map((r) => r.text);
measure('JRTE sentences', sentences);
// Real comments are longer than JRTE's sentences: five consecutive sentences per comment.
const comments: string[] = [];
for (let k = 0; k + 5 <= sentences.length; k += 5) comments.push(sentences.slice(k, k + 5).join(''));
measure('5-sentence comments', comments);
