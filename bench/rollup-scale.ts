/**
 * npm run bench:rollup — roll-ups at scale on dynalite with its data on disk.
 *
 * Seeds N analyzed items across D days (default 1,000,000 over 90: ~11,000 a day) straight into the
 * table with the key design ingest + analyze produce (BatchWriteItem, 25 per call, UnprocessedItems
 * retried), then times one daily close (the day, its week and month), a full re-roll of every day
 * (and their weeks and months), and the trends job. Prints what was run and a table.
 *
 *   npm run bench:rollup                          # 1,000,000 items, 90 days
 *   npm run bench:rollup -- --items 100000        # smaller
 *   npm run bench:rollup -- --data /tmp/koe-bench --keep    # keep the seeded data …
 *   npm run bench:rollup -- --data /tmp/koe-bench --reuse   # … and time again without seeding
 *   npm run bench:rollup -- --data /tmp/koe-bench --from 420000   # finish a seed that was stopped
 *
 * Items are the same whatever the run: --from N regenerates items 0…N-1 without writing them and seeds the
 * rest (a put of the same item again changes nothing), so a seed stopped on a loaded machine resumes at the
 * `resume with --from` point its last progress line printed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type AttributeValue, DynamoDBClient, ScanCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { batchWrite } from '../shared/adapters/dynamo/batch-write.js';
import { DynamoFeedbackStore } from '../shared/adapters/dynamo/feedback-store.js';
import { newItemRecord, queuePartition, queueSortKey } from '../shared/adapters/dynamo/keys.js';
import { DynamoRollupStore } from '../shared/adapters/dynamo/rollup-store.js';
import { ensureTable } from '../shared/adapters/dynamo/table.js';
import { DynamoTrendStore } from '../shared/adapters/dynamo/trend-store.js';
import type { SpikeNotice } from '../shared/alerts/spike-alerter.js';
import type { Analysis, SentimentLabel, UrgencyLevel } from '../shared/analysis/types.js';
import { definedOnly } from '../shared/defined-only.js';
import type { Channel, FeedbackItem } from '../shared/feedback/model.js';
import { periodOf } from '../shared/rollups/periods.js';
import { type RollupDeps, rollUpDay } from '../shared/rollups/roll-up-period.js';
import { closeDay, rollUpWindow } from '../shared/rollups/roll-up-window.js';
import { detectTrends } from '../shared/trends/detect-trends.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '1000000' },
    days: { type: 'string', default: '90' },
    timezone: { type: 'string', default: 'UTC' },
    data: { type: 'string' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '8' },
    'seed-only': { type: 'boolean', default: false },
    from: { type: 'string', default: '0' },
  },
});
const ITEMS = Number(values.items);
const DAYS = Number(values.days);
const TZ = String(values.timezone);
const CONCURRENCY = Number(values.concurrency);
const FROM = Number(values.from);
if (!Number.isInteger(FROM) || FROM < 0 || FROM > ITEMS) throw new Error(`--from must be an item number 0…${ITEMS}`);
const TABLE = 'koe-bench';
// A fixed calendar so runs compare: the last seeded day is 2026-03-31 (UTC); trends run on it.
const LAST_DAY = '2026-03-31';
const FIRST_MS = Date.parse(`${LAST_DAY}T00:00:00Z`) - (DAYS - 1) * 86_400_000;
const END_MS = Date.parse(`${LAST_DAY}T00:00:00Z`) + 86_400_000;

// --- deterministic data -------------------------------------------------------------------------

let seed = 0x9e3779b9;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
/** Zipf-ish index in [0, n): a few phrases are common, most are rare (as in real key phrases). */
const zipf = (n: number) => Math.min(n - 1, Math.floor(n ** rand()) - 1);

const CHANNELS: Channel[] = ['survey', 'chat', 'email', 'review', 'social', 'call', 'form'];
const SOURCES = ['zendesk', 'intercom', 'typeform', 'app-store', 'google-play', 'twitter', 'nps-survey', 'web-form'];
const STAGES = ['purchase', 'use', 'support', 'advocacy', undefined] as const;
const TIERS = ['free', 'pro', 'enterprise', undefined] as const;
const TOPICS = [
  'delivery',
  'billing',
  'app_stability',
  'login',
  'support_quality',
  'price',
  'refund',
  'product_quality',
  'staff',
  'wait_time',
  'shipping_damage',
  'account',
];
const WORDS =
  'late order refund charge app crash login password delivery package support agent price plan invoice screen button update battery staff hotel room breakfast shop store card payment wait queue phone email answer manager account subscription cancel box item size colour quality'.split(
    ' ',
  );
// A long tail as real text has it: 60,000 distinct phrases, Zipf-distributed (a few common, most one-offs).
const PHRASES = Array.from(
  { length: 60_000 },
  (_, i) =>
    `${WORDS[i % WORDS.length]} ${WORDS[Math.floor(i / WORDS.length) % WORDS.length]}${i >= WORDS.length ** 2 ? ` ${i}` : ''}`,
);
const LABELS: SentimentLabel[] = ['negative', 'negative', 'neutral', 'positive', 'mixed'];
const SCORE: Record<SentimentLabel, number> = { negative: -0.6, neutral: 0, positive: 0.7, mixed: -0.1 };
const LEVELS: UrgencyLevel[] = ['critical', 'high', 'high', 'normal', 'normal', 'normal', 'low', 'low'];
const TEXT =
  'The delivery was late again and nobody answers the phone. I was charged twice for my order; please refund me.';

const makeItem = (n: number): Record<string, unknown> => {
  const id = `fb_bench${String(n).padStart(8, '0')}`;
  const occurredMs = FIRST_MS + Math.floor(rand() * (END_MS - FIRST_MS));
  const occurredAt = new Date(occurredMs).toISOString();
  const receivedAt = new Date(occurredMs + Math.floor(rand() * 600_000)).toISOString();
  const label = pick(LABELS);
  const level = pick(LEVELS);
  const score = level === 'critical' ? 90 : level === 'high' ? 70 : level === 'normal' ? 40 : 10;
  const topics = Array.from({ length: Math.floor(rand() * 3) }, () => pick(TOPICS));
  // The last day has a spike: one phrase most days never see, so the trends job has something to alert on.
  const spike = occurredMs >= END_MS - 86_400_000 && rand() < 0.02;
  const keyPhrases = [
    ...new Set(Array.from({ length: 3 + Math.floor(rand() * 5) }, () => PHRASES[zipf(PHRASES.length)] as string)),
  ];
  if (spike) topics.push('emergent:double charge outage');
  // Discovered-theme candidates from the same long tail (0–2 a comment, as the analyzer gives).
  for (let k = Math.floor(rand() * 3); k > 0; k--) topics.push(`emergent:${PHRASES[zipf(PHRASES.length)]}`);
  const analysis: Analysis = {
    language: { code: 'en', confidence: 0.98 },
    sentiment: {
      label,
      score: SCORE[label] + (rand() - 0.5) * 0.2,
      confidence: 0.8,
      sentences: [
        { span: { start: 0, end: 58 }, label, score: SCORE[label] },
        { span: { start: 59, end: TEXT.length }, label, score: SCORE[label] },
      ],
    },
    keyPhrases,
    topics: [...new Set(topics)].map((topic) => ({
      topic,
      sentiment: { label, score: SCORE[label] },
      evidence: [{ start: 4, end: 12 }],
    })),
    urgency: {
      level,
      score,
      reasons: level === 'low' ? [] : [{ code: 'refund_request', level, evidence: { start: 59, end: 90 } }],
    },
    pii: {},
    analyzer: { name: 'local', version: 'bench' },
  };
  const r = rand();
  const status = r < 0.5 ? 'open' : r < 0.7 ? 'acknowledged' : 'resolved';
  const ack =
    status === 'open'
      ? undefined
      : new Date(Date.parse(receivedAt) + 60_000 + Math.floor(rand() * 7_200_000)).toISOString();
  const resolved =
    status === 'resolved'
      ? new Date(Date.parse(ack as string) + Math.floor(rand() * 86_400_000)).toISOString()
      : undefined;
  const ratings = rand() < 0.4 ? { nps: Math.floor(rand() * 11), csat: 1 + Math.floor(rand() * 5) } : undefined;
  const item: FeedbackItem = {
    id,
    kind: 'comment',
    source: pick(SOURCES),
    externalId: `ext-${n}`,
    channel: pick(CHANNELS),
    ...(pick(STAGES) ? definedOnly<Pick<FeedbackItem, 'journeyStage'>>({ journeyStage: pick(STAGES) }) : {}),
    text: TEXT,
    redacted: {},
    ...(ratings ? { ratings } : {}),
    ...(pick(TIERS) ? { customer: { tier: pick(TIERS) } } : {}),
    occurredAt,
    receivedAt,
    revision: 1,
    contentHash: 'bench',
    status: 'analyzed',
    analysis,
    analyzedRevision: 1,
    analyzedAt: receivedAt,
    triage: {
      status,
      level,
      score,
      topics: analysis.topics.map((t) => t.topic),
      sentiment: label,
      ...(ack ? { acknowledgedAt: ack } : {}),
      ...(resolved ? { resolvedAt: resolved } : {}),
      version: status === 'open' ? 0 : 1,
    },
  };
  // As stored once analyzed: in its urgency-queue partition instead of the pending one.
  return {
    ...newItemRecord(item),
    gsi1pk: queuePartition(status, level),
    gsi1sk: queueSortKey(score, occurredAt, id),
  };
};

// --- dynalite in its own process, data on disk ---------------------------------------------------

const startEngine = async (path: string): Promise<{ endpoint: string; stop: () => void }> => {
  const dynalitePath = createRequire(import.meta.url).resolve('dynalite');
  const code = `const d=require(${JSON.stringify(dynalitePath)})({path:${JSON.stringify(path)},createTableMs:0,deleteTableMs:0,updateTableMs:0});d.listen(0,'127.0.0.1',()=>console.log('PORT '+d.address().port));`;
  const child = spawn(process.execPath, ['--max-old-space-size=4096', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`dynalite exited with ${c}`)));
    child.stdout.on('data', (d: Buffer) => {
      const m = /PORT (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
  });
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
};

/** Bytes of an attribute value by DynamoDB's sizing rule (UTF-8 names and values; numbers ~1 byte per 2 digits). */
const valueSize = (v: AttributeValue): number => {
  if (v.S !== undefined) return Buffer.byteLength(v.S, 'utf8');
  if (v.N !== undefined) return Math.ceil(v.N.replace(/^-|\.|e.*$/gi, '').length / 2) + 1;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.M) return 3 + Object.entries(v.M).reduce((s, [k, x]) => s + Buffer.byteLength(k, 'utf8') + valueSize(x) + 1, 0);
  if (v.L) return 3 + v.L.reduce((s, x) => s + valueSize(x) + 1, 0);
  return 0;
};
const itemSize = (item: Record<string, AttributeValue>): number =>
  Object.entries(item).reduce((s, [k, v]) => s + Buffer.byteLength(k, 'utf8') + valueSize(v), 0);

const time = async <T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
};

const seedItems = async (client: DynamoDBClient) => {
  const perBatch = 25 * 20;
  // The generator's state is the same at item N whatever the run: items before --from are made, not written.
  for (let n = 0; n < FROM; n++) makeItem(n);
  let next = FROM;
  let written = 0;
  const inFlight = new Set<number>();
  const started = performance.now();
  let lastReport = started;
  const worker = async () => {
    while (next < ITEMS) {
      const from = next;
      next = Math.min(ITEMS, next + perBatch);
      const requests: WriteRequest[] = [];
      for (let n = from; n < next; n++) {
        requests.push({ PutRequest: { Item: marshall(makeItem(n), { removeUndefinedValues: true }) } });
      }
      inFlight.add(from);
      await batchWrite(client, TABLE, requests);
      inFlight.delete(from);
      written += requests.length;
      const now = performance.now();
      if (now - lastReport > 15_000) {
        lastReport = now;
        const rate = written / ((now - started) / 1000);
        // Every item before the oldest batch still in flight is written.
        const resume = Math.min(next, ...inFlight);
        process.stderr.write(
          `  seeded ${(FROM + written).toLocaleString('en-US')} (${Math.round(rate).toLocaleString('en-US')}/s, ETA ${Math.round((ITEMS - FROM - written) / rate)} s; resume with --from ${resume})\n`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return (performance.now() - started) / 1000;
};

const main = async () => {
  const dataDir = values.data ?? mkdtempSync(join(tmpdir(), 'koe-bench-rollup-'));
  const engine = await startEngine(join(dataDir, 'dynamo'));
  const client = new DynamoDBClient({
    endpoint: engine.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 5,
  });
  process.stdout.write(
    `bench:rollup — ${ITEMS.toLocaleString('en-US')} analyzed items over ${DAYS} days (${Math.round(ITEMS / DAYS).toLocaleString('en-US')}/day), ` +
      `time zone ${TZ}, dynalite on disk in ${dataDir}${values.reuse ? ' (reused, not seeded)' : ''}\n`,
  );
  try {
    await ensureTable(client, TABLE);
    let seedSeconds: number | undefined;
    if (!values.reuse) seedSeconds = await seedItems(client);
    if (seedSeconds !== undefined) {
      process.stdout.write(
        `seeded ${FROM ? `items ${FROM}… ` : ''}in ${seedSeconds.toFixed(1)} s: ${Math.round((ITEMS - FROM) / seedSeconds).toLocaleString('en-US')} items/s ` +
          `(BatchWriteItem ×25, ${CONCURRENCY} in flight)\n`,
      );
    }
    if (values['seed-only']) return;

    const deps: RollupDeps = {
      items: new DynamoFeedbackStore(client, TABLE),
      rollups: new DynamoRollupStore(client, TABLE),
      now: () => new Date(END_MS + 3_600_000),
    };
    const trendStore = new DynamoTrendStore(client, TABLE);
    const sent: SpikeNotice[] = [];
    const rows: Array<[string, string, string, string]> = [];
    const fmt = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

    const full = await time(() =>
      rollUpWindow(new Date(FIRST_MS).toISOString(), new Date(END_MS).toISOString(), TZ, deps),
    );
    const dayItems = full.value.days.reduce((a, d) => a + d.items, 0);
    rows.push([
      `full re-roll: ${full.value.days.length} days + ${full.value.composites.length} weeks/months`,
      dayItems.toLocaleString('en-US'),
      fmt(full.ms),
      `${Math.round(dayItems / (full.ms / 1000)).toLocaleString('en-US')} items/s`,
    ]);

    const midDay = periodOf(FIRST_MS + Math.floor(DAYS / 2) * 86_400_000 + 43_200_000, 'day', TZ);
    const day = await time(() => rollUpDay(midDay, deps));
    rows.push([
      `daily roll-up ${midDay.key} (the day from its items)`,
      day.value.items.toLocaleString('en-US'),
      fmt(day.ms),
      `${Math.round(day.value.items / (day.ms / 1000)).toLocaleString('en-US')} items/s, ${day.value.rows} rows`,
    ]);
    const close = await time(() => closeDay(new Date(midDay.end), TZ, deps));
    rows.push([
      `daily close ${midDay.key} (day + compose its week and month)`,
      (close.value.days[0]?.items ?? 0).toLocaleString('en-US'),
      fmt(close.ms),
      close.value.composites.map((c) => `${c.period}: ${c.items.toLocaleString('en-US')}`).join(', '),
    ]);

    const lastDay = periodOf(`${LAST_DAY}T12:00:00Z`, 'day', TZ);
    const trends = await time(() =>
      detectTrends(lastDay, {
        rollups: deps.rollups,
        trends: trendStore,
        now: deps.now,
        spikes: { marks: trendStore, alerter: { send: async (n) => void sent.push(n) }, now: deps.now },
      }),
    );
    rows.push([
      `trends ${lastDay.key} (8-day baseline, topics + discovered themes)`,
      trends.value.trends.volume.toLocaleString('en-US'),
      fmt(trends.ms),
      `${trends.value.trends.rising.length} rising, ${trends.value.trends.falling.length} falling, ${trends.value.alerts.sent} alert(s)`,
    ]);
    const week = periodOf(`${LAST_DAY}T12:00:00Z`, 'week', TZ);
    const weekTrends = await time(() =>
      detectTrends(week, { rollups: deps.rollups, trends: trendStore, now: deps.now }),
    );
    rows.push([
      `trends ${week.key} (8-week baseline)`,
      weekTrends.value.trends.volume.toLocaleString('en-US'),
      fmt(weekTrends.ms),
      `${weekTrends.value.trends.rising.length} rising, ${weekTrends.value.trends.falling.length} falling`,
    ]);

    // The largest roll-up or trend item written, by DynamoDB's size rule (names + values, UTF-8).
    let largest = { bytes: 0, key: '' };
    let rowCount = 0;
    let themeMax = 0;
    let cursor: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: TABLE,
          ExclusiveStartKey: cursor,
          FilterExpression: 'begins_with(pk, :r) OR begins_with(pk, :t)',
          ExpressionAttributeValues: { ':r': { S: 'ROLLUP#' }, ':t': { S: 'TRENDS#' } },
        }),
      );
      for (const item of page.Items ?? []) {
        const bytes = itemSize(item);
        if (bytes > largest.bytes) largest = { bytes, key: `${item.pk?.S} ${item.sk?.S}` };
        const topics = item.metrics?.M?.topics?.M;
        if (topics) {
          rowCount++;
          themeMax = Math.max(themeMax, Object.keys(topics).filter((t) => t.startsWith('emergent:')).length);
        }
      }
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    rows.push([
      'largest roll-up or trend item written',
      `${rowCount.toLocaleString('en-US')} rows`,
      `${largest.bytes.toLocaleString('en-US')} B`,
      `${largest.key}; at most ${themeMax} themes a row`,
    ]);

    const header: [string, string, string, string] = ['job', 'items read/covered', 'time', 'notes'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
    process.stdout.write(
      `\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('\n')}\n`,
    );
    if (sent[0])
      process.stdout.write(
        `\nfirst spike alert: ${sent[0].term} (${sent[0].count} vs ${sent[0].expected.toFixed(1)} expected)\n`,
      );
  } finally {
    client.destroy();
    engine.stop();
    if (!values.data && !values.keep) rmSync(dataDir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:rollup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
