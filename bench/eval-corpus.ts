/**
 * The labelled corpus part of `npm run eval` (bench/corpus, docs/analysis/labelling.md): per language,
 * on the frozen test split (or `--split dev` while tuning), rules only and rules + model side by side —
 * sentiment accuracy and macro-F1, the urgency confusion matrix, critical recall and precision,
 * high-or-critical F1, far misses, per-category recall, topic recall and precision; conversations'
 * resolved/escalated F1 and urgency; and the airline tweets labelled positive or neutral marked critical.
 *
 *   npx tsx bench/eval-corpus.ts [--split dev|test | --outsider] [--models DIR]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { createLocalAnalyzer } from '../shared/analysis/local-analyzer.js';
import { type LabelledText, readCorpusItems } from '../shared/analysis/model/fit.js';
import { loadModels, type ModelSet } from '../shared/analysis/model/load.js';
import { splitOf } from '../shared/analysis/model/split.js';
import { f1, UrgencyTally } from '../shared/analysis/model/urgency-tally.js';
import { type Analysis, type Analyzer, URGENCY_RANK, type UrgencyLevel } from '../shared/analysis/types.js';
import type { FeedbackItem } from '../shared/feedback/model.js';
import { analyzeTranscript } from '../shared/transcripts/analyze.js';

const root = fileURLToPath(new URL('../', import.meta.url));
/** ../shared/data beside the checkout (or beside the worktrees' folder). */
export const dataDir = [join(root, '..', 'shared', 'data'), join(root, '..', '..', 'shared', 'data')].find((d) =>
  existsSync(d),
);

const LEVELS = ['critical', 'high', 'normal', 'low'] as const;
const SENTIMENTS = ['positive', 'negative', 'neutral', 'mixed'];
const CATEGORY_OF: Record<string, string> = {
  safety_risk: 'safety',
  legal_threat: 'legal',
  security_breach: 'security_privacy',
  fraud: 'fraud',
  outage: 'outage',
  staff_abuse: 'staff_abuse',
  vulnerable_customer: 'vulnerable_customer',
  churn_threat: 'churn',
  billing_error: 'money',
  repeat_contact: 'repeat_contact',
  time_pressure: 'deadline',
  very_angry: 'very_angry',
};

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');

/** Everything the README and the issue's targets ask for, for one system on one set of items. */
export interface CorpusMetrics {
  n: number;
  sentimentAccuracy: number;
  sentimentMacroF1: number;
  confusion: number[][];
  criticalRecall: number;
  criticalPrecision: number;
  highOrCriticalF1: number;
  farMisses: number;
  categoryRecall: Map<string, { n: number; recall: number }>;
  topicRecall: number;
  topicPrecision: number;
}

/** Metrics of analyses against the labels of the same items. */
export const corpusMetrics = (items: readonly LabelledText[], results: readonly Analysis[]): CorpusMetrics => {
  const confusion = LEVELS.map(() => LEVELS.map(() => 0));
  let correct = 0;
  const tally = new UrgencyTally();
  let ttp = 0;
  let tfp = 0;
  let tfn = 0;
  const sentiment = new Map(SENTIMENTS.map((s) => [s, { tp: 0, fp: 0, fn: 0 }]));
  const categories = new Map<string, { n: number; hit: number }>();
  items.forEach((item, i) => {
    const r = results[i]!;
    const gold = (item.urgency ?? 'normal') as UrgencyLevel;
    const level = r.urgency.level;
    confusion[LEVELS.indexOf(gold)]![LEVELS.indexOf(level)]!++;
    tally.add(level, gold);
    if (item.category) {
      const c = categories.get(item.category) ?? { n: 0, hit: 0 };
      c.n++;
      // Recalled: the level is reached and a reason at that level names the category.
      const named = r.urgency.reasons.some((x) => CATEGORY_OF[x.code] === item.category);
      if (URGENCY_RANK[level] >= URGENCY_RANK[gold] && named) c.hit++;
      categories.set(item.category, c);
    }
    const label = r.sentiment.label;
    if (label === item.sentiment) correct++;
    for (const [s, c] of sentiment) {
      if (label === s && item.sentiment === s) c.tp++;
      else if (label === s) c.fp++;
      else if (item.sentiment === s) c.fn++;
    }
    const found = new Set(r.topics.map((t) => t.topic).filter((t) => !t.startsWith('emergent:')));
    const goldTopics = item.topics ?? [];
    for (const t of found)
      if (goldTopics.includes(t)) ttp++;
      else tfp++;
    for (const t of goldTopics) if (!found.has(t)) tfn++;
  });
  const n = items.length;
  return {
    n,
    sentimentAccuracy: correct / n,
    sentimentMacroF1: [...sentiment.values()].reduce((a, c) => a + f1(c.tp, c.fp, c.fn), 0) / SENTIMENTS.length,
    confusion,
    criticalRecall: tally.critical.tp / (tally.critical.tp + tally.critical.fn),
    criticalPrecision: tally.critical.tp / (tally.critical.tp + tally.critical.fp),
    highOrCriticalF1: f1(tally.highOrCritical.tp, tally.highOrCritical.fp, tally.highOrCritical.fn),
    farMisses: tally.far / n,
    categoryRecall: new Map([...categories].sort().map(([k, v]) => [k, { n: v.n, recall: v.hit / v.n }])),
    topicRecall: ttp / (ttp + tfn),
    topicPrecision: ttp / (ttp + tfp),
  };
};

interface Conversation {
  id: string;
  lang: 'en' | 'ja';
  channel: string;
  turns: Array<{ role: 'customer' | 'agent' | 'bot'; text: string }>;
  urgency: string;
  resolved: boolean;
  escalated: boolean;
}

/** A corpus conversation as a stored transcript item (turns one per line). */
const asItem = (c: Conversation): FeedbackItem => {
  let text = '';
  const turns = c.turns.map((t, i) => {
    if (i > 0) text += '\n';
    const start = text.length;
    text += t.text;
    return { role: t.role, start, end: text.length, at: '2026-01-01T00:00:00Z' };
  });
  return {
    id: c.id,
    kind: 'transcript',
    text,
    turns,
    languageHint: c.lang,
    channel: 'chat',
  } as unknown as FeedbackItem;
};

const analyzeAll = async (analyzer: Analyzer, items: readonly LabelledText[]): Promise<Analysis[]> => {
  const out: Analysis[] = [];
  for (let i = 0; i < items.length; i += 200) {
    const batch = items.slice(i, i + 200);
    out.push(...(await analyzer.analyze(batch.map((b) => ({ text: b.text, language: b.language })))));
  }
  return out;
};

/** Prints the corpus evaluation; returns the test-split metrics of the combined analyzer per language. */
export const evalCorpus = async (
  say: (line?: string) => void,
  options: { split: 'dev' | 'test'; models?: ModelSet; modelLabel?: string | undefined; outsider?: boolean },
): Promise<Map<string, CorpusMetrics>> => {
  // The outsider set (bench/corpus/outsider) is written by someone else and never tuned on: all of it is reported.
  const folder = options.outsider ? join(root, 'bench', 'corpus', 'outsider') : join(root, 'bench', 'corpus');
  const setName = options.outsider ? 'outsider set (all of it, never tuned on)' : `${options.split} split`;
  const chosenOf = <T extends { id: string }>(rows: T[]): T[] =>
    options.outsider ? rows : rows.filter((r) => splitOf(r.id) === options.split);
  const systems: Array<{ name: string; analyzer: Analyzer }> = [
    { name: 'Koe rules only', analyzer: createLocalAnalyzer({ models: {} }) },
    {
      name: `Koe rules + model${options.modelLabel ? ` (${options.modelLabel})` : ''}`,
      analyzer: createLocalAnalyzer(options.models ? { models: options.models } : {}),
    },
  ];
  const combined = new Map<string, CorpusMetrics>();
  for (const language of ['en', 'ja'] as const) {
    const file = join(folder, language, 'items.jsonl');
    if (!existsSync(file)) {
      say(`## Corpus (${language}): skipped, ${file} not found`);
      continue;
    }
    const items = chosenOf(readCorpusItems(file, language));
    say(`## Corpus (${language}), ${setName}: ${items.length} items`);
    say();
    const metrics: Array<{ name: string; m: CorpusMetrics }> = [];
    for (const system of systems)
      metrics.push({ name: system.name, m: corpusMetrics(items, await analyzeAll(system.analyzer, items)) });
    combined.set(language, metrics[metrics.length - 1]!.m);
    say(
      '| system | sentiment acc | sentiment macro-F1 | critical recall | critical precision | high-or-critical F1 | far misses | topic recall | topic precision |',
    );
    say('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const { name, m } of metrics) {
      say(
        `| ${name} | ${f(m.sentimentAccuracy)} | ${f(m.sentimentMacroF1)} | ${f(m.criticalRecall)} | ${f(m.criticalPrecision)} | ${f(m.highOrCriticalF1)} | ${(100 * m.farMisses).toFixed(1)} % | ${f(m.topicRecall)} | ${f(m.topicPrecision)} |`,
      );
    }
    say(
      'targets: critical recall ≥ 0.90, precision ≥ 0.80, high-or-critical F1 ≥ 0.85, far misses ≤ 1 %, sentiment accuracy ≥ 0.80, topic recall ≥ 0.80',
    );
    say();
    for (const { name, m } of metrics) {
      say(`Urgency confusion, ${name} (rows gold, columns predicted: critical, high, normal, low):`);
      LEVELS.forEach((level, i) => {
        say(`    ${level.padEnd(8)} ${m.confusion[i]!.map((v) => String(v).padStart(4)).join(' ')}`);
      });
    }
    say();
    say(`| category | n | ${metrics.map((x) => `recall: ${x.name}`).join(' | ')} |`);
    say(`|---|---:|${metrics.map(() => '---:').join('|')}|`);
    for (const [category, { n }] of metrics[0]!.m.categoryRecall) {
      say(
        `| ${category} | ${n} | ${metrics.map((x) => f(x.m.categoryRecall.get(category)?.recall ?? Number.NaN)).join(' | ')} |`,
      );
    }
    say();

    const convFile = join(folder, language, 'conversations.jsonl');
    if (existsSync(convFile)) {
      const chosen = chosenOf(
        readFileSync(convFile, 'utf8')
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l) as Conversation),
      );
      say(`Conversations (${language}), ${setName}: ${chosen.length} (never trained on)`);
      say('| system | resolved F1 | escalated F1 | urgency accuracy | critical recall |');
      say('|---|---:|---:|---:|---:|');
      for (const system of systems) {
        let rtp = 0;
        let rfp = 0;
        let rfn = 0;
        let etp = 0;
        let efp = 0;
        let efn = 0;
        let levelOk = 0;
        let ctp = 0;
        let cn = 0;
        for (const c of chosen) {
          const a = await analyzeTranscript(asItem(c), system.analyzer);
          const resolved = a.conversation?.resolved ?? false;
          const escalated = (a.conversation?.escalations.length ?? 0) > 0;
          if (resolved && c.resolved) rtp++;
          else if (resolved) rfp++;
          else if (c.resolved) rfn++;
          if (escalated && c.escalated) etp++;
          else if (escalated) efp++;
          else if (c.escalated) efn++;
          if (a.urgency.level === c.urgency) levelOk++;
          if (c.urgency === 'critical') {
            cn++;
            if (a.urgency.level === 'critical') ctp++;
          }
        }
        say(
          `| ${system.name} | ${f(f1(rtp, rfp, rfn))} | ${f(f1(etp, efp, efn))} | ${f(levelOk / chosen.length)} | ${f(ctp / cn)} |`,
        );
      }
      say('targets: resolved and escalated F1 ≥ 0.85');
      say();
    }
  }

  if (!options.outsider && dataDir && existsSync(join(dataDir, 'twitter_airline_sentiment', 'Tweets.csv'))) {
    const rows = parse(readFileSync(join(dataDir, 'twitter_airline_sentiment', 'Tweets.csv')), {
      columns: true,
      skip_empty_lines: true,
    }) as Array<Record<string, string>>;
    const calm = rows.filter((r) => r.airline_sentiment === 'positive' || r.airline_sentiment === 'neutral');
    say(`## Airline tweets labelled positive or neutral marked critical (${calm.length} tweets, target ≤ 0.1 %)`);
    say('| system | marked critical | share |');
    say('|---|---:|---:|');
    for (const system of systems) {
      let critical = 0;
      for (let i = 0; i < calm.length; i += 500) {
        const batch = calm.slice(i, i + 500);
        const results = await system.analyzer.analyze(batch.map((r) => ({ text: r.text ?? '', language: 'en' })));
        critical += results.filter((r) => r.urgency.level === 'critical').length;
      }
      say(`| ${system.name} | ${critical} | ${((100 * critical) / calm.length).toFixed(2)} % |`);
    }
    say();
  }
  return combined;
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const split = args.includes('--split') && args[args.indexOf('--split') + 1] === 'dev' ? 'dev' : 'test';
  const modelsArg = args.indexOf('--models');
  const dir = modelsArg >= 0 ? args[modelsArg + 1] : undefined;
  const models = dir ? loadModels(dir, (m) => console.warn(m)) : undefined;
  await evalCorpus((line = '') => console.log(line), {
    split,
    outsider: args.includes('--outsider'),
    ...(models ? { models, modelLabel: dir } : {}),
  });
}
