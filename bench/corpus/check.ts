/**
 * Checks the labelled corpus: schema, unique ids, allowed labels, and prints counts per label,
 * industry and channel, with the understated and trap shares. Exit code 1 when any line is invalid.
 *
 *   npx tsx bench/corpus/check.ts [en|ja ...]   (default: every language folder present)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const INDUSTRIES = [
  'telecom',
  'ecommerce',
  'food_delivery',
  'banking',
  'insurance',
  'travel_airline',
  'hotel',
  'saas',
  'utilities',
  'healthcare_pharmacy',
  'retail_store',
  'car_repair',
  'public_services',
  'restaurant',
  'logistics',
  'education',
  'gaming',
];
const CHANNELS = ['survey', 'app_review', 'chat', 'email', 'social', 'call_note'];
const SENTIMENTS = ['positive', 'negative', 'neutral', 'mixed'];
const CATEGORIES: Record<string, string[]> = {
  critical: ['safety', 'legal', 'security_privacy', 'fraud', 'outage', 'staff_abuse', 'vulnerable_customer'],
  high: ['churn', 'money', 'repeat_contact', 'deadline', 'very_angry'],
  normal: [],
  low: [],
};
const TOPICS = [
  'delivery',
  'billing_refund',
  'price',
  'product_quality',
  'customer_service',
  'wait_time',
  'cancellation',
  'booking',
  'website_app',
  'account_security',
  'baggage',
  'staff',
  'comfort',
  'cleanliness',
  'room',
  'food',
  'location',
  'service_outage',
  'safety',
  'data_privacy',
  'communication',
  'repair_installation',
];
const TRAPS = ['hyperbole', 'idiom', 'sarcasm', 'negation', 'substring'];
const ROLES = ['customer', 'agent', 'bot'];
const TRAJECTORIES = ['improved', 'worsened', 'steady'];
/** Words that make an item not understated (labelling guide, section 4); matched as words. */
const ALARM_EN =
  /\b(urgent(ly)?|emergency|danger(ous)?|lawyers?|solicitors?|sue|suing|furious|unacceptable|asap|as soon as possible|right now|disgrace(ful)?|outrageous)\b|!!!/i;
/** Three capitalised words in a row is shouting. */
const SHOUT = /\b[A-Z]{2,}(?:\s+[A-Z]{2,}){2,}\b/;
const ALARM_JA = /至急|緊急|危険|訴え|弁護士|激怒|ふざけるな|！！|!!/;

type Row = Record<string, unknown>;
type Tally = Map<string, number>;

const bump = (t: Tally, k: string) => t.set(k, (t.get(k) ?? 0) + 1);
const pct = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)} %`);
const table = (title: string, t: Tally, total: number) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...t].sort((a, b) => b[1] - a[1]))
    console.log(`  ${k.padEnd(24)} ${String(v).padStart(5)}  ${pct(v, total)}`);
};

const readJsonl = (file: string, errors: string[]): Row[] => {
  if (!existsSync(file)) return [];
  const rows: Row[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        rows.push(JSON.parse(line) as Row);
      } catch {
        errors.push(`${file}:${i + 1}: not JSON`);
      }
    });
  return rows;
};

/** Checks urgency and its category, shared by items, conversations and the items written in sets. */
const checkLevel = (r: Row, where: string, errors: string[]) => {
  const urgency = String(r.urgency);
  const allowed = CATEGORIES[urgency];
  if (!allowed) errors.push(`${where}: urgency '${urgency}'`);
  else if (allowed.length === 0 ? r.category !== null : !allowed.includes(String(r.category)))
    errors.push(`${where}: category '${String(r.category)}' with urgency ${urgency}`);
};

/** Checks a sentiment and topics a line may leave out (lines, items written in sets); the topics, when valid. */
const checkOptionalLabels = (r: Row, where: string, errors: string[]): unknown[] => {
  if (r.sentiment !== undefined && !SENTIMENTS.includes(String(r.sentiment)))
    errors.push(`${where}: sentiment must be positive, negative, neutral or mixed`);
  if (r.topics === undefined) return [];
  const topics = Array.isArray(r.topics) ? (r.topics as unknown[]) : null;
  if (!topics || topics.length > 3 || topics.some((t) => !TOPICS.includes(String(t))))
    errors.push(`${where}: topics must be at most three of the taxonomy's`);
  return topics ?? [];
};

/** Checks urgency, category and understated, shared by items and conversations. */
const checkTriage = (r: Row, where: string, lang: string, text: string, errors: string[]) => {
  checkLevel(r, where, errors);
  const urgency = String(r.urgency);
  if (typeof r.understated !== 'boolean') errors.push(`${where}: understated must be boolean`);
  if (r.understated === true && (urgency === 'normal' || urgency === 'low'))
    errors.push(`${where}: understated on a ${urgency} item`);
  const alarmed = lang === 'ja' ? ALARM_JA.test(text) : ALARM_EN.test(text) || SHOUT.test(text);
  if (r.understated === true && alarmed) errors.push(`${where}: understated but has an alarm word`);
};

const checkLang = (dir: string, lang: string): number => {
  const errors: string[] = [];
  const ids = new Set<string>();
  const items = readJsonl(join(dir, 'items.jsonl'), errors);
  const bySent: Tally = new Map();
  const byUrg: Tally = new Map();
  const byCat: Tally = new Map();
  const byInd: Tally = new Map();
  const byCh: Tally = new Map();
  const byTopic: Tally = new Map();
  const byTrap: Tally = new Map();
  const len: Tally = new Map();
  const urgent = { all: 0, understated: 0, critical: 0, critUnder: 0, high: 0, highUnder: 0 };
  items.forEach((r, i) => {
    const where = `${lang}/items.jsonl:${i + 1} (${String(r.id)})`;
    const id = String(r.id);
    if (!new RegExp(`^${lang}-\\d{4}$`).test(id)) errors.push(`${where}: id`);
    if (ids.has(id)) errors.push(`${where}: duplicate id`);
    ids.add(id);
    if (r.lang !== lang) errors.push(`${where}: lang`);
    if (!INDUSTRIES.includes(String(r.industry))) errors.push(`${where}: industry '${String(r.industry)}'`);
    if (!CHANNELS.includes(String(r.channel))) errors.push(`${where}: channel '${String(r.channel)}'`);
    if (!SENTIMENTS.includes(String(r.sentiment))) errors.push(`${where}: sentiment '${String(r.sentiment)}'`);
    const text = typeof r.text === 'string' ? r.text : '';
    if (text.trim() === '') errors.push(`${where}: text`);
    if (r.channel === 'email' && text.length > 700) errors.push(`${where}: e-mail over 700 characters`);
    const topics = Array.isArray(r.topics) ? (r.topics as unknown[]) : null;
    if (
      !topics ||
      topics.length > 3 ||
      topics.some((t) => !TOPICS.includes(String(t))) ||
      new Set(topics).size !== topics.length
    )
      errors.push(`${where}: topics ${JSON.stringify(r.topics)}`);
    if (r.trap !== null && !TRAPS.includes(String(r.trap))) errors.push(`${where}: trap '${String(r.trap)}'`);
    checkTriage(r, where, lang, text, errors);
    bump(bySent, String(r.sentiment));
    bump(byUrg, String(r.urgency));
    if (r.category !== null) bump(byCat, `${String(r.urgency)}/${String(r.category)}`);
    bump(byInd, String(r.industry));
    bump(byCh, String(r.channel));
    for (const t of topics ?? []) bump(byTopic, String(t));
    bump(byTrap, r.trap === null ? '(none)' : String(r.trap));
    bump(len, text.length <= 120 ? 'short ≤120' : text.length < 300 ? 'medium 121–299' : 'long ≥300');
    if (r.urgency === 'critical') {
      urgent.critical++;
      if (r.understated) urgent.critUnder++;
    }
    if (r.urgency === 'high') {
      urgent.high++;
      if (r.understated) urgent.highUnder++;
    }
  });

  const convs = readJsonl(join(dir, 'conversations.jsonl'), errors);
  const cUrg: Tally = new Map();
  const cFlags: Tally = new Map();
  convs.forEach((r, i) => {
    const where = `${lang}/conversations.jsonl:${i + 1} (${String(r.id)})`;
    const id = String(r.id);
    if (!new RegExp(`^${lang}-c\\d{3,4}$`).test(id)) errors.push(`${where}: id`);
    if (ids.has(id)) errors.push(`${where}: duplicate id`);
    ids.add(id);
    if (r.lang !== lang) errors.push(`${where}: lang`);
    if (!INDUSTRIES.includes(String(r.industry))) errors.push(`${where}: industry`);
    if (!CHANNELS.includes(String(r.channel))) errors.push(`${where}: channel`);
    const turns = Array.isArray(r.turns) ? (r.turns as Row[]) : [];
    if (turns.length < 2 || turns.length > 12) errors.push(`${where}: ${turns.length} turns`);
    if (turns.some((t) => !ROLES.includes(String(t.role)) || typeof t.text !== 'string' || t.text.trim() === ''))
      errors.push(`${where}: a turn has a bad role or text`);
    const customerText = turns
      .filter((t) => t.role === 'customer')
      .map((t) => String(t.text))
      .join('\n');
    if (customerText === '') errors.push(`${where}: no customer turn`);
    if (typeof r.resolved !== 'boolean' || typeof r.escalated !== 'boolean')
      errors.push(`${where}: resolved/escalated`);
    if (!TRAJECTORIES.includes(String(r.trajectory))) errors.push(`${where}: trajectory`);
    checkTriage(r, where, lang, customerText, errors);
    bump(cUrg, r.category === null ? String(r.urgency) : `${String(r.urgency)}/${String(r.category)}`);
    if (r.resolved) bump(cFlags, 'resolved');
    if (r.escalated) bump(cFlags, 'escalated');
    if (r.understated) bump(cFlags, 'understated');
    bump(cFlags, `trajectory ${String(r.trajectory)}`);
    bump(cFlags, `channel ${String(r.channel)}`);
  });

  // Lines: sentiment or topics only (training data for that head, fit.ts readCorpusLines).
  const lines = readJsonl(join(dir, 'lines.jsonl'), errors);
  const sSent: Tally = new Map();
  const sTopic: Tally = new Map();
  const texts = new Set<string>();
  lines.forEach((r, i) => {
    const where = `${lang}/lines.jsonl:${i + 1} (${String(r.id)})`;
    const id = String(r.id);
    if (ids.has(id)) errors.push(`${where}: duplicate id`);
    ids.add(id);
    const text = typeof r.text === 'string' ? r.text.trim() : '';
    if (text === '') errors.push(`${where}: empty text`);
    if (texts.has(text)) errors.push(`${where}: the same text again`);
    texts.add(text);
    if (r.sentiment === undefined && r.topics === undefined) errors.push(`${where}: neither sentiment nor topics`);
    for (const t of checkOptionalLabels(r, where, errors)) bump(sTopic, String(t));
    if (r.sentiment !== undefined) bump(sSent, String(r.sentiment));
  });

  // Train-only: items written in sets (probe sets tuned on, sets written as training data), all training data
  // (fit.ts readCorpus); train-pending: sets written as training data and not trained on yet (bench/corpus/README.md).
  // Sentiment, topics and the item's other fields may be absent; no text may repeat one in items.jsonl (whose test
  // split would then be trained on) or in another of these files.
  const itemTexts = new Set(items.map((r) => String(r.text).trim()));
  const onlyTexts = new Set<string>();
  const onlySets: Tally = new Map();
  const onlyUrg: Tally = new Map();
  const inSets = (file: string): Row[] => {
    const rows = readJsonl(join(dir, file), errors);
    rows.forEach((r, i) => {
      const where = `${lang}/${file}:${i + 1} (${String(r.id)})`;
      const id = String(r.id);
      if (ids.has(id)) errors.push(`${where}: duplicate id`);
      ids.add(id);
      const text = typeof r.text === 'string' ? r.text.trim() : '';
      if (text === '') errors.push(`${where}: empty text`);
      if (itemTexts.has(text)) errors.push(`${where}: the same text as an item in items.jsonl`);
      if (onlyTexts.has(text)) errors.push(`${where}: the same text again`);
      onlyTexts.add(text);
      if (typeof r.set !== 'string' || r.set === '') errors.push(`${where}: set`);
      checkLevel(r, where, errors);
      checkOptionalLabels(r, where, errors);
      bump(onlySets, `${file.replace('.jsonl', '')} ${String(r.set)}`);
      bump(onlyUrg, String(r.urgency));
    });
    return rows;
  };
  const onlyRows = inSets('train-only.jsonl');
  const pendingRows = inSets('train-pending.jsonl');

  const n = items.length;
  console.log(
    `\n=== ${lang}: ${n} items, ${convs.length} conversations, ${lines.length} lines, ${onlyRows.length} train-only, ${pendingRows.length} train-pending ===`,
  );
  table('sentiment', bySent, n);
  table('urgency', byUrg, n);
  table('category', byCat, n);
  table('industry', byInd, n);
  table('channel', byCh, n);
  table('topics (items with it)', byTopic, n);
  table('trap', byTrap, n);
  table('length (characters)', len, n);
  console.log(
    `\nunderstated: critical ${urgent.critUnder}/${urgent.critical} (${pct(urgent.critUnder, urgent.critical)}), high ${urgent.highUnder}/${urgent.high} (${pct(urgent.highUnder, urgent.high)})`,
  );
  if (convs.length > 0) {
    table('conversations: urgency/category', cUrg, convs.length);
    table('conversations: flags', cFlags, convs.length);
  }
  if (lines.length > 0) {
    table('lines: sentiment', sSent, lines.length);
    table('lines: topics', sTopic, lines.length);
  }
  const inSetsCount = onlyRows.length + pendingRows.length;
  if (inSetsCount > 0) {
    table('train-only and train-pending: sets', onlySets, inSetsCount);
    table('train-only and train-pending: urgency', onlyUrg, inSetsCount);
  }
  for (const e of errors) console.error(e);
  console.log(errors.length === 0 ? `\n${lang}: OK` : `\n${lang}: ${errors.length} errors`);
  return errors.length;
};

const root = dirname(fileURLToPath(import.meta.url));
const langs =
  process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['en', 'ja'].filter((l) => existsSync(join(root, l)));
const failures = langs.reduce((sum, lang) => sum + checkLang(join(root, lang), lang), 0);
process.exitCode = failures === 0 ? 0 : 1;
