/**
 * Dev loop for the Japanese sentiment scorer: JRTE (../shared/data/jrte_pn_ja/pn.tsv)
 * macro-F1, accuracy and confusion per split, plus throughput (comments/s, median of 3).
 * Usage: npx tsx bench/eval-japanese.ts [--errors train|dev] [--limit N]
 * JRTE is CC BY-NC-SA 4.0: read it here to evaluate and to tune by hand, never ship it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadJapaneseTokenizer } from '../shared/analysis/japanese/tokenizer.js';
import { scoreJapanese } from '../shared/analysis/sentiment/japanese.js';
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

// Throughput: the whole analysis (tokenize + score) over every JRTE sentence, one core.
const texts = rows.map((r) => r.text);
const rates: number[] = [];
for (let run = 0; run < 3; run++) {
  const t0 = process.hrtime.bigint();
  for (const text of texts) scoreJapanese(text, tokenizer);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  rates.push(texts.length / seconds);
}
rates.sort((a, b) => a - b);
const chars = texts.reduce((s, t) => s + t.length, 0) / texts.length;
console.log(
  `throughput: ${Math.round(rates[1]!)} comments/s (median of 3; runs ${rates.map((r) => Math.round(r)).join(', ')}; ${texts.length} comments, mean ${chars.toFixed(1)} chars)`,
);
