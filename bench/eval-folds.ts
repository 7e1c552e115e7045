/**
 * Diagnostic (train and dev only, never test): out-of-fold urgency on the train split and the train-only sets
 * (5 folds, reported apart) and the dev split, with what backs each critical. Writes bench/results/folds-<lang>.json and prints a summary.
 *   npx tsx bench/eval-folds.ts en|ja [--folds 5]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalAnalyzer } from '../shared/analysis/local-analyzer.js';
import {
  CRITICAL_SUPPORT,
  combineSentiment,
  combineTopics,
  combineUrgency,
  isShortRemark,
} from '../shared/analysis/model/combine.js';
import { fitModel, type Prepared, prepare, readCorpus } from '../shared/analysis/model/fit.js';
import { fnv1a } from '../shared/analysis/model/hash.js';
import { parseModel } from '../shared/analysis/model/model.js';
import { splitOf } from '../shared/analysis/model/split.js';
import { f1, UrgencyTally } from '../shared/analysis/model/urgency-tally.js';
import { redactPii } from '../shared/analysis/pii/redact.js';
import { isBareEnding, isFunctionWord, saysNothingAbout } from '../shared/analysis/sentiment/opinion-words.js';
import { defaultTaxonomy } from '../shared/analysis/topics/taxonomy.js';
import type { UrgencyLevel } from '../shared/analysis/types.js';
import { dataDir } from './eval-corpus.js';
import { uciSentences } from './uci-sentences.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const language = (process.argv[2] ?? 'en') as 'en' | 'ja';
const foldsAt = process.argv.indexOf('--folds');
const folds = foldsAt > 0 ? Number(process.argv[foldsAt + 1]) || 5 : 5;
const BANDS: Record<UrgencyLevel, { min: number; max: number }> = {
  critical: { min: 80, max: 100 },
  high: { min: 60, max: 79 },
  normal: { min: 30, max: 59 },
  low: { min: 0, max: 29 },
};

const analyzer = createLocalAnalyzer({ models: {} });
const topics = defaultTaxonomy.topics.map((t) => t.id);
const corpus = readCorpus(join(root, 'bench', 'corpus'), language);
const extra = [
  ...(language === 'en' ? uciSentences(dataDir ?? '').filter((s) => splitOf(s.id) === 'train') : []),
  ...corpus.lines,
];
// The corpus's train split and the train-only sets, folded together as npm run train folds them.
const train = await prepare(analyzer, [...corpus.train, ...corpus.trainOnly]);
const trainOnlyIds = new Set(corpus.trainOnly.map((i) => i.id));
const dev = await prepare(analyzer, corpus.dev);
const extraP = await prepare(analyzer, extra);

interface Row {
  id: string;
  /** Out of fold on the corpus's train split, out of fold on the train-only sets, or the dev split. */
  set: 'oof' | 'oof-train-only' | 'dev';
  gold: string;
  cat: string | null;
  rules: string;
  level: string;
  pc: number;
  ph: number;
  pl: number;
  /** P(positive) and P(negative) + P(mixed) by the sentiment head. */
  pp: number;
  pneg: number;
  /** The sentiment label Koe gives (rules and model) and the lexicon's alone. */
  sentiment: string;
  lexicon: string;
  goldSentiment: string;
  backed: string[];
  plain: string[];
  firm: string[];
  rulesReasons: string[];
  reasons: string[];
  /** Gold topics, the rules' topics and the topics after the model adds its own. */
  goldTopics: string[];
  rulesTopics: string[];
  topics: string[];
  text: string;
}
const rows: Row[] = [];
/** Taxonomy topics only (emergent themes are not labelled). */
const named = (list: ReadonlyArray<{ topic: string }>) =>
  list.map((t) => t.topic).filter((t) => !t.startsWith('emergent:'));
const judge = (set: 'oof' | 'dev', items: Prepared[], fitOn: Prepared[]) => {
  const file = fitModel([...fitOn, ...extraP], dev, {
    language,
    topics,
    trainedOn: { items: 0, corrections: 0, sources: [] },
  });
  const model = parseModel(file);
  for (const e of items) {
    const p = model.predict(e.features);
    // As the analyzer calls it: function words and bare endings are no evidence (spans are in the redacted text).
    const redacted = redactPii(e.item.text).text;
    const u = combineUrgency(
      e.analysis.urgency,
      model,
      p,
      e.features,
      BANDS,
      e.support,
      (span) => isFunctionWord(redacted, span, language),
      (span) => isBareEnding(redacted, span, language),
    );
    const sentiment = combineSentiment(
      e.analysis.sentiment,
      model,
      p,
      isShortRemark(e.features, e.analysis.sentiment, e.analysis.urgency),
    );
    rows.push({
      id: e.item.id,
      set: set === 'oof' && trainOnlyIds.has(e.item.id) ? 'oof-train-only' : set,
      gold: e.item.urgency ?? 'normal',
      cat: e.item.category ?? null,
      rules: e.analysis.urgency.level,
      level: u.level,
      pc: Math.round(p.urgency[0]! * 100) / 100,
      ph: Math.round(p.urgency[1]! * 100) / 100,
      pl: Math.round(p.urgency[3]! * 100) / 100,
      pp: Math.round(p.sentiment[0]! * 100) / 100,
      pneg: Math.round((p.sentiment[1]! + p.sentiment[3]!) * 100) / 100,
      sentiment: sentiment.label,
      goldSentiment: e.item.sentiment ?? '',
      lexicon: e.analysis.sentiment.label,
      backed: [...e.support.backed.keys()],
      plain: [...e.support.plain.keys()],
      firm: [...e.support.firm],
      rulesReasons: e.analysis.urgency.reasons.map((r) => r.code),
      reasons: u.reasons.map((r) => `${r.code}:${r.detail ?? ''}`),
      goldTopics: [...(e.item.topics ?? [])],
      rulesTopics: named(e.analysis.topics),
      topics: named(
        combineTopics(e.analysis.topics, model, p, e.features, sentiment, (span) =>
          saysNothingAbout(e.item.text, span, language),
        ),
      ),
      text: e.item.text,
    });
  }
  return file.decision;
};
for (let k = 0; k < folds; k++) {
  const fold = train.filter((e) => fnv1a(`${e.item.id}#fold`) % folds === k);
  const rest = train.filter((e) => fnv1a(`${e.item.id}#fold`) % folds !== k);
  console.log(`fold ${k}: decision ${JSON.stringify(judge('oof', fold, rest))}`);
}
console.log(`dev: decision ${JSON.stringify(judge('dev', dev, train))}`);

for (const set of ['oof', 'oof-train-only', 'dev'] as const) {
  const t = new UrgencyTally();
  const mine = rows.filter((r) => r.set === set);
  if (mine.length === 0) continue;
  for (const r of mine) t.add(r.level as UrgencyLevel, r.gold as UrgencyLevel);
  const c = t.critical;
  const withSentiment = mine.filter((r) => r.goldSentiment !== '');
  const sentimentAccuracy = withSentiment.filter((r) => r.sentiment === r.goldSentiment).length / withSentiment.length;
  console.log(
    `${set}: n ${t.n} crit recall ${(c.tp / (c.tp + c.fn)).toFixed(3)} precision ${(c.tp / (c.tp + c.fp)).toFixed(3)} hoc F1 ${f1(t.highOrCritical.tp, t.highOrCritical.fp, t.highOrCritical.fn).toFixed(3)} far ${((100 * t.far) / t.n).toFixed(1)} % sentiment ${sentimentAccuracy.toFixed(3)}`,
  );
  const crit = mine.filter((r) => r.gold === 'critical');
  console.log('  category n gold-backed any-backed rules-crit final-crit');
  for (const cat of Object.keys(CRITICAL_SUPPORT)) {
    const of = crit.filter((r) => r.cat === cat);
    console.log(
      `  ${cat.padEnd(20)} ${String(of.length).padStart(3)} ${String(of.filter((r) => r.backed.includes(cat)).length).padStart(4)} ${String(of.filter((r) => r.backed.some((b) => b in CRITICAL_SUPPORT)).length).padStart(4)} ${String(of.filter((r) => r.rules === 'critical').length).padStart(4)} ${String(of.filter((r) => r.level === 'critical').length).padStart(4)}`,
    );
  }
  const fp = mine.filter((r) => r.gold !== 'critical' && r.level === 'critical');
  const nonCritBacked = mine.filter((r) => r.gold !== 'critical' && r.backed.some((b) => b in CRITICAL_SUPPORT));
  console.log(`  false criticals ${fp.length}; non-critical items with a critical backing ${nonCritBacked.length}`);
  const labelled = mine.filter((r) => r.goldTopics.length > 0);
  const tally = (topic: string | undefined, pick: (r: Row) => string[]) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const r of labelled) {
      const found = pick(r).filter((t) => topic === undefined || t === topic);
      const gold = r.goldTopics.filter((t) => topic === undefined || t === topic);
      tp += found.filter((t) => gold.includes(t)).length;
      fp += found.filter((t) => !gold.includes(t)).length;
      fn += gold.filter((t) => !found.includes(t)).length;
    }
    return `${(tp / Math.max(1, tp + fn)).toFixed(3)} ${(tp / Math.max(1, tp + fp)).toFixed(3)}`;
  };
  console.log(
    `  topics (${labelled.length} items) recall precision: rules ${tally(undefined, (r) => r.rulesTopics)}, with the model ${tally(undefined, (r) => r.topics)}`,
  );
  console.log('  topic n rules(R P) model(R P)');
  for (const topic of topics) {
    const n = labelled.filter((r) => r.goldTopics.includes(topic)).length;
    if (n > 0)
      console.log(
        `  ${topic.padEnd(20)} ${String(n).padStart(4)} ${tally(topic, (r) => r.rulesTopics)}  ${tally(topic, (r) => r.topics)}`,
      );
  }
}
const out = join(root, 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, `folds-${language}.json`), JSON.stringify(rows, null, 1));
console.log(`items → bench/results/folds-${language}.json`);
