/**
 * npm run bench:import — `koe import` of the 14,640 airline tweets (../shared/data) into a fresh
 * local stack (`npm start -- --data <temp>` compiled, in a child process, as a user runs it), end to
 * end: the import's wall time and items/s, the time until every item is analyzed, the data folder's
 * size then and after a re-roll of the tweets' days (each after the idle compaction), a re-run (all
 * duplicates), and `koe export` of everything back. Prints a table.
 *
 *   npm run bench:import [-- --concurrency 4 --batch-size 500]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { dataStats } from '../cli/commands/doctor.js';
import { startLocalProcess } from '../infra/local/spawn.js';
import { idForKey } from '../shared/feedback/ids.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TWEETS = join(ROOT, '..', 'shared', 'data', 'twitter_airline_sentiment', 'Tweets.csv');
const SOURCE = 'twitter-airline';

const { values } = parseArgs({
  options: { concurrency: { type: 'string', default: '4' }, 'batch-size': { type: 'string', default: '500' } },
});

if (!existsSync(TWEETS)) {
  console.log(`bench:import skipped: ${TWEETS} is absent (see ../shared/data/README.md)`);
  process.exit(0);
}

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

const main = async () => {
  const key = `koe_bench_${randomBytes(24).toString('base64url')}`;
  const dir = await mkdtemp(join(tmpdir(), 'koe-bench-import-'));
  const dataDir = join(dir, 'data');
  const stack = await startLocalProcess(
    ['--data', dataDir, '--port', '0'],
    { KOE_BOOTSTRAP_KEY: key },
    { compiled: true },
  );
  const env = { KOE_URL: stack.url, KOE_API_KEY: key };
  /** The data folder's bytes once the engine has compacted after its writes (idle 10 s). */
  const settledBytes = async () => {
    await new Promise((r) => setTimeout(r, 15_000));
    return dataStats(dataDir);
  };
  const load = loadavg()[0]?.toFixed(2);
  try {
    const csv = await readFile(TWEETS, 'utf8');
    const tweetIds = (parse(csv, { columns: true, bom: true }) as Array<{ tweet_id: string }>).map((r) => r.tweet_id);
    const args = [
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
    if (first.code !== 0) {
      const serverErrors = stack
        .output()
        .split('\n')
        .filter((l) => /"level":"(ERROR|WARN)"|threw|unhandled/i.test(l))
        .slice(-20);
      throw new Error(
        `koe import failed (${first.code}):\n${first.out}\n${first.err}\nserver:\n${serverErrors.join('\n')}`,
      );
    }

    // Act 2: poll until every tweet is analyzed — a sample of ids while the queue drains, then all of them.
    const get = async (id: string) => {
      const res = await fetch(`${stack.url}/v1/feedback/${id}`, { headers: { authorization: `Bearer ${key}` } });
      return ((await res.json()) as { status?: string }).status;
    };
    const ids = tweetIds.map((t) => idForKey(SOURCE, t));
    const sample = [...ids.slice(-100), ...ids.filter((_, i) => i % 150 === 0)];
    const pending = async (list: string[]) => {
      const out: string[] = [];
      for (let i = 0; i < list.length; i += 50) {
        const part = list.slice(i, i + 50);
        const statuses = await Promise.all(part.map(get));
        part.forEach((id, k) => {
          if (statuses[k] !== 'analyzed') out.push(id);
        });
      }
      return out;
    };
    const drain = async (list: string[]) => {
      let left = await pending(list);
      while (left.length) {
        await new Promise((r) => setTimeout(r, 500));
        left = await pending(left);
      }
    };
    await drain(sample);
    await drain(ids);
    const analyzedAfter = (performance.now() - started) / 1000;
    const csvBytes = statSync(TWEETS).size;
    const afterAnalysis = await settledBytes();
    // A full re-roll of the tweets' days (2015-02-16 to 02-24) with their weeks and month.
    const rerollStarted = performance.now();
    const reroll = await fetch(`${stack.url}/v1/rollups/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: '2015-02-16', to: '2015-02-24' }),
    });
    const rerollSeconds = (performance.now() - rerollStarted) / 1000;
    const afterReroll = await settledBytes();
    const total = (rows: ReturnType<typeof dataStats>) => rows.find((r) => r.what === 'total')?.bytes ?? 0;
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB (${(bytes / csvBytes).toFixed(1)} × the CSV)`;

    // Act 3: the same file again (every row answers duplicate), and everything back out.
    const again = await koe(args, env);
    const out = join(dir, 'export.jsonl');
    const exported = await koe(
      ['export', '--from', '2015-02-01', '--to', '2015-03-01', '--format', 'jsonl', '--limit', '5000', '--out', out],
      env,
    );
    const rows = (await readFile(out, 'utf8')).split('\n').filter(Boolean).length;

    const n = (v: number) => v.toLocaleString('en');
    const table = [
      ['measure', 'value'],
      ['rows in Tweets.csv', n(tweetIds.length)],
      [
        'koe import: accepted / duplicates / rejected',
        `${n(count(first.out, 'accepted'))} / ${n(count(first.out, 'duplicates'))} / ${n(count(first.out, 'rejected'))}`,
      ],
      ['koe import: wall time (CLI start to exit)', `${first.seconds.toFixed(1)} s`],
      ['koe import: items/s end to end', n(Math.round(tweetIds.length / first.seconds))],
      ['every item analyzed, from import start', `${analyzedAfter.toFixed(1)} s`],
      ['analyzed items/s (import + analysis)', n(Math.round(tweetIds.length / analyzedAfter))],
      [
        're-run (all duplicates): wall time, duplicates',
        `${again.seconds.toFixed(1)} s, ${n(count(again.out, 'duplicates'))}`,
      ],
      ['koe export (jsonl, every row): wall time, rows', `${exported.seconds.toFixed(1)} s, ${n(rows)}`],
      ['data folder after analysis (compacted)', mb(total(afterAnalysis))],
      [`re-roll of 9 days: status, wall time`, `${reroll.status}, ${rerollSeconds.toFixed(1)} s`],
      ['data folder after the re-roll (compacted)', mb(total(afterReroll))],
    ];
    const width = Math.max(...table.map((r) => (r[0] as string).length));
    console.log(
      `\nbench:import — ${cpus().length} CPU(s), load ${load} at start, --concurrency ${values.concurrency}, --batch-size ${values['batch-size']}\n`,
    );
    for (const [i, [k, v]] of table.entries()) {
      console.log(`| ${(k as string).padEnd(width)} | ${v} |`);
      if (i === 0) console.log(`| ${'-'.repeat(width)} | --- |`);
    }
    console.log('\nwhere the bytes are after the re-roll (koe doctor --stats):');
    for (const row of afterReroll) console.log(`  ${row.what.padEnd(34)} ${(row.bytes / 1024 / 1024).toFixed(2)} MB`);
  } finally {
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
