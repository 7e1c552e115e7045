/**
 * npm run bench:load — the local stack (`npm start --memory` in a child process) under sustained,
 * open-loop load at rising rates until it saturates. Each request has a scheduled send time
 * (start + i / rate) and its latency is measured from that time, not from when a socket was free,
 * so a stalled server shows up as latency instead of silently lowering the offered load
 * (no coordinated omission). After the run every accepted id is checked: stored, analyzed, at
 * revision 1, and analyzed exactly once (one "analysis done … analyzed" log line per id).
 *
 *   npm run bench:load                                   # 60 s per step, 25 → 800 /s
 *   npm run bench:load -- --seconds 10 --rates 50,100    # a quick run
 *   npm run bench:load -- --all                          # keep going after the first step that is not held
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machine } from './lib/bench.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rates: { type: 'string', default: '25,50,100,200,300,400,600,800' },
    sockets: { type: 'string', default: '128' },
    'p99-ms': { type: 'string', default: '100' },
    all: { type: 'boolean', default: false },
  },
});
const stepSeconds = Number(values.seconds);
const rates = String(values.rates).split(',').map(Number);
const p99Limit = Number(values['p99-ms']);
const TIMEOUT_MS = 10_000;

const TEXTS = [
  'The delivery was late again and nobody answers the phone.',
  'Great support, the agent solved my problem in minutes!',
  'I was charged twice for my order, please refund me today.',
  '配送が遅すぎて困っています。至急対応してください。',
  'スタッフの対応がとても丁寧で満足しました。',
  'The app crashes every time I try to log in.',
  'Write to me at someone@example.com if you need the order number.',
];

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const key = `koe_bench_${randomBytes(24).toString('base64url')}`;
const loadBefore = machine();

// The child's log lines are read as they come and only the "analysis done" counts are kept (so not through
// startLocalProcess, which keeps all of its output). Started as `npm start` starts it: the compiled stack.
const analyzedCount = new Map<string, number>();
let analyzedTotal = 0;
const child = spawn(process.execPath, ['infra/local/start.js', '--memory', '--port', '0'], {
  cwd: ROOT,
  env: { ...process.env, KOE_BOOTSTRAP_KEY: key, POWERTOOLS_LOG_LEVEL: 'INFO' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let stderrTail = '';
child.stderr.on('data', (d: Buffer) => {
  stderrTail = (stderrTail + d.toString('utf8')).slice(-4000);
});
const url = await new Promise<string>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`local stack did not start: ${stderrTail}`)), 60_000);
  child.once('exit', () => reject(new Error(`local stack exited: ${stderrTail}`)));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const listening = line.match(/listening on (http:\/\/\S+)/);
    if (listening?.[1]) {
      clearTimeout(timer);
      resolve(listening[1]);
      return;
    }
    if (!line.includes('"analysis done"')) return;
    try {
      const entry = JSON.parse(line) as { id?: string; outcome?: string };
      if (entry.outcome === 'analyzed' && entry.id) {
        analyzedCount.set(entry.id, (analyzedCount.get(entry.id) ?? 0) + 1);
        analyzedTotal++;
      }
    } catch {
      // not a JSON log line
    }
  });
});
const { hostname, port } = new URL(url);

const agent = new Agent({ keepAlive: true, maxSockets: Number(values.sockets) });
const call = (method: string, path: string, body?: string) =>
  new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        method,
        path,
        agent,
        timeout: TIMEOUT_MS,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

interface Step {
  rate: number;
  sent: number;
  accepted: number;
  achieved: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  analyzedPerSecond: number;
  backlog: number;
  held: boolean;
}

const accepted: string[] = [];
let seq = 0;

const runStep = async (rate: number): Promise<Step> => {
  const latencies: number[] = [];
  let errors = 0;
  let ok = 0;
  const total = Math.round(rate * stepSeconds);
  const inflight = new Set<Promise<void>>();
  const analyzedAtStart = analyzedTotal;
  const start = performance.now();
  let next = 0;
  // Open loop: every tick sends whatever is due by the schedule, whether or not earlier requests have answered.
  while (next < total) {
    const now = performance.now();
    while (next < total && start + (next * 1000) / rate <= now) {
      const scheduled = start + (next * 1000) / rate;
      const i = seq++;
      next++;
      const body = JSON.stringify({
        text: `${TEXTS[i % TEXTS.length]} (#${i})`,
        source: 'bench-load',
        externalId: `load-${i}`,
        channel: 'chat',
      });
      const p = call('POST', '/v1/feedback', body).then(
        (res) => {
          latencies.push(performance.now() - scheduled);
          if (res.status === 202) {
            ok++;
            accepted.push((JSON.parse(res.text) as { id: string }).id);
          } else errors++;
        },
        () => {
          latencies.push(performance.now() - scheduled);
          errors++;
        },
      );
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all([...inflight]);
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const step: Step = {
    rate,
    sent: total,
    accepted: ok,
    achieved: ok / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    errors,
    analyzedPerSecond: (analyzedTotal - analyzedAtStart) / elapsed,
    backlog: accepted.length + warmIds.length - analyzedTotal,
    held: false,
  };
  step.held = errors === 0 && step.p99 < p99Limit && step.achieved >= rate * 0.95;
  return step;
};

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const row = (s: Step) =>
  `| ${s.rate} | ${s.sent} | ${s.accepted} | ${fmt(s.achieved)} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.max, 0)} | ${s.errors} | ${fmt(s.analyzedPerSecond)} | ${s.backlog} | ${s.held ? 'yes' : 'no'} |`;
const header =
  '| target /s | sent | accepted (202) | achieved /s | p50 ms | p99 ms | max ms | errors | analyzed /s | analysis backlog | held |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:--|';

// Warm-up (not measured): load the tokenizer and let the JIT settle before the first step.
const warmIds: string[] = [];
for (let i = 0; i < 40; i++) {
  const res = await call(
    'POST',
    '/v1/feedback',
    JSON.stringify({ text: TEXTS[i % TEXTS.length], source: 'bench-warmup', externalId: `w-${i}`, channel: 'chat' }),
  );
  warmIds.push((JSON.parse(res.text) as { id: string }).id);
}
while (warmIds.some((id) => !analyzedCount.has(id))) await new Promise((r) => setTimeout(r, 100));

console.log(
  `Koe local stack (npm start --memory, child process), open-loop POST /v1/feedback, ${stepSeconds} s per step; ` +
    `at start: ${loadBefore}, node ${process.version}\n`,
);
console.log(header);
const steps: Step[] = [];
for (const rate of rates) {
  const step = await runStep(rate);
  steps.push(step);
  console.log(row(step));
  if (!step.held && !values.all) break;
  // Let the analysis backlog of this step drain a little, so the next step starts from a similar state.
  const drainUntil = Date.now() + 30_000;
  while (accepted.length + warmIds.length > analyzedTotal && Date.now() < drainUntil)
    await new Promise((r) => setTimeout(r, 200));
}

// After the run: every accepted id stored, analyzed at revision 1, and analyzed exactly once.
const drainStart = Date.now();
while (analyzedTotal < accepted.length + warmIds.length && Date.now() - drainStart < 15 * 60_000) {
  await new Promise((r) => setTimeout(r, 250));
}
const drainSeconds = (Date.now() - drainStart) / 1000;
let stored = 0;
let analyzedAtRev1 = 0;
for (let i = 0; i < accepted.length; i += 32) {
  await Promise.all(
    accepted.slice(i, i + 32).map(async (id) => {
      const res = await call('GET', `/v1/feedback/${id}`);
      if (res.status !== 200) return;
      stored++;
      const item = JSON.parse(res.text) as { status?: string; revision?: number; analyzedRevision?: number };
      if (item.status === 'analyzed' && item.revision === 1 && item.analyzedRevision === 1) analyzedAtRev1++;
    }),
  );
}
const once = accepted.filter((id) => analyzedCount.get(id) === 1).length;
const unique = new Set(accepted).size;
const best = steps.filter((s) => s.held).at(-1);
console.log(
  `\naccepted ${accepted.length} (${unique} distinct ids); stored ${stored}; analyzed at revision 1: ${analyzedAtRev1}; ` +
    `analyzed exactly once: ${once}; extra analyses: ${analyzedTotal - warmIds.length - once}; backlog drained in ${fmt(drainSeconds)} s after the last step`,
);
console.log(
  best
    ? `highest rate held (p99 < ${p99Limit} ms, no errors, ≥ 95% of target achieved, nothing lost): ${best.rate}/s (achieved ${fmt(best.achieved)}/s, p99 ${fmt(best.p99)} ms)`
    : `no step held p99 < ${p99Limit} ms without errors`,
);
console.log(`at end: ${machine()}`);
const lost = accepted.length - analyzedAtRev1;
if (lost !== 0 || once !== accepted.length || unique !== accepted.length) {
  console.error('FAILED: not every accepted item was stored and analyzed exactly once');
  process.exitCode = 1;
}
agent.destroy();
child.kill('SIGINT');
await new Promise((r) => child.once('exit', r));
