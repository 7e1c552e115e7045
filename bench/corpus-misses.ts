/**
 * Diagnostic for tuning urgency (train and dev splits only: the test split and the outsider set are
 * frozen and this refuses them). Prints each gold critical read as normal or low, and each calm item
 * (gold normal or low) read as critical, with the level the rules and the model gave, the reasons and
 * what in the text backs a critical category (docs/analysis/model.md). Train items were seen by the
 * committed model: its misses there are the ones the model could not fit even so. `--rules` judges the
 * rules alone (gold criticals the rules do not read critical, or calm items they read critical): the
 * kinds of text the concept lists and compositions do not know yet.
 *
 *   npx tsx bench/corpus-misses.ts en|ja [--split dev|train] [--calm] [--rules]
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalAnalyzer } from '../shared/analysis/local-analyzer.js';
import { readCorpusItems } from '../shared/analysis/model/fit.js';
import { splitOf } from '../shared/analysis/model/split.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const language = process.argv[2] as 'en' | 'ja';
const splitAt = process.argv.indexOf('--split');
const split = splitAt > 0 ? process.argv[splitAt + 1] : 'dev';
if ((language !== 'en' && language !== 'ja') || (split !== 'dev' && split !== 'train')) {
  console.error('usage: npx tsx bench/corpus-misses.ts en|ja [--split dev|train] [--calm] [--rules] (test is frozen)');
  process.exit(2);
}
const items = readCorpusItems(join(root, 'bench', 'corpus', language, 'items.jsonl'), language).filter(
  (r) => splitOf(r.id) === split,
);
const combined = createLocalAnalyzer();
const rulesOnly = createLocalAnalyzer({ models: {} });
const inputs = items.map((i) => ({ text: i.text, language: i.language }));
const after = await combined.analyze(inputs);
const before = await rulesOnly.features(inputs);
const calm = process.argv.includes('--calm');
const byRules = process.argv.includes('--rules');
let shown = 0;
items.forEach((item, i) => {
  const a = after[i]!;
  const r = before[i]!;
  const level = byRules ? r.analysis.urgency.level : a.urgency.level;
  const miss = calm
    ? (item.urgency === 'normal' || item.urgency === 'low') && level === 'critical'
    : item.urgency === 'critical' && (byRules ? level !== 'critical' : level === 'normal' || level === 'low');
  if (!miss) return;
  shown++;
  const text = item.text;
  const reasons = a.urgency.reasons
    .map((x) => `${x.code}/${x.level}${x.evidence ? `«${text.slice(x.evidence.start, x.evidence.end)}»` : ''}`)
    .join(' ');
  const backed = [...r.support.backed.keys()].join(',');
  const plain = [...r.support.plain.keys()].join(',');
  console.log(
    `${item.id} gold ${item.urgency}/${item.category ?? '-'} rules ${r.analysis.urgency.level} → ${a.urgency.level} | backed [${backed}] plain [${plain}] | ${reasons}`,
  );
  console.log(`    ${item.text.replace(/\s+/g, ' ')}`);
});
console.log(`${shown} of ${items.length} ${split} items (${language})`);
