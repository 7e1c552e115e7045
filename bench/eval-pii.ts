/**
 * `npm run eval:pii`: recall and precision of Koe's PII redaction per kind and language on the labelled
 * set bench/corpus/pii/items.jsonl (built by bench/corpus/pii/build.ts: ≥ 150 items per language with
 * fictitious personal data of every kind, and look-alikes with none). A gold span is found when a
 * predicted span of the same kind overlaps it; a predicted span is right when it overlaps a gold span of
 * its kind. "Leaked" counts gold spans no prediction of any kind covers (what would be stored).
 * A peer is shown side by side when installed: @redactpii/node (regex, English only; not a dependency —
 * `npm i --no-save @redactpii/node@1.0.17`, or set KOE_PII_PEER_DIR to a node_modules that holds it).
 *
 *   npx tsx bench/eval-pii.ts [--errors]
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { detectPii } from '../shared/analysis/pii/detect.js';
import type { PiiCorpusItem } from './corpus/pii/build.js';

const { values } = parseArgs({ options: { errors: { type: 'boolean', default: false } } });
const items: PiiCorpusItem[] = readFileSync(new URL('./corpus/pii/items.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));

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

const evaluate = (detect: Detector) => {
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

const koeResult = evaluate(koe);
const peer = await loadPeer();
const peerResult = peer ? evaluate(peer) : undefined;

const langs = ['en', 'ja'];
console.log(
  `PII redaction on ${items.length} labelled items (${langs.map((l) => `${items.filter((i) => i.lang === l).length} ${l}`).join(', ')}; ${items.filter((i) => i.spans.length === 0).length} with no personal data), span overlap\n`,
);
console.log(
  `| lang | kind | gold | Koe recall | Koe precision | Koe leaked | ${peer ? '@redactpii/node recall | @redactpii/node precision |' : ''}`,
);
console.log(`|---|---|---:|---:|---:|---:|${peer ? '---:|---:|' : ''}`);
const kinds = [...new Set([...koeResult.tallies.keys()].map((k) => k.split('\u0000')[1] as string))].sort();
const total = { gold: 0, found: 0, predicted: 0, right: 0, leaked: 0 };
for (const lang of langs) {
  for (const kind of kinds) {
    const t = koeResult.tallies.get(`${lang}\u0000${kind}`);
    if (!t) continue;
    const p = peerResult?.tallies.get(`${lang}\u0000${kind}`);
    for (const k of Object.keys(total) as Array<keyof Tally>) total[k] += t[k];
    const peerCols = peer
      ? ` ${p?.gold ? ratio(p.found, p.gold) : '—'} | ${p ? ratio(p.right, p.predicted) : '—'} |`
      : '';
    console.log(
      `| ${lang} | ${kind} | ${t.gold} | ${ratio(t.found, t.gold)} | ${ratio(t.right, t.predicted)} | ${t.leaked} |${peerCols}`,
    );
  }
}
console.log(
  `\nall kinds: recall ${ratio(total.found, total.gold)}, precision ${ratio(total.right, total.predicted)}, leaked ${total.leaked} of ${total.gold} spans`,
);
const falseOnClean = items.filter((i) => i.spans.length === 0).reduce((n, i) => n + koe(i.text).length, 0);
console.log(
  `false detections on the ${items.filter((i) => i.spans.length === 0).length} look-alike items: ${falseOnClean}`,
);
if (!peer)
  console.log(
    '\npeer: @redactpii/node is not installed (see the header of this file); redact-pii needs @google-cloud/dlp.',
  );
if (values.errors) console.log(`\n${koeResult.errors.join('\n')}`);

// Real feedback with no personal-data labels (airline tweets, JRTE hotel reviews, UCI review sentences):
// every NAME or ADDRESS found there is a candidate false positive on a product, company or place name.
// Read from ../shared/data (non-commercial licences: evaluation only, never committed).
const DATA = new URL('../../shared/data/', new URL(`file://${process.cwd()}/`));
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
