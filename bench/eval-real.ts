/**
 * `npx tsx bench/eval-real.ts [--half tune|report|all]`: critical urgency on real text nobody wrote for Koe — the
 * 14,640 airline tweets (Twitter US Airline Sentiment, CC BY-NC-SA 4.0, read from ../shared/data, never shipped),
 * against urgency labels given blind (bench/corpus/real/airline-urgency.jsonl: tweet ids and labels only, no text).
 *
 * The labelled tweets are a stratified sample drawn in session 23 by the levels Koe gave then: every tweet it marked
 * critical (`crit`, 121), and random ones it marked high (`high`, 200 of 2,608), normal or low among the negative tweets
 * (`negrest`, 200 of 6,734) and among the positive and neutral (`calm`, 80 of 5,177); `added` rows label criticals a
 * later analyzer raised outside the sample. Prints, for the analyzer of this checkout: how many tweets it marks
 * critical, how many of those are labelled and how many of those are critical by the label (precision, and its
 * coverage); and the labelled random strata's criticals it misses. Halves by id (md5 parity): `tune` may be looked at
 * while changing Koe, `report` only reported.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { createLocalAnalyzer } from '../shared/analysis/local-analyzer.js';
import type { UrgencyLevel } from '../shared/analysis/types.js';
import { dataDir } from './eval-corpus.js';

interface Label {
  id: string;
  stratum: 'crit' | 'high' | 'negrest' | 'calm' | 'added';
  urgency: UrgencyLevel;
  category: string | null;
}

const { values } = parseArgs({ options: { half: { type: 'string', default: 'all' } } });
const half = values.half as 'tune' | 'report' | 'all';
if (!['tune', 'report', 'all'].includes(half)) throw new Error(`--half must be tune, report or all (not ${half})`);

const tweetsFile = dataDir && join(dataDir, 'twitter_airline_sentiment', 'Tweets.csv');
if (!tweetsFile || !existsSync(tweetsFile)) {
  console.log('Evaluation data not found (../shared/data/twitter_airline_sentiment): skipping.');
  process.exit(0);
}
const labelsFile = fileURLToPath(new URL('./corpus/real/airline-urgency.jsonl', import.meta.url));
const labels = new Map<string, Label>();
for (const [i, line] of readFileSync(labelsFile, 'utf8').split('\n').entries()) {
  if (line.trim() === '') continue;
  const row = JSON.parse(line) as Label;
  if (typeof row.id !== 'string' || !['critical', 'high', 'normal', 'low'].includes(row.urgency))
    throw new Error(`${labelsFile}:${i + 1}: each row needs a tweet id and an urgency (critical|high|normal|low)`);
  labels.set(row.id, row);
}

const inHalf = (id: string): boolean => {
  if (half === 'all') return true;
  const parity = (createHash('md5').update(id).digest()[15] as number) & 1;
  return half === 'tune' ? parity === 0 : parity === 1;
};

const rows = (parse(readFileSync(tweetsFile), { columns: true }) as Array<{ tweet_id: string; text: string }>).filter(
  (r) => inHalf(r.tweet_id),
);
const analyzer = createLocalAnalyzer();
const results = await analyzer.analyze(rows.map((r) => ({ text: r.text, language: 'en' })));

let randomCritical = 0;
let randomMissed = 0;
const byPath = new Map<string, { n: number; labelled: number; true: number }>();
rows.forEach((row, i) => {
  const level = results[i]?.urgency.level;
  const label = labels.get(row.tweet_id);
  // The random strata (not every critical Koe raised then, nor the rows added for later criticals) estimate misses.
  if (label?.urgency === 'critical' && label.stratum !== 'crit' && label.stratum !== 'added') {
    randomCritical++;
    if (level !== 'critical') randomMissed++;
  }
  if (level !== 'critical') return;
  // The kind of reason that made it critical: a rule's own, or the model's (its detail starts "model").
  const reason = results[i]?.urgency.reasons[0];
  const path = (reason?.detail ?? '').startsWith('model') ? 'model' : 'rules';
  const tally = byPath.get(path) ?? { n: 0, labelled: 0, true: 0 };
  tally.n++;
  if (label) tally.labelled++;
  if (label?.urgency === 'critical') tally.true++;
  byPath.set(path, tally);
});
const all = { n: 0, labelled: 0, true: 0 };
for (const t of byPath.values()) {
  all.n += t.n;
  all.labelled += t.labelled;
  all.true += t.true;
}

const ratio = (a: number, b: number) => (b === 0 ? '–' : (a / b).toFixed(3));
console.log(`Airline tweets (${half}: ${rows.length}), critical urgency against blind labels\n`);
console.log('| criticals from | marked critical | of them labelled | critical by the label | precision |');
console.log('|---|---:|---:|---:|---:|');
for (const [path, t] of [...byPath.entries(), ['all', all] as const])
  console.log(`| ${path} | ${t.n} | ${t.labelled} | ${t.true} | ${ratio(t.true, t.labelled)} |`);
console.log(
  `\nMarked critical: ${all.n} of ${rows.length} tweets (${((100 * all.n) / rows.length).toFixed(2)} %). ` +
    `Labelled criticals in the random strata (high, negrest, calm) missed: ${randomMissed} of ${randomCritical}.`,
);
