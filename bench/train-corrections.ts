/**
 * What managers' corrections are worth (issue 17, item 5): per language, trains on the corpus train
 * split and train-only sets plus N dev items given as corrections in the `koe labels export` shape (urgency, sentiment,
 * topics — no category), N = 0, 50, 200 (capped at the dev split's size), tunes on the dev split, and
 * reports the frozen test split. Models are kept in memory only.
 *
 *   npx tsx bench/train-corrections.ts
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalAnalyzer } from '../shared/analysis/local-analyzer.js';
import { fitModel, prepare, readCorpus } from '../shared/analysis/model/fit.js';
import { parseModel } from '../shared/analysis/model/model.js';
import { defaultTaxonomy } from '../shared/analysis/topics/taxonomy.js';
import { corpusMetrics } from './eval-corpus.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const rulesOnly = createLocalAnalyzer({ models: {} });
const topics = defaultTaxonomy.topics.map((t) => t.id);
const f = (x: number) => x.toFixed(3);
console.log(
  '| language | N corrections | sentiment acc | critical recall | critical precision | high-or-critical F1 | far misses | topic recall |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const language of ['en', 'ja'] as const) {
  const corpus = readCorpus(join(root, 'bench', 'corpus'), language);
  const train = await prepare(rulesOnly, [...corpus.train, ...corpus.trainOnly]);
  const dev = await prepare(rulesOnly, corpus.dev);
  const ordered = [...dev].sort((a, b) => (a.item.id < b.item.id ? -1 : 1));
  for (const n of [0, 50, 200]) {
    const corrections = ordered.slice(0, n).map((e) => ({ ...e, category: undefined }));
    const file = fitModel([...train, ...corrections], dev, {
      language,
      topics,
      trainedOn: { items: train.length + corrections.length, corrections: corrections.length, sources: ['experiment'] },
    });
    const analyzer = createLocalAnalyzer({ models: { [language]: parseModel(file) } });
    const results = await analyzer.analyze(corpus.test.map((t) => ({ text: t.text, language })));
    const m = corpusMetrics(corpus.test, results);
    console.log(
      `| ${language} | ${corrections.length} | ${f(m.sentimentAccuracy)} | ${f(m.criticalRecall)} | ${f(m.criticalPrecision)} | ${f(m.highOrCriticalF1)} | ${(100 * m.farMisses).toFixed(1)} % | ${f(m.topicRecall)} |`,
    );
  }
}
