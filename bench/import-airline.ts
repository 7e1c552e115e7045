/**
 * npm run bench:import — `koe import` of the 14,640 airline tweets (../shared/data) into a fresh
 * local stack (`npm start -- --data <temp>` compiled, in a child process, as a user runs it), end to
 * end: the import's wall time and items/s, the time until every item is analyzed (followed on /health's
 * backlog, then every id checked once), the data folder's size after the import, after the analysis and
 * after `koe rollup --from 2015-02-01 --to 2015-03-01` (every 2015 day, week and month; each after the idle
 * compaction), a re-run (all duplicates), and `koe export` of everything back. Prints a table.
 *
 *   npm run bench:import [-- --concurrency 4 --batch-size 500]
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { dataStats } from '../cli/commands/doctor.js';
import { idForKey } from '../shared/feedback/ids.js';
import { machine, printTable, ROOT, sharedData, startBenchStack } from './lib/bench.js';

const TWEETS = sharedData('twitter_airline_sentiment/Tweets.csv');
const SOURCE = 'twitter-airline';

const { values } = parseArgs({
  options: { concurrency: { type: 'string', default: '4' }, 'batch-size': { type: 'string', default: '500' } },
});

/** Runs `node cli/bin.js ...` like a user; resolves with its exit code, stdout and the seconds it took. */
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

const count = (out: string, label: string) =>
  Number(new RegExp(`${label}\\s+([\\d,]+)`).exec(out)?.[1]?.replace(/,/g, '') ?? Number.NaN);

const main = async (tweets: string) => {
  const dir = await mkdtemp(join(tmpdir(), 'koe-bench-import-'));
  const dataDir = join(dir, 'data');
  const startLoad = machine();
  const stack = await startBenchStack(['--data', dataDir]);
  const env = { KOE_URL: stack.url, KOE_API_KEY: stack.key };
  /** Waits out the engine's idle compaction (it starts 10–15 s after the last write): until the size holds. */
  const compact = async () => {
    await new Promise((r) => setTimeout(r, 15_000));
    for (let last = -1; ; ) {
      const now = bytes();
      if (now === last) return;
      last = now;
      await new Promise((r) => setTimeout(r, 3_000));
    }
  };
  const bytes = () => dataStats(dataDir).find((r) => r.what === 'total')?.bytes ?? 0;
  try {
    const csv = await readFile(tweets, 'utf8');
    const tweetIds = (parse(csv, { columns: true, bom: true }) as Array<{ tweet_id: string }>).map((r) => r.tweet_id);
    const args = [
      'import',
      tweets,
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
      '--rejects',
      join(dir, 'rejects.jsonl'),
      '--concurrency',
      String(values.concurrency),
      '--batch-size',
      String(values['batch-size']),
    ];
    // Act 1: the import, end to end (CLI start, read, map, HTTP, redact, store, enqueue).
    const started = performance.now();
    const first = await koe(args, env);
    if (first.code !== 0) throw new Error(`koe import failed (${first.code}):\n${first.out}\n${first.err}`);
    const afterImport = bytes();

    // Act 2: until nothing is queued or in flight (/health), then every tweet's status once.
    for (;;) {
      const health = (await (await fetch(`${stack.url}/health`)).json()) as {
        analysis: { queued: number; inFlight: number };
      };
      if (health.analysis.queued + health.analysis.inFlight === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const analyzedAfter = (performance.now() - started) / 1000;
    const ids = tweetIds.map((t) => idForKey(SOURCE, t));
    let analyzed = 0;
    for (let i = 0; i < ids.length; i += 50) {
      const statuses = await Promise.all(
        ids.slice(i, i + 50).map(async (id) => {
          const res = await fetch(`${stack.url}/v1/feedback/${id}`, { headers: stack.auth });
          return ((await res.json()) as { status?: string }).status;
        }),
      );
      analyzed += statuses.filter((s) => s === 'analyzed').length;
    }
    const csvBytes = statSync(tweets).size;
    const beforeCompaction = bytes();
    await compact();
    const afterAnalysis = bytes();
    // Every 2015 day, with its weeks and month, rolled up again.
    const reroll = await koe(['rollup', '--from', '2015-02-01', '--to', '2015-03-01'], env);
    if (reroll.code !== 0) throw new Error(`koe rollup failed (${reroll.code}):\n${reroll.out}\n${reroll.err}`);
    const afterRerollRaw = bytes();
    await compact();
    const afterReroll = dataStats(dataDir);
    const total = afterReroll.find((r) => r.what === 'total')?.bytes ?? 0;
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB (${(b / csvBytes).toFixed(1)} ×)`;

    // Act 3: the same file again (every row answers duplicate), and everything back out.
    const again = await koe(args, env);
    const out = join(dir, 'export.jsonl');
    const exported = await koe(
      ['export', '--from', '2015-02-01', '--to', '2015-03-01', '--format', 'jsonl', '--limit', '5000', '--out', out],
      env,
    );
    const rows = (await readFile(out, 'utf8')).split('\n').filter(Boolean).length;

    const n = (v: number) => v.toLocaleString('en');
    console.log(
      `\nbench:import — --concurrency ${values.concurrency}, --batch-size ${values['batch-size']}; CSV ${(csvBytes / 1024 / 1024).toFixed(1)} MB`,
    );
    console.log(`at start: ${startLoad}\nat end:   ${machine()}\n`);
    printTable(
      ['measure', 'value'],
      [
        ['rows in Tweets.csv', n(tweetIds.length)],
        [
          'koe import: accepted / duplicates / rejected',
          `${n(count(first.out, 'accepted'))} / ${n(count(first.out, 'duplicates'))} / ${n(count(first.out, 'rejected'))}`,
        ],
        ['koe import: wall time (CLI start to exit)', `${first.seconds.toFixed(1)} s`],
        ['koe import: items/s end to end', n(Math.round(tweetIds.length / first.seconds))],
        ['every item analyzed, from import start', `${analyzedAfter.toFixed(1)} s`],
        ['items analyzed (GET each)', `${n(analyzed)} / ${n(ids.length)}`],
        ['imported + analyzed items/s', n(Math.round(tweetIds.length / analyzedAfter))],
        [
          're-run (all duplicates): wall time, duplicates',
          `${again.seconds.toFixed(1)} s, ${n(count(again.out, 'duplicates'))}`,
        ],
        ['koe export (jsonl, every row): wall time, rows', `${exported.seconds.toFixed(1)} s, ${n(rows)}`],
        ['data folder after the import', mb(afterImport)],
        ['data folder after the analysis', mb(beforeCompaction)],
        ['  … compacted', mb(afterAnalysis)],
        ['koe rollup 2015-02-01..03-01: wall time', `${reroll.seconds.toFixed(1)} s`],
        ['data folder after the re-roll', mb(afterRerollRaw)],
        ['  … compacted', mb(total)],
      ],
    );
    console.log('\nwhere the bytes are after the re-roll (koe doctor --stats):');
    for (const row of afterReroll) console.log(`  ${row.what.padEnd(34)} ${(row.bytes / 1024 / 1024).toFixed(2)} MB`);
  } finally {
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
};

if (!TWEETS) console.log('bench:import skipped: ../shared/data/twitter_airline_sentiment/Tweets.csv is absent');
else
  await main(TWEETS).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
