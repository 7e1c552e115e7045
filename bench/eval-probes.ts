/**
 * `npx tsx bench/eval-probes.ts [en|ja]`: urgency on the held-out probe sets (bench/corpus/probes: feedback written
 * for Koe in sessions 20–21 by helpers who read neither the corpus nor any data set, measured once before anyone looked
 * at it, never read or trained on; the sets tuned on are training data now, bench/corpus/<lang>/train-only.jsonl). With
 * the outsider set of `npm run eval`, how Koe does on text nobody tuned on. Per set: critical recall and precision, far
 * misses (two levels apart), and the confusion matrix.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLocalAnalyzer } from '../shared/analysis/local-analyzer.js';
import { UrgencyTally } from '../shared/analysis/model/urgency-tally.js';
import type { UrgencyLevel } from '../shared/analysis/types.js';

interface Probe {
  id: string;
  set: string;
  text: string;
  urgency: UrgencyLevel;
}

const LEVELS: readonly UrgencyLevel[] = ['critical', 'high', 'normal', 'low'];

const readProbes = (path: string): Probe[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (line.trim() === '') return [];
      const row = JSON.parse(line) as Probe;
      if (typeof row.text !== 'string' || !LEVELS.includes(row.urgency))
        throw new Error(`${path}:${i + 1}: each probe needs a text and an urgency (critical|high|normal|low)`);
      return [row];
    });

const analyzer = createLocalAnalyzer();
const languages = process.argv[2] ? [process.argv[2]] : ['en', 'ja'];
console.log(
  '| language | set | n | critical recall | critical precision | far misses | confusion (rows gold c/h/n/l) |',
);
console.log('|---|---|---:|---:|---:|---:|---|');
for (const language of languages) {
  const probes = readProbes(fileURLToPath(new URL(`./corpus/probes/${language}.jsonl`, import.meta.url)));
  const results = await analyzer.analyze(probes.map((p) => ({ text: p.text, language })));
  for (const set of [...new Set(probes.map((p) => p.set))]) {
    const confusion = LEVELS.map(() => LEVELS.map(() => 0));
    const tally = new UrgencyTally();
    probes.forEach((p, i) => {
      if (p.set !== set) return;
      const level = results[i]?.urgency.level ?? 'normal';
      tally.add(level, p.urgency);
      (confusion[LEVELS.indexOf(p.urgency)] as number[])[LEVELS.indexOf(level)]! += 1;
    });
    const { tp, fp, fn } = tally.critical;
    const ratio = (a: number, b: number) => (b === 0 ? '–' : (a / b).toFixed(3));
    console.log(
      `| ${language} | ${set} | ${tally.n} | ${ratio(tp, tp + fn)} | ${ratio(tp, tp + fp)} | ${((100 * tally.far) / tally.n).toFixed(1)} % | ${confusion.map((r) => r.join('/')).join(' · ')} |`,
    );
  }
}
