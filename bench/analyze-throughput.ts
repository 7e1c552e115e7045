/**
 * `npm run bench:analyze`: throughput of Koe's full local analysis (PII, language, sentiment, key
 * phrases, topics, urgency) on one core, for English (airline tweets) and Japanese (JRTE hotel
 * reviews), side by side with peers' sentiment-only throughput on the same texts; then the cost of
 * each of Koe's stages, so a slow one is easy to find. Median of several runs, one process.
 * Usage: npm run bench:analyze -- [--runs 5] [--lang en|ja] [--limit N] [--no-peers] [--no-stages]
 * The data is non-commercial (CC BY-NC-SA 4.0): read from ../shared/data, never shipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { parse } from 'csv-parse/sync';
import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';
import { type JapaneseTokenizer, loadJapaneseTokenizer } from '../shared/analysis/japanese/tokenizer.js';
import { extractKeyPhrases } from '../shared/analysis/key-phrases.js';
import { detectLanguage } from '../shared/analysis/language.js';
import { createLocalAnalyzer } from '../shared/analysis/local-analyzer.js';
import { redactPii } from '../shared/analysis/pii/redact.js';
import { scoreEnglish } from '../shared/analysis/sentiment/english.js';
import { scoreJapanese } from '../shared/analysis/sentiment/japanese.js';
import { detectTopics } from '../shared/analysis/topics/detect-topics.js';
import { defaultTaxonomy } from '../shared/analysis/topics/taxonomy.js';
import type { SentimentResult } from '../shared/analysis/types.js';
import { assessUrgency } from '../shared/triage/assess-urgency.js';
import { defaultTriageRules } from '../shared/triage/rules.js';
import { dataDir as evalDataDir } from './eval-corpus.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Number(option('--runs') ?? 5);
const LIMIT = option('--limit') ? Number(option('--limit')) : Number.POSITIVE_INFINITY;
const LANGS = option('--lang') ? [option('--lang')] : ['en', 'ja'];
const BATCH = 256;

const dataDir = `${evalDataDir ?? fileURLToPath(new URL('../../shared/data/', import.meta.url))}/`;
const tweetsFile = `${dataDir}twitter_airline_sentiment/Tweets.csv`;
const jrteFile = `${dataDir}jrte_pn_ja/pn.tsv`;
if (!existsSync(tweetsFile) || !existsSync(jrteFile)) {
  console.log(`Evaluation data not found under ${dataDir}: skipping (see ../shared/data/README.md).`);
  process.exit(0);
}
const english = (parse(readFileSync(tweetsFile), { columns: true }) as Array<{ text: string }>)
  .map((r) => r.text)
  .slice(0, LIMIT);
const japanese = readFileSync(jrteFile, 'utf8')
  .split('\n')
  .map((line) => line.split('\t')[2])
  .filter((t): t is string => typeof t === 'string' && t !== '')
  .slice(0, LIMIT);

// A real gc between measurements makes "heap used" mean live data, not garbage not yet collected.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

// ---- peers (sentiment only) -------------------------------------------------------------------
const require = createRequire(import.meta.url);
const SentimentLib = require('sentiment') as new () => { analyze(text: string): { score: number } };
const sentimentLib = new SentimentLib();
const vader = require('vader-sentiment') as {
  SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
};
const nlp = winkNLP(model);
const its = nlp.its;
// Deep imports: natural's index would load mongoose, pg and redis.
const NaturalSentimentAnalyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer.js') as new (
  language: string,
  stemmer: unknown,
  vocabulary: string,
) => { getSentiment(tokens: string[]): number };
const porter = require('natural/lib/natural/stemmers/porter_stemmer.js') as unknown;
const NaturalTokenizer = require('natural/lib/natural/tokenizers/aggressive_tokenizer.js') as new () => {
  tokenize(text: string): string[];
};
const afinn = new NaturalSentimentAnalyzer('English', porter, 'afinn');
const naturalTokenizer = new NaturalTokenizer();

const PEERS: Array<{ name: string; run: (t: string) => unknown }> = [
  { name: 'sentiment (npm)', run: (t) => sentimentLib.analyze(t).score },
  { name: 'vader-sentiment', run: (t) => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound },
  { name: 'wink-nlp + eng-lite', run: (t) => nlp.readDoc(t).out(its.sentiment) },
  { name: 'natural AFINN', run: (t) => afinn.getSentiment(naturalTokenizer.tokenize(t)) },
];

// ---- measurement ------------------------------------------------------------------------------
interface Row {
  corpus: string;
  engine: string;
  task: string;
  perSecond: number;
  perSecondCpu: number;
  micros: number;
  heapMb: number;
}
const rows: Row[] = [];
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** One untimed warm-up pass (JIT, lazy loads), then RUNS timed passes; wall and CPU time per pass. */
const measure = async (corpus: string, engine: string, task: string, texts: string[], pass: () => unknown) => {
  await pass();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    gc();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await pass();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  gc();
  const ms = median(wall);
  const row: Row = {
    corpus,
    engine,
    task,
    perSecond: (texts.length / ms) * 1000,
    perSecondCpu: (texts.length / median(cpu)) * 1000,
    micros: (ms * 1000) / texts.length,
    heapMb: process.memoryUsage().heapUsed / 2 ** 20,
  };
  rows.push(row);
  process.stderr.write(`  ${corpus} ${engine} (${task}): ${Math.round(row.perSecond)}/s\n`);
};

const syncPass = (texts: string[], fn: (t: string) => unknown) => () => {
  for (const t of texts) fn(t);
};

const analyzer = createLocalAnalyzer();
const fullPass = (texts: string[], language?: string) => async () => {
  const inputs = texts.map((text) => (language ? { text, language } : { text }));
  for (let i = 0; i < inputs.length; i += BATCH) await analyzer.analyze(inputs.slice(i, i + BATCH));
};

const tokenizer: JapaneseTokenizer = await loadJapaneseTokenizer();
const corpora = [
  { lang: 'en', name: 'English: airline tweets', texts: english },
  { lang: 'ja', name: 'Japanese: JRTE reviews', texts: japanese },
].filter((c) => LANGS.includes(c.lang));

process.stderr.write(`${RUNS} runs per row (median), after one warm-up pass\n`);
for (const { lang, name, texts } of corpora) {
  const corpus = `${name} (${texts.length})`;
  await measure(corpus, 'koe-local', 'full analysis', texts, fullPass(texts));
  await measure(
    corpus,
    'koe',
    'sentiment only',
    texts,
    syncPass(texts, lang === 'en' ? scoreEnglish : (t) => scoreJapanese(t, tokenizer)),
  );
  if (!flag('--no-peers')) {
    for (const peer of PEERS) {
      await measure(
        corpus,
        peer.name,
        lang === 'en' ? 'sentiment only' : 'sentiment only (English-only lib)',
        texts,
        syncPass(texts, peer.run),
      );
    }
  }
}

// ---- stage costs (each stage alone, inputs of the later stages computed beforehand) ------------
const stageRows: Array<{ corpus: string; stage: string; micros: number }> = [];
if (!flag('--no-stages')) {
  const rules = defaultTriageRules();
  for (const { lang, name, texts } of corpora) {
    const tokens = texts.map((t) => (lang === 'ja' ? tokenizer.tokenize(t) : undefined));
    const sentiments: SentimentResult[] = texts.map((t) =>
      lang === 'en' ? scoreEnglish(t) : scoreJapanese(t, tokenizer),
    );
    const stages: Array<[string, (t: string, i: number) => unknown]> = [
      ['PII redaction', (t) => redactPii(t)],
      ['language detection', (t) => detectLanguage(t)],
      ...(lang === 'ja'
        ? [['kuromoji tokenize', (t: string) => tokenizer.tokenize(t)] as [string, (t: string) => unknown]]
        : []),
      ['sentiment (incl. tokenize)', lang === 'en' ? (t) => scoreEnglish(t) : (t) => scoreJapanese(t, tokenizer)],
      ['key phrases', (t, i) => extractKeyPhrases(t, lang, tokens[i])],
      ['topics', (t, i) => detectTopics(t, lang, sentiments[i]!.sentences, defaultTaxonomy, tokens[i])],
      ['urgency', (t, i) => assessUrgency({ text: t, language: lang, sentiment: sentiments[i]!, topics: [] }, rules)],
    ];
    for (const [stage, fn] of stages) {
      const pass = () => {
        for (let i = 0; i < texts.length; i++) fn(texts[i]!, i);
      };
      pass();
      const times: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const t0 = performance.now();
        pass();
        times.push(performance.now() - t0);
      }
      stageRows.push({ corpus: name, stage, micros: (median(times) * 1000) / texts.length });
    }
  }
}

// ---- report -----------------------------------------------------------------------------------
const pad = (s: string, n: number) => s.padEnd(n);
const num = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const cols = ['corpus', 'engine', 'task', 'comments/s', 'µs/comment', 'comments/s (CPU)', 'heap MB'];
const table = rows.map((r) => [
  r.corpus,
  r.engine,
  r.task,
  num(r.perSecond),
  num(r.micros, 1),
  num(r.perSecondCpu),
  num(r.heapMb),
]);
const widths = cols.map((c, i) => Math.max(c.length, ...table.map((t) => t[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => pad(c, widths[i]!)).join(' | ')} |`;
console.log(`\nThroughput on one core, Node ${process.version}, median of ${RUNS} runs\n`);
console.log(line(cols));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const t of table) console.log(line(t));
if (stageRows.length) {
  console.log('\nKoe stage costs (each stage alone, µs/comment)\n');
  console.log('| corpus | stage | µs/comment |\n|---|---|---|');
  for (const s of stageRows) console.log(`| ${s.corpus} | ${s.stage} | ${num(s.micros, 1)} |`);
}
console.log(
  '\nTargets (issue 17): English full analysis ≥ 15,000 comments/s, Japanese ≥ 3,000/s (one core).' +
    ' "CPU" divides by this process\'s CPU time, which is steadier than wall time on a shared machine.',
);
