/**
 * npm run eval:themes — discovered themes on the airline tweets (../shared/data, non-commercial:
 * evaluation only, nothing from it is committed), through the local stack as a user runs it:
 *
 * 1. `koe import` of the 14,640 tweets into a stack with its data on disk, until all are analyzed
 *    (skipped with --reuse DIR);
 * 2. a full re-roll of every 2015 day, week and month with `koe rollup --from 2015-01-01 --to 2015-12-31`:
 *    its time, then the largest item in the table (bytes, DynamoDB's rule) and themes per row;
 * 3. per labelled negative reason, the best-matching discovered theme's purity and coverage; the
 *    share of noise (by the candidate rules) among the top 20 themes of each week; taxonomy-topic
 *    recall per reason.
 *
 *   npm run eval:themes [-- --timezone UTC --data /tmp/koe-eval --reuse --tweets PATH/Tweets.csv]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type AttributeValue, ScanCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { parse } from 'csv-parse/sync';
import { startDynalite } from '../infra/local/dynalite.js';
import { startLocalProcess } from '../infra/local/spawn.js';
import { batchWrite } from '../shared/adapters/dynamo/batch-write.js';
import { DynamoFeedbackStore } from '../shared/adapters/dynamo/feedback-store.js';
import { newItemRecord, queuePartition, queueSortKey } from '../shared/adapters/dynamo/keys.js';
import { DynamoRollupStore } from '../shared/adapters/dynamo/rollup-store.js';
import { ensureTable } from '../shared/adapters/dynamo/table.js';
import { DynamoTrendStore } from '../shared/adapters/dynamo/trend-store.js';
import { EN_STOP } from '../shared/analysis/key-phrases/english-words.js';
import { createLocalAnalyzer } from '../shared/analysis/local-analyzer.js';
import { redactPii } from '../shared/analysis/pii/redact.js';
import type { Analysis } from '../shared/analysis/types.js';
import { PII_TYPES } from '../shared/analysis/types.js';
import { idForKey } from '../shared/feedback/ids.js';
import type { FeedbackItem } from '../shared/feedback/model.js';
import { parseRerunRequest, rerunRollups } from '../shared/rollups/rerun-rollups.js';
import type { DiscoveredTheme } from '../shared/themes/discover-themes.js';
import type { StoredTrends } from '../shared/trends/ports.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SOURCE = 'twitter-airline';

const { values } = parseArgs({
  options: {
    timezone: { type: 'string', default: 'UTC' },
    data: { type: 'string' },
    reuse: { type: 'boolean', default: false },
    // Analyze and seed in this process, then re-roll through the same use case the route runs, call by
    // call as the CLI does: for a machine too loaded for the HTTP stack's 30 s request limit.
    'in-process': { type: 'boolean', default: false },
    // A git worktree sits one level deeper than the checkout the data folder is beside.
    tweets: { type: 'string', default: join(ROOT, '..', 'shared', 'data', 'twitter_airline_sentiment', 'Tweets.csv') },
  },
});
const TWEETS = String(values.tweets);

if (!existsSync(TWEETS)) {
  console.log(`eval:themes skipped: ${TWEETS} is absent (see ../shared/data/README.md)`);
  process.exit(0);
}

const koe = (args: string[], env: NodeJS.ProcessEnv) =>
  new Promise<{ code: number | null; out: string; err: string; seconds: number }>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'cli', 'bin.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err, seconds: (performance.now() - started) / 1000 }));
  });

/** Bytes of an attribute value by DynamoDB's sizing rule (names and values, UTF-8; numbers ~1 byte per 2 digits). */
const valueSize = (v: AttributeValue): number => {
  if (v.S !== undefined) return Buffer.byteLength(v.S, 'utf8');
  if (v.N !== undefined) return Math.ceil(v.N.replace(/^-|\.|e.*$/gi, '').length / 2) + 1;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.M) return 3 + Object.entries(v.M).reduce((s, [k, x]) => s + Buffer.byteLength(k, 'utf8') + valueSize(x) + 1, 0);
  if (v.L) return 3 + v.L.reduce((s, x) => s + valueSize(x) + 1, 0);
  if (v.SS) return v.SS.reduce((s, x) => s + Buffer.byteLength(x, 'utf8'), 0);
  return 0;
};
const itemSize = (item: Record<string, AttributeValue>): number =>
  Object.entries(item).reduce((s, [k, v]) => s + Buffer.byteLength(k, 'utf8') + valueSize(v), 0);

interface Tweet {
  id: string;
  text: string;
  label: string;
  reason: string;
}

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

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The whole path as a user runs it: `koe import`, the analysis queue, `koe rollup`, `koe trends`. */
const throughStack = async (tweets: Tweet[], tz: string, dataDir: string, reports: StoredTrends[]) => {
  const key = `koe_eval_${randomBytes(24).toString('base64url')}`;
  const stack = await startLocalProcess(['--data', dataDir, '--port', '0'], {
    KOE_BOOTSTRAP_KEY: key,
    KOE_TIMEZONE: tz,
  });
  const env = { KOE_URL: stack.url, KOE_API_KEY: key };
  let importSeconds: number | undefined;
  let rerun: Awaited<ReturnType<typeof koe>>;
  try {
    if (!values.reuse) {
      const started = performance.now();
      // Under load a batch can fail; the CLI says to run it again (stored rows answer duplicate).
      for (let attempt = 1; ; attempt++) {
        const imported = await koe(
          [
            'import',
            TWEETS,
            '--source',
            SOURCE,
            '--channel',
            'social',
            '--external-id',
            'tweet_id',
            '--date',
            'tweet_created',
            '--metadata',
            'airline',
          ],
          env,
        );
        if (imported.code === 0) break;
        const server = stack
          .output()
          .split('\n')
          .filter((l) => /ERROR|threw/i.test(l))
          .slice(-3);
        if (attempt >= 5) throw new Error(`koe import failed:\n${imported.out}\n${imported.err}\n${server.join('\n')}`);
        console.error(`koe import attempt ${attempt} failed; again. Server said:\n${server.join('\n').slice(0, 2000)}`);
      }
      const status = async (id: string) => {
        const res = await fetch(`${stack.url}/v1/feedback/${id}`, { headers: { authorization: `Bearer ${key}` } });
        return ((await res.json()) as { status?: string }).status;
      };
      let left = tweets.map((t) => t.id);
      while (left.length) {
        const next: string[] = [];
        for (let i = 0; i < left.length; i += 50) {
          const part = left.slice(i, i + 50);
          const statuses = await Promise.all(part.map(status));
          next.push(...part.filter((_, k) => statuses[k] !== 'analyzed'));
        }
        left = next;
        if (left.length) await new Promise((r) => setTimeout(r, 1000));
      }
      importSeconds = (performance.now() - started) / 1000;
    }
    rerun = await koe(['rollup', '--from', '2015-01-01', '--to', '2015-12-31'], env);
    if (rerun.code !== 0) throw new Error(`koe rollup failed:\n${rerun.out}\n${rerun.err}`);
    for (const week of ['2015-W08', '2015-W09']) {
      const res = await koe(['trends', '--period', 'week', '--key', week, '--json'], env);
      const body = JSON.parse(res.out) as { trends: StoredTrends | null };
      if (body.trends) reports.push(body.trends);
    }
  } finally {
    await stack.stop();
  }
  return {
    importSeconds,
    rerun: {
      code: rerun.code,
      seconds: rerun.seconds,
      calls: rerun.err.split('\n').filter((l) => l.startsWith('rolled up')).length + 1,
    },
  };
};

/**
 * The same analysis, storage and re-roll code without the HTTP stack: tweets redacted and analyzed
 * here, stored with the table's key design, then re-rolled call by call through rerunRollups (the
 * route's use case) following `next` as the CLI does, and the weekly reports read back.
 */
const inProcess = async (
  tweets: Tweet[],
  rows: Array<Record<string, string>>,
  tz: string,
  dataDir: string,
  reports: StoredTrends[],
) => {
  const engine = await startDynalite({ path: join(dataDir, 'dynamo') });
  const client = engine.client();
  try {
    await ensureTable(client, 'koe');
    let importSeconds: number | undefined;
    if (!values.reuse) {
      const started = performance.now();
      const analyzer = createLocalAnalyzer();
      for (let i = 0; i < tweets.length; i += 500) {
        const part = tweets
          .slice(i, i + 500)
          .map((t, k) => ({ t, row: rows[i + k] ?? {}, text: redactPii(t.text).text }));
        const analyses = await analyzer.analyze(part.map((p) => ({ text: p.text, language: 'en' })));
        const requests: WriteRequest[] = part.map(({ t, row, text }, k) => {
          const analysis = analyses[k] as Analysis;
          const occurredAt = new Date(
            Date.parse((row.tweet_created ?? '').replace(' ', 'T').replace(' ', '')),
          ).toISOString();
          const item: FeedbackItem = {
            id: t.id,
            kind: 'comment',
            source: SOURCE,
            channel: 'social',
            text,
            redacted: {},
            occurredAt,
            receivedAt: occurredAt,
            revision: 1,
            contentHash: 'eval',
            status: 'analyzed',
            analysis,
            analyzedRevision: 1,
            analyzedAt: occurredAt,
            triage: {
              status: 'open',
              level: analysis.urgency.level,
              score: analysis.urgency.score,
              topics: analysis.topics.map((x) => x.topic),
              sentiment: analysis.sentiment.label,
              version: 0,
            },
          };
          return {
            PutRequest: {
              Item: marshall(
                {
                  ...newItemRecord(item),
                  gsi1pk: queuePartition('open', analysis.urgency.level),
                  gsi1sk: queueSortKey(analysis.urgency.score, occurredAt, t.id),
                },
                { removeUndefinedValues: true, convertClassInstanceToMap: false },
              ),
            },
          };
        });
        await batchWrite(client, 'koe', requests);
      }
      importSeconds = (performance.now() - started) / 1000;
    }
    const deps = {
      items: new DynamoFeedbackStore(client, 'koe'),
      rollups: new DynamoRollupStore(client, 'koe'),
      trends: new DynamoTrendStore(client, 'koe'),
      now: () => new Date('2016-01-01T12:00:00Z'),
    };
    const started = performance.now();
    let calls = 0;
    let from = '2015-01-01';
    for (;;) {
      calls++;
      const outcome = await rerunRollups(parseRerunRequest({ from, to: '2015-12-31' }, tz, deps.now()), tz, deps);
      if (!outcome.next) break;
      from = outcome.next;
    }
    const seconds = (performance.now() - started) / 1000;
    for (const week of ['2015-W08', '2015-W09']) {
      const r = await deps.trends.getTrends('week', tz, week);
      if (r) reports.push(r);
    }
    return { importSeconds, rerun: { code: 0, seconds, calls } };
  } finally {
    client.destroy();
    await engine.stop();
  }
};

const main = async () => {
  const tz = String(values.timezone);
  const dataDir = values.data ?? mkdtempSync(join(tmpdir(), 'koe-eval-themes-'));
  const rows = parse(await readFile(TWEETS, 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>;
  const tweets: Tweet[] = rows.map((r) => ({
    id: idForKey(SOURCE, r.tweet_id ?? ''),
    text: r.text ?? '',
    label: r.airline_sentiment ?? '',
    reason: r.negativereason ?? '',
  }));
  const load = loadavg().map((l) => l.toFixed(1));
  let importSeconds: number | undefined;
  let rerun: { code: number | null; seconds: number; calls: number };
  const reports: StoredTrends[] = [];
  if (values['in-process']) {
    ({ importSeconds, rerun } = await inProcess(tweets, rows, tz, dataDir, reports));
  } else {
    ({ importSeconds, rerun } = await throughStack(tweets, tz, dataDir, reports));
  }

  // The table as the stack left it: every item's size, every roll-up row's themes, every analysis.
  const engine = await startDynalite({ path: join(dataDir, 'dynamo') });
  const dynamo = engine.client();
  let largest = { bytes: 0, key: '' };
  let rollupRows = 0;
  let maxThemes = 0;
  let themeSum = 0;
  const topicsOf = new Map<string, string[]>();
  // The issue's noise list (words seen as rising themes before): never in any stored report's top 20.
  const NOISE_LIST = /\b(fleet|fleek|dfw|aa|rt|victim|teach|lhr|iah)\b/;
  let reportsRead = 0;
  const noiseListed: string[] = [];
  let cursor: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamo.send(new ScanCommand({ TableName: 'koe', ExclusiveStartKey: cursor }));
    for (const item of page.Items ?? []) {
      const pk = item.pk?.S ?? '';
      const bytes = itemSize(item);
      if (pk.startsWith('ROLLUP#') || pk.startsWith('TRENDS#')) {
        if (bytes > largest.bytes) largest = { bytes, key: `${pk} ${item.sk?.S ?? ''}` };
      }
      if (pk.startsWith('TRENDS#') && item.trends) {
        const report = unmarshall(item).trends as StoredTrends;
        reportsRead++;
        const top = [...report.discovered.slice(0, 20), ...report.rising.slice(0, 20)];
        for (const t of top)
          if (NOISE_LIST.test(t.label.replace(/^emergent:/, '').toLowerCase()))
            noiseListed.push(`${report.period}: ${t.label}`);
      }
      if (pk.startsWith('ROLLUP#') && item.metrics) {
        const metrics = unmarshall(item).metrics as { topics?: Record<string, unknown> };
        const themes = Object.keys(metrics.topics ?? {}).filter((t) => t.startsWith('emergent:')).length;
        rollupRows++;
        themeSum += themes;
        maxThemes = Math.max(maxThemes, themes);
      }
      const plain = item.id?.S && item.analysis ? unmarshall(item) : undefined;
      if (plain?.analysis)
        topicsOf.set(
          plain.id,
          (plain.analysis.topics as Array<{ topic: string }>).map((t) => t.topic),
        );
    }
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  await engine.stop();

  console.log(`# eval:themes — airline tweets, time zone ${tz}, load ${load.join(' ')} at start`);
  console.log();
  console.log('| measure | value |');
  console.log('|---|---:|');
  if (importSeconds !== undefined)
    console.log(`| import + analysis of ${tweets.length} tweets | ${importSeconds.toFixed(0)} s |`);
  console.log(
    `| re-roll of every 2015 day, week and month (${values['in-process'] ? 'rerunRollups in process' : 'koe rollup'}, ${rerun.code === 0 ? 'all succeeded' : 'FAILED'}) | ${rerun.seconds.toFixed(1)} s |`,
  );
  console.log(`| re-run calls (each within its time budget) | ${rerun.calls} |`);
  console.log(`| largest roll-up or trend item | ${largest.bytes.toLocaleString('en')} B (${largest.key}) |`);
  console.log(
    `| roll-up rows; themes per row mean / max | ${rollupRows}; ${(themeSum / Math.max(1, rollupRows)).toFixed(1)} / ${maxThemes} |`,
  );
  console.log(
    `| the issue's noise list (fleet, fleek, dfw, aa, rt, victim, teach, lhr, iah) in the top 20 discovered or rising of ${reportsRead} day/week/month reports | ${noiseListed.length}${noiseListed.length ? ` — ${noiseListed.slice(0, 10).join(', ')}` : ''} |`,
  );
  console.log();

  // Noise by the candidate rules, judged from the words themselves and how the tweets write them.
  const capitals = new Map<string, { upper: number; all: number }>();
  for (const t of tweets)
    for (const w of t.text.match(/\b[A-Za-z]{2,3}\b/g) ?? []) {
      const c = capitals.get(w.toLowerCase()) ?? { upper: 0, all: 0 };
      c.all++;
      if (w === w.toUpperCase()) c.upper++;
      capitals.set(w.toLowerCase(), c);
    }
  const placeholders = new Set(PII_TYPES.map((p) => p.toLowerCase()));
  const noise = (label: string): string | undefined => {
    const words = label.split(' ');
    if (/[@#/]|https?|www/.test(label)) return 'handle or link';
    if (/\d/.test(label)) return 'number';
    if (words.some((w) => w === 'rt')) return 'RT';
    if (words.some((w) => placeholders.has(w))) return 'placeholder';
    if (words.every((w) => EN_STOP.has(w))) return 'stopword';
    if (words.some((w) => w.length === 1)) return 'single letter';
    const code = words.find((w) => {
      const c = capitals.get(w);
      return w.length <= 3 && c !== undefined && c.upper / c.all >= 0.5;
    });
    return code ? `code (${code})` : undefined;
  };
  console.log('## Top discovered themes per week (noise by the candidate rules)');
  for (const r of reports) {
    const top = r.discovered.slice(0, 20);
    const noisy = top.filter((t) => noise(t.label));
    console.log(
      `- ${r.period}: ${r.volume} comments, ${top.length} themes, noise ${noisy.length}/${top.length} (${pct(top.length ? noisy.length / top.length : 0)})` +
        `${noisy.length ? ` — ${noisy.map((t) => `${t.label}: ${noise(t.label)}`).join(', ')}` : ''}`,
    );
    console.log(`  ${top.map((t) => `${t.label} (${t.count})`).join(', ')}`);
  }
  console.log();

  // Purity and coverage of the best theme per reason, over the themes of both weeks.
  const negatives = tweets.filter((t) => t.label === 'negative' && t.reason && t.reason !== "Can't Tell");
  const themes = new Map<string, DiscoveredTheme>();
  for (const r of reports) for (const t of r.discovered) if (!themes.has(t.id)) themes.set(t.id, t);
  const itemsOf = (t: DiscoveredTheme): Set<string> => {
    const ids = new Set(t.members.map((m) => `emergent:${m}`));
    return new Set(tweets.filter((tw) => topicsOf.get(tw.id)?.some((x) => ids.has(x))).map((tw) => tw.id));
  };
  const themeItems = [...themes.values()].map((t) => ({ t, items: itemsOf(t) }));
  console.log('## Best discovered theme per labelled negative reason');
  console.log('| reason | n | best theme | purity | coverage | taxonomy recall |');
  console.log('|---|---:|---|---:|---:|---:|');
  const reasons = [...new Set(negatives.map((t) => t.reason))].sort();
  let recalled = 0;
  let total = 0;
  for (const reason of reasons) {
    const ids = new Set(negatives.filter((t) => t.reason === reason).map((t) => t.id));
    let best = { label: '–', purity: 0, coverage: 0, f1: 0 };
    for (const { t, items } of themeItems) {
      const hit = [...items].filter((id) => ids.has(id)).length;
      if (hit === 0) continue;
      const purity = hit / items.size;
      const coverage = hit / ids.size;
      const f1 = (2 * purity * coverage) / (purity + coverage);
      if (f1 > best.f1) best = { label: t.label, purity, coverage, f1 };
    }
    const accepted = REASON_TOPICS[reason] ?? [];
    const hits = [...ids].filter((id) => topicsOf.get(id)?.some((x) => accepted.includes(x))).length;
    recalled += hits;
    total += ids.size;
    console.log(
      `| ${reason} | ${ids.size} | ${best.label} | ${pct(best.purity)} | ${pct(best.coverage)} | ${pct(hits / Math.max(1, ids.size))} |`,
    );
  }
  console.log(`\ntaxonomy-topic recall over all labelled reasons: ${pct(recalled / Math.max(1, total))} (target 75%)`);
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
