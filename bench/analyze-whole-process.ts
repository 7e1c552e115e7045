/**
 * `npm run bench:analyze-process`: whole-process throughput, as a user runs it — `npx koe analyze` (the
 * compiled CLI: start-up, reading JSON Lines, the full local analysis, writing JSON Lines) over the airline
 * tweets, beside a Node process that runs vader-sentiment's `polarity_scores` over the same lines and writes
 * its scores (sentiment only: Koe also redacts, detects language, key phrases, topics and urgency). Koe runs
 * three times per round: as a user runs it (the default: a thread per idle core), with `--threads 1` (one
 * thread) and with a thread per core. Runs alternate, Koe ×3 then vader, and each figure is the median; wall
 * time and the process's CPU (user + system, from /usr/bin/time) side by side, since wall time on a shared
 * machine follows the load (printed at the start and the end).
 * Usage: npm run bench:analyze-process -- [--runs 3] [--limit N]
 * The data is non-commercial (CC BY-NC-SA 4.0): read from ../shared/data, never shipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { analyzeChunk, createAnalyzer } from '../cli/lib/analyze-lines.js';
import { modelDir } from '../cli/lib/model-dir.js';
import { ensureBuilt } from '../infra/local/build.js';
import { dataDir as evalDataDir } from './eval-corpus.js';
import { machine, printTable } from './lib/bench.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, limit: { type: 'string' } },
});
const RUNS = Number(values.runs);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dataDir = evalDataDir ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));
const tweetsFile = join(dataDir, 'twitter_airline_sentiment', 'Tweets.csv');
if (!existsSync(tweetsFile)) {
  console.log(`Evaluation data not found at ${tweetsFile}: skipping (see ../shared/data/README.md).`);
  process.exit(0);
}
const rows = parse(readFileSync(tweetsFile), { columns: true }) as Array<{ tweet_id: string; text: string }>;
const tweets = values.limit ? rows.slice(0, Number(values.limit)) : rows;

const work = mkdtempSync(join(tmpdir(), 'koe-analyze-process-'));
const input = join(work, 'tweets.jsonl');
writeFileSync(input, tweets.map((t) => `${JSON.stringify({ id: t.tweet_id, text: t.text })}\n`).join(''));

/** The peer's whole process: the same JSON Lines in, one score line out per line. */
const VADER = `
const vader = require('vader-sentiment').SentimentIntensityAnalyzer;
const lines = require('node:fs').readFileSync(process.argv[1], 'utf8').split('\\n').filter(Boolean);
const out = [];
for (const line of lines) {
  const { id, text } = JSON.parse(line);
  out.push(JSON.stringify({ id, sentiment: vader.polarity_scores(text) }));
}
process.stdout.write(out.join('\\n') + '\\n');
`;

interface Run {
  wall: number;
  cpu: number;
  lines: number;
}

/** Runs `args` under /usr/bin/time with `input` on stdin; wall and CPU seconds, and the lines it wrote. */
const timed = (args: string[], stdin?: string): Run => {
  const result = spawnSync('/usr/bin/time', ['-f', 'KOE_TIME %e %U %S', process.execPath, ...args], {
    cwd: ROOT,
    input: stdin === undefined ? undefined : readFileSync(stdin),
    maxBuffer: 1 << 30,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const stderr = result.stderr.toString('utf8');
  const match = stderr.match(/KOE_TIME ([\d.]+) ([\d.]+) ([\d.]+)/);
  if (result.status !== 0 || !match) throw new Error(`${args.join(' ')} failed (${result.status}):\n${stderr}`);
  const lines = result.stdout.toString('utf8').split('\n').filter(Boolean).length;
  return { wall: Number(match[1]), cpu: Number(match[2]) + Number(match[3]), lines };
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

await ensureBuilt();
const before = machine();
const koeRuns: Run[] = [];
const oneThreadRuns: Run[] = [];
const allCoresRuns: Run[] = [];
const cores = availableParallelism();
const vaderRuns: Run[] = [];
for (let i = 0; i < RUNS; i++) {
  koeRuns.push(timed(['cli/bin.js', 'analyze'], input));
  oneThreadRuns.push(timed(['cli/bin.js', 'analyze', '--threads', '1'], input));
  allCoresRuns.push(timed(['cli/bin.js', 'analyze', '--threads', String(cores)], input));
  vaderRuns.push(timed(['-e', VADER, input]));
  process.stderr.write(
    `run ${i + 1}/${RUNS}: koe ${koeRuns.at(-1)?.wall} s, --threads 1 ${oneThreadRuns.at(-1)?.wall} s, --threads ${cores} ${allCoresRuns.at(-1)?.wall} s, vader ${vaderRuns.at(-1)?.wall} s\n`,
  );
}

/**
 * The floor under any whole process: koe analyze's own work (parse, redact, analyze, write each line) in this
 * process, without start-up: a first pass over the lines (cold: JIT and word caches filling), then a second
 * (warm). Even a process that started in no time and ran warm from its first line would need the second.
 */
const inProcess = async () => {
  const lines = readFileSync(input, 'utf8').split('\n').filter(Boolean);
  const analyzer = await createAnalyzer({ modelDir: modelDir(process.env) }, (m) => process.stderr.write(`${m}\n`));
  const pass = async () => {
    const start = process.hrtime.bigint();
    let written = 0;
    for (let first = 0; first < lines.length; first += 256) {
      const chunk = { first: first + 1, lines: lines.slice(first, first + 256) };
      written += (await analyzeChunk(analyzer, chunk)).out.length;
    }
    if (written === 0) throw new Error('the in-process passes wrote nothing');
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  const cold = await pass();
  return { cold, warm: await pass() };
};
const floor = await inProcess();
rmSync(work, { recursive: true, force: true });
for (const [name, runs] of [
  ['koe analyze', koeRuns],
  ['koe analyze --threads 1', oneThreadRuns],
  [`koe analyze --threads ${cores}`, allCoresRuns],
  ['vader-sentiment', vaderRuns],
] as const)
  if (runs.some((r) => r.lines !== tweets.length))
    throw new Error(`${name} wrote ${runs.map((r) => r.lines).join('/')} lines for ${tweets.length} tweets`);

const medians = (runs: Run[]) => ({ wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)) });
const koe = medians(koeRuns);
const oneThread = medians(oneThreadRuns);
const allCores = medians(allCoresRuns);
const peer = medians(vaderRuns);
console.log(`\nWhole process over ${tweets.length} airline tweets, median of ${RUNS} alternating runs`);
console.log(`at start: ${before}\nat end:   ${machine()}\n`);
printTable(
  ['process', 'wall s', 'items/s (wall)', 'CPU s', 'items/s (CPU)'],
  [
    ['koe analyze (full analysis, default threads)', koe],
    ['koe analyze --threads 1', oneThread],
    [`koe analyze --threads ${cores}`, allCores],
    ['vader-sentiment (sentiment only)', peer],
  ].map(([name, m]) => {
    const { wall, cpu } = m as { wall: number; cpu: number };
    return [
      name as string,
      wall.toFixed(2),
      Math.round(tweets.length / wall),
      cpu.toFixed(2),
      Math.round(tweets.length / cpu),
    ];
  }),
);
const ratio = (k: { wall: number; cpu: number }) =>
  `${(peer.wall / k.wall).toFixed(2)} × by wall time, ${(peer.cpu / k.cpu).toFixed(2)} × by CPU time`;
console.log(
  `\nkoe analyze ÷ vader-sentiment: ${ratio(koe)} (--threads 1: ${ratio(oneThread)}; --threads ${cores}: ${ratio(allCores)})`,
);
const target = peer.wall / 3;
console.log(
  `\nThe work of koe analyze in one thread, without start-up (in this process, after the runs): first pass ` +
    `${floor.cold.toFixed(2)} s, second pass over the same lines (JIT and word caches warm) ${floor.warm.toFixed(2)} s ` +
    `(${Math.round(tweets.length / floor.warm)}/s), against ${target.toFixed(2)} s for 3 × vader's wall time ` +
    `(${(floor.warm / target).toFixed(2)} × of it).`,
);
