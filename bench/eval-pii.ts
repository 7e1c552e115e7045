/**
 * `npm run eval:pii`: recall and precision of Koe's PII redaction per kind and language on two labelled
 * sets side by side. **in-sample** — bench/corpus/pii/items.jsonl (built by bench/corpus/pii/build.ts,
 * written alongside the detectors: ≥ 150 items per language of every kind, and look-alikes). **outsider**
 * — bench/corpus/pii-outsider (350 items written before reading the detectors, frozen: never tune on it,
 * see its README). A gold span is found when a predicted span of the same kind overlaps it; a predicted
 * span is right when it overlaps a gold span of its kind. "Leaked" counts gold spans no prediction of any
 * kind covers (what would be stored).
 * A peer is shown side by side when installed: @redactpii/node (regex, English only; not a dependency —
 * `npm i --no-save @redactpii/node@1.0.17`, or set KOE_PII_PEER_DIR to a node_modules that holds it).
 *
 *   npx tsx bench/eval-pii.ts [--set in-sample|outsider|both] [--errors]
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { detectPii } from '../shared/analysis/pii/detect.js';
import type { PiiCorpusItem } from './corpus/pii/build.js';
import { loadOutsiderItems } from './corpus/pii-outsider/load.js';

const { values } = parseArgs({
  options: { set: { type: 'string', default: 'both' }, errors: { type: 'boolean', default: false } },
});
if (!['in-sample', 'outsider', 'both'].includes(values.set))
  throw new Error(`--set must be in-sample, outsider or both (got '${values.set}')`);

interface LabelledItem {
  id: string;
  lang: string;
  text: string;
  spans: Span[];
}
const loadInSample = (): LabelledItem[] =>
  readFileSync(new URL('./corpus/pii/items.jsonl', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as PiiCorpusItem);
const sets: Array<{ name: string; items: LabelledItem[] }> = [
  ...(values.set === 'outsider' ? [] : [{ name: 'in-sample', items: loadInSample() }]),
  ...(values.set === 'in-sample' ? [] : [{ name: 'outsider', items: loadOutsiderItems() }]),
];

type Span = { kind: string; start: number; end: number };
type Detector = (text: string) => Span[];

const koe: Detector = (text) => detectPii(text).map((m) => ({ kind: m.type, start: m.start, end: m.end }));

/** @redactpii/node answers redacted text: its placeholders are aligned back to spans of the input. */
const loadPeer = async (): Promise<Detector | undefined> => {
  let mod: { Redactor: new () => { redact(t: string): string } } | undefined;
  try {
    mod = await import('@redactpii/node' as string);
  } catch {
    const dir = process.env.KOE_PII_PEER_DIR;
    if (dir) mod = createRequire(join(dir, 'x.js'))('@redactpii/node');
  }
  if (!mod) return undefined;
  const redactor = new mod.Redactor();
  const KINDS: Record<string, string> = {
    CREDIT_CARD_NUMBER: 'CARD',
    EMAIL_ADDRESS: 'EMAIL',
    PERSON_NAME: 'NAME',
    PHONE_NUMBER: 'PHONE',
    US_SOCIAL_SECURITY_NUMBER: 'SSN',
  };
  const placeholder = new RegExp(`(${Object.keys(KINDS).join('|')})`, 'g');
  return (text) => {
    const out = redactor.redact(text);
    const parts = out.split(placeholder);
    const spans: Span[] = [];
    let at = 0;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      if (i % 2 === 0) {
        at = i === 0 ? part.length : at;
        continue;
      }
      const next = parts[i + 1] ?? '';
      const end = next === '' ? text.length : text.indexOf(next, at);
      if (end < 0) break;
      spans.push({ kind: KINDS[part] as string, start: at, end });
      at = end + next.length;
    }
    return spans;
  };
};

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

interface Tally {
  gold: number;
  found: number;
  predicted: number;
  right: number;
  leaked: number;
}

const evaluate = (items: LabelledItem[], detect: Detector) => {
  const tallies = new Map<string, Tally>();
  const tally = (lang: string, kind: string) => {
    const key = `${lang}\u0000${kind}`;
    const t = tallies.get(key) ?? { gold: 0, found: 0, predicted: 0, right: 0, leaked: 0 };
    tallies.set(key, t);
    return t;
  };
  const errors: string[] = [];
  for (const item of items) {
    const predicted = detect(item.text);
    for (const g of item.spans) {
      const t = tally(item.lang, g.kind);
      t.gold++;
      if (predicted.some((p) => p.kind === g.kind && overlaps(p, g))) t.found++;
      else errors.push(`miss ${item.id} ${g.kind} «${item.text.slice(g.start, g.end)}» in: ${item.text}`);
      if (!predicted.some((p) => overlaps(p, g))) t.leaked++;
    }
    for (const p of predicted) {
      const t = tally(item.lang, p.kind);
      t.predicted++;
      if (item.spans.some((g) => g.kind === p.kind && overlaps(p, g))) t.right++;
      else errors.push(`false ${item.id} ${p.kind} «${item.text.slice(p.start, p.end)}» in: ${item.text}`);
    }
  }
  return { tallies, errors };
};

const ratio = (a: number, b: number) => (b === 0 ? '—' : (a / b).toFixed(2));

const peer = await loadPeer();
const langs = ['en', 'ja'];
const results = sets.map((set) => ({
  ...set,
  koe: evaluate(set.items, koe),
  peer: peer ? evaluate(set.items, peer) : undefined,
}));

for (const r of results) {
  const clean = r.items.filter((i) => i.spans.length === 0);
  console.log(
    `${r.name}: ${r.items.length} labelled items (${langs.map((l) => `${r.items.filter((i) => i.lang === l).length} ${l}`).join(', ')}; ${clean.length} with no personal data)`,
  );
}
console.log('\nspan overlap; per set: gold spans, Koe recall, Koe precision, spans leaked\n');
const head = results.map((r) => `${r.name} gold | recall | precision | leaked |`).join(' ');
const peerHead = peer ? results.map((r) => ` @redactpii/node ${r.name} recall |`).join('') : '';
console.log(`| lang | kind | ${head}${peerHead}`);
console.log(
  `|---|---|${results.map(() => '---:|---:|---:|---:|').join('')}${peer ? results.map(() => '---:|').join('') : ''}`,
);
const kinds = [
  ...new Set(results.flatMap((r) => [...r.koe.tallies.keys()].map((k) => k.split('\u0000')[1] as string))),
].sort();
const empty: Tally = { gold: 0, found: 0, predicted: 0, right: 0, leaked: 0 };
for (const lang of langs) {
  for (const kind of kinds) {
    const key = `${lang}\u0000${kind}`;
    if (!results.some((r) => r.koe.tallies.has(key))) continue;
    const cols = results
      .map((r) => {
        const t = r.koe.tallies.get(key) ?? empty;
        return `${t.gold} | ${ratio(t.found, t.gold)} | ${ratio(t.right, t.predicted)} | ${t.leaked} |`;
      })
      .join(' ');
    const peerCols = results
      .map((r) => {
        if (!r.peer) return '';
        const p = r.peer.tallies.get(key);
        return ` ${p?.gold ? ratio(p.found, p.gold) : '—'} |`;
      })
      .join('');
    console.log(`| ${lang} | ${kind} | ${cols}${peerCols}`);
  }
}
console.log('');
for (const r of results) {
  const total = { ...empty };
  for (const t of r.koe.tallies.values()) for (const k of Object.keys(total) as Array<keyof Tally>) total[k] += t[k];
  const clean = r.items.filter((i) => i.spans.length === 0);
  const falseOnClean = clean.reduce((n, i) => n + koe(i.text).length, 0);
  console.log(
    `${r.name}, all kinds: recall ${ratio(total.found, total.gold)}, precision ${ratio(total.right, total.predicted)}, leaked ${total.leaked} of ${total.gold} spans; false detections on its ${clean.length} look-alike items: ${falseOnClean}`,
  );
}
if (!peer)
  console.log(
    '\npeer: @redactpii/node is not installed (see the header of this file); redact-pii needs @google-cloud/dlp.',
  );
if (values.errors) for (const r of results) console.log(`\n${r.name}:\n${r.koe.errors.join('\n')}`);

// Real feedback with no personal-data labels (airline tweets, JRTE hotel reviews, UCI review sentences):
// every NAME or ADDRESS found there is a candidate false positive on a product, company or place name.
// Read from ../shared/data (non-commercial licences: evaluation only, never committed).
const DATA = new URL('../../shared/data/', import.meta.url); // bench/ → the checkout → beside it
const realSets: Array<{ name: string; lang: string; texts: () => string[] }> = [
  {
    name: 'airline tweets',
    lang: 'en',
    texts: () => {
      const rows: Array<{ text: string }> = parse(readFileSync(new URL('twitter_airline_sentiment/Tweets.csv', DATA)), {
        columns: true,
      });
      return rows.map((r) => r.text);
    },
  },
  {
    name: 'UCI review sentences',
    lang: 'en',
    texts: () =>
      ['amazon_cells_labelled.txt', 'imdb_labelled.txt', 'yelp_labelled.txt'].flatMap((f) =>
        readFileSync(new URL(`uci_sentiment_sentences/${f}`, DATA), 'utf8')
          .split('\n')
          .map((l) => l.replace(/\t[01]\s*$/, ''))
          .filter(Boolean),
      ),
  },
  {
    name: 'JRTE hotel reviews',
    lang: 'ja',
    texts: () =>
      readFileSync(new URL('jrte_pn_ja/pn.tsv', DATA), 'utf8')
        .split('\n')
        .map((l) => l.split('\t')[2] ?? '')
        .filter(Boolean),
  },
];
console.log('\nOn real feedback without personal-data labels (each detection is a candidate false positive):\n');
console.log('| set | texts | NAME | ADDRESS | other kinds | per 1,000 texts |\n|---|---:|---:|---:|---:|---:|');
for (const set of realSets) {
  let texts: string[];
  try {
    texts = set.texts();
  } catch {
    console.log(`| ${set.name} | (../shared/data absent: skipped) | | | | |`);
    continue;
  }
  const counts: Record<string, number> = {};
  const samples: string[] = [];
  for (const text of texts) {
    for (const m of detectPii(text)) {
      counts[m.type] = (counts[m.type] ?? 0) + 1;
      if ((m.type === 'NAME' || m.type === 'ADDRESS') && samples.length < 40)
        samples.push(
          `  ${m.type} «${text.slice(m.start, m.end)}» in: ${text.slice(Math.max(0, m.start - 40), m.end + 40).replace(/\n/g, ' ')}`,
        );
    }
  }
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  const other = Object.entries(counts)
    .filter(([k]) => k !== 'NAME' && k !== 'ADDRESS')
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(
    `| ${set.name} | ${texts.length} | ${counts.NAME ?? 0} | ${counts.ADDRESS ?? 0} | ${other || 0} | ${((1000 * all) / texts.length).toFixed(1)} |`,
  );
  if (values.errors) console.log(samples.join('\n'));
}
