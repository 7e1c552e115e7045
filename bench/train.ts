/**
 * `npm run train`: fits Koe's model per language (docs/analysis/model.md) on the corpus's train split and
 * train-only sets (bench/corpus) plus the UCI review sentences (CC BY 4.0, English sentiment only), calibrates and
 * tunes it on the dev split, and writes models/en.json and models/ja.json. Deterministic: the same
 * data gives the same files. The test split is never read here.
 *
 *   npm run train                        the committed models (Koe's corpus + CC BY data only)
 *   npm run train -- --with-public-nc    adds the airline tweets' and JRTE's train splits (CC BY-NC-SA):
 *                                        an evaluation-only model written to .koe/models-nc/ (git-ignored),
 *                                        never committed or shipped
 *   npm run train -- --out DIR           write somewhere else
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { createLocalAnalyzer } from '../shared/analysis/local-analyzer.js';
import { fitModel, type LabelledText, prepare, readCorpus } from '../shared/analysis/model/fit.js';
import { fnv1a } from '../shared/analysis/model/hash.js';
import { parseModel } from '../shared/analysis/model/model.js';
import { splitOf } from '../shared/analysis/model/split.js';
import { defaultTaxonomy } from '../shared/analysis/topics/taxonomy.js';
import { dataDir } from './eval-corpus.js';
import { uciSentences } from './uci-sentences.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const data = dataDir ?? join(root, '..', 'shared', 'data');
const args = process.argv.slice(2);
const withNc = args.includes('--with-public-nc');
const outArg = args.indexOf('--out');
const outDir =
  outArg >= 0 ? (args[outArg + 1] ?? 'models') : withNc ? join(root, '.koe', 'models-nc') : join(root, 'models');

/** Airline tweets (CC BY-NC-SA): train split by hash of the tweet id; sentiment only. */
const airline = (): LabelledText[] => {
  const file = join(data, 'twitter_airline_sentiment', 'Tweets.csv');
  if (!existsSync(file)) return [];
  const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  return rows.map((r) => ({
    id: `airline-${r.tweet_id}`,
    text: r.text ?? '',
    language: 'en' as const,
    sentiment: r.airline_sentiment,
  }));
};

/** JRTE (CC BY-NC-SA): its own train split; sentiment only. */
const jrte = (): LabelledText[] => {
  const file = join(data, 'jrte_pn_ja', 'pn.tsv');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      const [id, label, text, , split] = line.split('\t');
      if (!id || !text || split !== 'train') return [];
      const sentiment = label === '1' ? 'positive' : label === '-1' ? 'negative' : 'neutral';
      return [{ id: `jrte-${id}`, text, language: 'ja' as const, sentiment }];
    });
};

const analyzer = createLocalAnalyzer({ models: {} });
const topics = defaultTaxonomy.topics.map((t) => t.id);
mkdirSync(outDir, { recursive: true });
console.log(`training → ${outDir}${withNc ? ' (evaluation only: includes non-commercial data)' : ''}`);
for (const language of ['en', 'ja'] as const) {
  const started = Date.now();
  const corpus = readCorpus(join(root, 'bench', 'corpus'), language);
  const sources = [`bench/corpus/${language} train (${corpus.train.length})`];
  const extra: LabelledText[] = [];
  if (corpus.trainOnly.length > 0) {
    extra.push(...corpus.trainOnly);
    sources.push(`bench/corpus/${language} train-only (${corpus.trainOnly.length})`);
  }
  if (language === 'en') {
    const sentences = uciSentences(data).filter((s) => splitOf(s.id) === 'train');
    extra.push(...sentences);
    sources.push(`UCI sentences train (${sentences.length}, CC BY 4.0; urgency low/normal by polarity)`);
  }
  if (corpus.lines.length > 0) {
    extra.push(...corpus.lines);
    sources.push(`bench/corpus/${language} lines (${corpus.lines.length}; sentiment or topics only)`);
  }
  if (withNc) {
    // The airline set's held-out part (bench/eval-accuracy.ts: FNV-1a of the tweet id mod 100 ≥ 70) is never trained on.
    const nc = language === 'en' ? airline().filter((s) => fnv1a(s.id.slice('airline-'.length)) % 100 < 70) : jrte();
    extra.push(...nc);
    sources.push(`${language === 'en' ? 'airline tweets' : 'JRTE'} train (${nc.length}, CC BY-NC-SA: evaluation only)`);
  }
  // The items written for urgency (the corpus's train split and train-only) are held out in turn to tune the thresholds.
  const heldOutIds = new Set([...corpus.train, ...corpus.trainOnly].map((item) => item.id));
  const train = await prepare(analyzer, [...corpus.train, ...extra]);
  const dev = await prepare(analyzer, corpus.dev);
  const file = fitModel(train, dev, {
    language,
    topics,
    trainedOn: { items: train.length, corrections: 0, sources },
    // Thresholds tuned on dev and out of fold on those items (shared/analysis/model/fit.ts).
    folds: { count: 5, among: (e) => heldOutIds.has(e.item.id) },
  });
  const text = `${JSON.stringify(file)}\n`;
  writeFileSync(join(outDir, `${language}.json`), text);
  const model = parseModel(file, text);
  console.log(
    `${language}: ${train.length} examples (${sources.join(', ')}), dev ${dev.length}; ` +
      `${(text.length / 1024).toFixed(0)} KB, hash ${model.hash}, temperature ${JSON.stringify(file.temperature)}, ` +
      `decision ${JSON.stringify(file.decision)}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
