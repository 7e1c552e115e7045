/**
 * `npm run eval`: accuracy of Koe's sentiment (and topics) against labelled public data, side by
 * side with peer libraries computed in the same run. Data is read from ../shared/data beside the
 * checkout (non-commercial sets: evaluation and tuning only, never shipped); each section is
 * skipped with a message when its data is missing. Koe is scored as users get it (the local analyzer:
 * lexicon and model combined); "Koe lexicon only" is its rules' half alone.
 *
 * Flags: --errors[=N] prints N misclassified airline *train* tweets (for reading errors while tuning);
 * --no-write skips writing bench/results/eval-<timestamp>.md; --split dev reports the corpus's dev split
 * instead of the frozen test split (bench/eval-corpus.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';
import { loadJapaneseTokenizer } from '../shared/analysis/japanese/tokenizer.js';
import { createLocalAnalyzer } from '../shared/analysis/local-analyzer.js';
import { splitOf } from '../shared/analysis/model/split.js';
import { scoreEnglish } from '../shared/analysis/sentiment/english.js';
import { scoreJapanese } from '../shared/analysis/sentiment/japanese.js';
import type { SentimentResult } from '../shared/analysis/types.js';
import { dataDir, evalCorpus } from './eval-corpus.js';
import { uciSentences } from './uci-sentences.js';

const require = createRequire(import.meta.url);
const repoRoot = new URL('../', import.meta.url);
const dataRoot = dataDir ? pathToFileURL(`${dataDir}/`) : new URL('../shared/data/', repoRoot);
const args = process.argv.slice(2);
const errorsArg = args.find((a) => a.startsWith('--errors'));
const errorCount = errorsArg ? Number(errorsArg.split('=')[1] ?? 40) : 0;
const lines: string[] = [];
const say = (line = ''): void => {
  lines.push(line);
  console.log(line);
};

type Label3 = 'positive' | 'neutral' | 'negative';
const LABELS: Label3[] = ['positive', 'neutral', 'negative'];

// ---------------------------------------------------------------- scorers

/** A peer (or Koe) reduced to one number per text; bands turn it into 3 classes. */
interface Scorer {
  name: string;
  score: (text: string) => number;
}

const SentimentLib = require('sentiment') as new () => {
  analyze(text: string): { score: number; comparative: number };
};
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
const naturalPorter = require('natural/lib/natural/stemmers/porter_stemmer.js') as unknown;
const NaturalTokenizer = require('natural/lib/natural/tokenizers/aggressive_tokenizer.js') as new () => {
  tokenize(text: string): string[];
};
const afinn = new NaturalSentimentAnalyzer('English', naturalPorter, 'afinn');
const naturalTokenizer = new NaturalTokenizer();

/**
 * Koe is scored as users get it: the local analyzer's sentiment (lexicon and trained model combined), read
 * once per text before the sections run. "Koe lexicon only" is the rules' half alone, for reference.
 */
const analyzer = createLocalAnalyzer();
const product = new Map<string, SentimentResult>();
const readProduct = async (texts: readonly string[], language: 'en' | 'ja'): Promise<void> => {
  const todo = [...new Set(texts)].filter((t) => !product.has(t));
  for (let i = 0; i < todo.length; i += 500) {
    const batch = todo.slice(i, i + 500);
    const results = await analyzer.analyze(batch.map((text) => ({ text, language })));
    batch.forEach((text, k) => {
      const r = results[k];
      if (r) product.set(text, r.sentiment);
    });
  }
};
const koe = (text: string): SentimentResult => {
  const result = product.get(text);
  if (!result) throw new Error('Invariant broken: a text scored before the analyzer read it');
  return result;
};

const PEERS: Scorer[] = [
  { name: 'sentiment (npm)', score: (t) => sentimentLib.analyze(t).score },
  { name: 'vader-sentiment', score: (t) => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound },
  { name: 'wink-nlp', score: (t) => nlp.readDoc(t).out(its.sentiment) as number },
  { name: 'natural AFINN', score: (t) => afinn.getSentiment(naturalTokenizer.tokenize(t)) || 0 },
];

/** A Koe label, with `mixed` folded into positive/negative by the sign of the score (ties → negative). */
const label3 = (r: SentimentResult): Label3 => {
  if (r.label === 'mixed') return r.score > 0 ? 'positive' : 'negative';
  return r.label;
};
const koeLabel3 = (text: string): Label3 => label3(koe(text));

// ---------------------------------------------------------------- metrics

interface Metrics {
  accuracy: number;
  macroF1: number;
  perClass: Record<Label3, { precision: number; recall: number; f1: number }>;
}

const metrics3 = (gold: Label3[], predicted: Label3[]): Metrics => {
  let correct = 0;
  const perClass = {} as Metrics['perClass'];
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  let f1Sum = 0;
  for (const label of LABELS) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === label && gold[i] === label) tp++;
      else if (predicted[i] === label) fp++;
      else if (gold[i] === label) fn++;
    }
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass[label] = { precision, recall, f1 };
    f1Sum += f1;
  }
  return { accuracy: gold.length ? correct / gold.length : 0, macroF1: f1Sum / LABELS.length, perClass };
};

const band = (score: number, low: number, high: number): Label3 =>
  score > high ? 'positive' : score < low ? 'negative' : 'neutral';

/**
 * The fairest neutral band for a peer: every [low, high] pair from the quantiles of its scores on
 * the train split, keeping the one with the best macro-F1 there.
 */
const tuneBand = (scores: number[], gold: Label3[]): { low: number; high: number } => {
  const sorted = [...new Set(scores)].sort((a, b) => a - b);
  const candidates = new Set<number>();
  for (let q = 0; q <= 100; q += 2) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor((q / 100) * sorted.length))];
    if (v !== undefined) candidates.add(v);
  }
  for (const v of [-0.05, 0, 0.05]) candidates.add(v);
  const cs = [...candidates].sort((a, b) => a - b);
  let best = { low: 0, high: 0, f1: -1 };
  for (const low of cs) {
    for (const high of cs) {
      if (high < low) continue;
      const f1 = metrics3(
        gold,
        scores.map((s) => band(s, low, high)),
      ).macroF1;
      if (f1 > best.f1) best = { low, high, f1 };
    }
  }
  return { low: best.low, high: best.high };
};

const pct = (x: number): string => x.toFixed(3);

// ---------------------------------------------------------------- data

const readData = (relative: string): string | undefined => {
  const url = new URL(relative, dataRoot);
  return existsSync(url) ? readFileSync(url, 'utf8') : undefined;
};

/** Fixed split of the airline set: FNV-1a of the tweet_id, buckets 0–69 train/tune, 70–99 held-out test. */
const airlineBucket = (tweetId: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < tweetId.length; i++) {
    h ^= tweetId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 100;
};

interface Tweet {
  id: string;
  text: string;
  label: Label3;
  reason: string;
  train: boolean;
}

const loadAirline = (): Tweet[] | undefined => {
  const csv = readData('twitter_airline_sentiment/Tweets.csv');
  if (!csv) return undefined;
  const rows = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const seen = new Set<string>();
  const tweets: Tweet[] = [];
  for (const row of rows) {
    const id = row.tweet_id ?? '';
    if (seen.has(id)) continue; // 155 ids appear twice: keep the first
    seen.add(id);
    tweets.push({
      id,
      text: row.text ?? '',
      label: row.airline_sentiment as Label3,
      reason: row.negativereason ?? '',
      train: airlineBucket(id) < 70,
    });
  }
  return tweets;
};

const distribution = (labels: string[]): string => {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v} (${((100 * v) / labels.length).toFixed(1)}%)`)
    .join(' · ');
};

// ---------------------------------------------------------------- sections

interface Row {
  system: string;
  airlineF1?: number;
  airlineAcc?: number;
  airlineBand?: string;
  uciAcc?: number;
  jrteF1?: number;
}
const rows = new Map<string, Row>();
const row = (system: string): Row => {
  let r = rows.get(system);
  if (!r) {
    r = { system };
    rows.set(system, r);
  }
  return r;
};
const LEXICON = 'Koe lexicon only';
row('Koe');
row(LEXICON);
for (const p of PEERS) row(p.name);

const evalAirline = (tweets: Tweet[]): void => {
  const train = tweets.filter((t) => t.train);
  const test = tweets.filter((t) => !t.train);
  say('## Airline tweets (twitter_airline_sentiment/Tweets.csv)');
  say(
    `deduped by tweet_id: ${tweets.length} tweets; split FNV-1a(tweet_id) % 100 < 70 → train ${train.length}, test ${test.length}`,
  );
  say(`labels (all):   ${distribution(tweets.map((t) => t.label))}`);
  say(`labels (test):  ${distribution(test.map((t) => t.label))}`);
  const gold = test.map((t) => t.label);
  const koePred = test.map((t) => koeLabel3(t.text));
  const m = metrics3(gold, koePred);
  Object.assign(row('Koe'), { airlineF1: m.macroF1, airlineAcc: m.accuracy, airlineBand: 'shipped thresholds' });
  const lexicon = metrics3(
    gold,
    test.map((t) => label3(scoreEnglish(t.text))),
  );
  Object.assign(row(LEXICON), {
    airlineF1: lexicon.macroF1,
    airlineAcc: lexicon.accuracy,
    airlineBand: 'shipped thresholds',
  });
  say(
    `Koe per class (test): ${LABELS.map((l) => `${l} P ${pct(m.perClass[l].precision)} R ${pct(m.perClass[l].recall)} F1 ${pct(m.perClass[l].f1)}`).join(' | ')}`,
  );
  const trainM = metrics3(
    train.map((t) => t.label),
    train.map((t) => koeLabel3(t.text)),
  );
  say(
    `Koe on the train split (for reference; tuned there): macro-F1 ${pct(trainM.macroF1)}, accuracy ${pct(trainM.accuracy)}`,
  );
  for (const peer of PEERS) {
    const trainScores = train.map((t) => peer.score(t.text));
    const { low, high } = tuneBand(
      trainScores,
      train.map((t) => t.label),
    );
    const pm = metrics3(
      gold,
      test.map((t) => band(peer.score(t.text), low, high)),
    );
    Object.assign(row(peer.name), {
      airlineF1: pm.macroF1,
      airlineAcc: pm.accuracy,
      airlineBand: `neutral if ${low.toFixed(3)} ≤ s ≤ ${high.toFixed(3)}`,
    });
  }
  if (errorCount > 0) {
    say();
    say(`### ${errorCount} misclassified train tweets (gold → Koe)`);
    let shown = 0;
    for (const t of train) {
      const p = koeLabel3(t.text);
      if (p === t.label) continue;
      say(`${t.label} → ${p} (${koe(t.text).score}) ${t.text.replace(/\s+/g, ' ')}`);
      if (++shown >= errorCount) break;
    }
  }
  say();
};

/** The UCI sentences held out from the model's training (it trains on the corpus hash's train split). */
const uciHeldOut = () => uciSentences(fileURLToPath(dataRoot)).filter((s) => splitOf(s.id) !== 'train');

const evalUci = (data: ReturnType<typeof uciHeldOut>): void => {
  say('## UCI sentiment sentences (uci_sentiment_sentences/*_labelled.txt)');
  // Every system is scored on the same held-out sentences.
  if (data.length === 0) {
    say('skipped: ../shared/data/uci_sentiment_sentences not found');
    say();
    return;
  }
  say(
    `${data.length} sentences held out from the model's training; labels ${distribution(data.map((r) => r.sentiment ?? ''))}`,
  );
  say('binary rule for every system: score > 0 → positive, otherwise negative (Koe: its aggregate score)');
  const accuracy = (score: (text: string) => number): number => {
    let correct = 0;
    for (const r of data) if ((score(r.text) > 0 ? 'positive' : 'negative') === r.sentiment) correct++;
    return correct / data.length;
  };
  row('Koe').uciAcc = accuracy((t) => koe(t).score);
  row(LEXICON).uciAcc = accuracy((t) => scoreEnglish(t).score);
  for (const peer of PEERS) row(peer.name).uciAcc = accuracy(peer.score);
  say();
};

const evalJrte = async (): Promise<void> => {
  say('## JRTE (jrte_pn_ja/pn.tsv, test split)');
  const tsv = readData('jrte_pn_ja/pn.tsv');
  if (!tsv) {
    say('skipped: ../shared/data/jrte_pn_ja/pn.tsv not found');
    say();
    return;
  }
  const tokenizer = await loadJapaneseTokenizer();
  // TSV without quoting: split on tabs, never parse quotes.
  const test = tsv
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((cols) => cols.length >= 5 && cols[4]?.trim() === 'test');
  const gold = test.map((cols) => (cols[1] === '1' ? 'positive' : cols[1] === '-1' ? 'negative' : 'neutral') as Label3);
  say(`${test.length} test sentences; labels ${distribution(gold)}`);
  const texts = test.map((cols) => cols[2] ?? '');
  await readProduct(texts, 'ja');
  const m = metrics3(gold, texts.map(koeLabel3));
  row('Koe').jrteF1 = m.macroF1;
  row(LEXICON).jrteF1 = metrics3(
    gold,
    texts.map((t) => label3(scoreJapanese(t, tokenizer))),
  ).macroF1;
  say(`Koe accuracy ${pct(m.accuracy)}; mixed folded by score sign`);
  say();
};

/**
 * Which Koe topics count as a match for each labelled negative reason. A reason maps to a set: a
 * tweet labelled with it is recalled when any of its topics is in the set.
 */
const REASON_TOPICS: Record<string, string[]> = {
  'Late Flight': ['wait_time'],
  'Cancelled Flight': ['cancellation'],
  'Customer Service Issue': ['customer_service'],
  'Flight Attendant Complaints': ['staff', 'customer_service'],
  'Lost Luggage': ['baggage'],
  'Damaged Luggage': ['baggage', 'product_quality'],
  'Flight Booking Problems': ['booking', 'website_app'],
  'Bad Flight': ['comfort', 'food', 'cleanliness'],
  longlines: ['wait_time'],
};

const evalTopics = async (tweets: Tweet[]): Promise<void> => {
  say('## Topics vs labelled negative reasons (airline test split, negative tweets)');
  const negatives = tweets.filter((t) => !t.train && t.label === 'negative' && t.reason && t.reason !== "Can't Tell");
  const inputs = negatives.map((t) => ({ text: t.text, language: 'en' }));
  const analyses = await analyzer.analyze(inputs);
  const topicSets = analyses.map((a) => new Set(a.topics.map((t) => t.topic)));
  const withTopic = topicSets.filter((s) => [...s].some((t) => !t.startsWith('emergent:'))).length;
  say(
    `${negatives.length} negative test tweets with a reason other than "Can't Tell"; ${withTopic} got a taxonomy topic`,
  );
  if (withTopic === 0)
    say('note: the local analyzer returned no taxonomy topics at all (topic extraction not wired in yet?)');
  say('| reason | n | topics counted as a match | precision | recall |');
  say('|---|---:|---|---:|---:|');
  for (const [reason, accepted] of Object.entries(REASON_TOPICS)) {
    let tp = 0;
    let predicted = 0;
    let n = 0;
    negatives.forEach((t, i) => {
      const hit = accepted.some((topic) => topicSets[i]?.has(topic));
      if (t.reason === reason) n++;
      if (hit) predicted++;
      if (hit && t.reason === reason) tp++;
    });
    say(
      `| ${reason} | ${n} | ${accepted.join(', ')} | ${predicted ? pct(tp / predicted) : '–'} | ${n ? pct(tp / n) : '–'} |`,
    );
  }
  say();
};

// ---------------------------------------------------------------- main

const main = async (): Promise<void> => {
  say(`# Koe sentiment evaluation — ${new Date().toISOString()}`);
  say(`data: ${fileURLToPath(dataRoot)}`);
  say();
  const tweets = loadAirline();
  await readProduct(tweets?.map((t) => t.text) ?? [], 'en');
  const uci = uciHeldOut();
  await readProduct(
    uci.map((s) => s.text),
    'en',
  );
  if (tweets) evalAirline(tweets);
  else {
    say('## Airline tweets');
    say('skipped: ../shared/data/twitter_airline_sentiment/Tweets.csv not found');
    say();
  }
  evalUci(uci);
  await evalJrte();
  if (tweets) await evalTopics(tweets);
  // The labelled corpus: frozen test split (docs/analysis/labelling.md); --split dev while tuning.
  const split = args.includes('--split') && args[args.indexOf('--split') + 1] === 'dev' ? 'dev' : 'test';
  await evalCorpus(say, { split });
  await evalCorpus(say, { split, outsider: true });

  say(
    '## Summary (held-out parts; peers use the neutral band that maximises their macro-F1 on the airline train split)',
  );
  say('| system | airline macro-F1 | airline accuracy | UCI accuracy | JRTE macro-F1 | airline neutral band |');
  say('|---|---:|---:|---:|---:|---|');
  const cell = (x: number | undefined): string => (x === undefined ? '–' : pct(x));
  for (const r of rows.values()) {
    say(
      `| ${r.system} | ${cell(r.airlineF1)} | ${cell(r.airlineAcc)} | ${cell(r.uciAcc)} | ${cell(r.jrteF1)} | ${r.airlineBand ?? '–'} |`,
    );
  }
  say('targets (issue 17): airline macro-F1 ≥ 0.70, UCI accuracy ≥ 0.86, JRTE macro-F1 ≥ 0.78');
  if (!args.includes('--no-write')) {
    const dir = new URL('bench/results/', repoRoot);
    mkdirSync(dir, { recursive: true });
    const file = new URL(`eval-${new Date().toISOString().replace(/[:.]/g, '-')}.md`, dir);
    writeFileSync(file, `${lines.join('\n')}\n`);
    console.log(`\n(written to ${fileURLToPath(file)})`);
  }
};

await main();
