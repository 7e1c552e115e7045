/**
 * npm run bench:ingest — the local stack under load, as a user runs it (`npm start` in a
 * child process), with N concurrent clients posting single comments for a fixed time.
 * Reports accepted/s, p50/p99 latency, time from accept to analyzed, and checks that every
 * accepted id is stored and analyzed exactly once. Several client counts side by side.
 *
 *   npm run bench:ingest -- --seconds 30 --clients 1,8,32
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { eventually, startLocalProcess } from '../infra/local/spawn.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '30' }, clients: { type: 'string', default: '1,8,32' } },
});
const seconds = Number(values.seconds);
const clientCounts = String(values.clients).split(',').map(Number);

const TEXTS = [
  'The delivery was late again and nobody answers the phone.',
  'Great support, the agent solved my problem in minutes!',
  'I was charged twice for my order, please refund me today.',
  '配送が遅すぎて困っています。至急対応してください。',
  'スタッフの対応がとても丁寧で満足しました。',
  'The app crashes every time I try to log in.',
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

interface Row {
  clients: number;
  accepted: number;
  perSecond: number;
  p50: number;
  p99: number;
  analyzeP50: number;
  analyzeP99: number;
  drainSeconds: number;
  storedAndAnalyzed: string;
  analyzedOnce: string;
}

const runOnce = async (clients: number): Promise<Row> => {
  // Every API route needs a key: the child accepts this one as its bootstrap admin key.
  const key = process.env.KOE_API_KEY ?? `koe_bench_${randomBytes(24).toString('base64url')}`;
  const auth = { authorization: `Bearer ${key}` };
  const stack = await startLocalProcess(['--memory', '--port', '0'], {
    POWERTOOLS_LOG_LEVEL: 'INFO',
    KOE_BOOTSTRAP_KEY: key,
  });
  try {
    const ids: string[] = [];
    const latencies: number[] = [];
    const deadline = Date.now() + seconds * 1000;
    let n = 0;
    const client = async (c: number) => {
      while (Date.now() < deadline) {
        const i = n++;
        const body = JSON.stringify({
          text: `${TEXTS[i % TEXTS.length]} (#${c}-${i})`,
          source: 'bench',
          externalId: `b-${i}`,
          channel: 'chat',
        });
        const t0 = performance.now();
        const res = await fetch(`${stack.url}/v1/feedback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth },
          body,
        });
        const json = (await res.json()) as { id: string };
        latencies.push(performance.now() - t0);
        if (res.status === 202) ids.push(json.id);
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
    const loadEnd = Date.now();
    // Wait until every accepted item is analyzed, then check each one.
    const analyzeLatency: number[] = [];
    let ok = 0;
    for (const id of ids) {
      const item = await eventually(
        async () => {
          const res = await fetch(`${stack.url}/v1/feedback/${id}`, { headers: auth });
          const body = (await res.json()) as {
            status: string;
            receivedAt: string;
            analyzedAt?: string;
            analyzedRevision?: number;
          };
          return body.status === 'analyzed' ? body : undefined;
        },
        600_000,
        `analysis of ${id}`,
      );
      if (item.analyzedRevision === 1) ok++;
      analyzeLatency.push(Date.parse(item.analyzedAt ?? '') - Date.parse(item.receivedAt));
    }
    const drainSeconds = (Date.now() - loadEnd) / 1000;
    // Exactly once: count the "analyzed" outcomes per id in the stack's own logs.
    const counts = new Map<string, number>();
    for (const line of stack.output().split('\n')) {
      if (!line.includes('"analysis done"')) continue;
      const entry = JSON.parse(line) as { id: string; outcome: string };
      if (entry.outcome === 'analyzed') counts.set(entry.id, (counts.get(entry.id) ?? 0) + 1);
    }
    const once = ids.filter((id) => counts.get(id) === 1).length;
    latencies.sort((a, b) => a - b);
    analyzeLatency.sort((a, b) => a - b);
    return {
      clients,
      accepted: ids.length,
      perSecond: ids.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      analyzeP50: percentile(analyzeLatency, 50),
      analyzeP99: percentile(analyzeLatency, 99),
      drainSeconds,
      storedAndAnalyzed: `${ok}/${ids.length}`,
      analyzedOnce: `${once}/${ids.length}`,
    };
  } finally {
    await stack.stop();
  }
};

const rows: Row[] = [];
for (const clients of clientCounts) rows.push(await runOnce(clients));

const fmt = (x: number, d = 1) => x.toFixed(d);
console.log(
  `\nKoe local stack, ${seconds} s of single-item POST /v1/feedback per row (${process.platform}, node ${process.version})\n`,
);
console.log(
  '| clients | accepted | accepted/s | p50 ms | p99 ms | accept→analyzed p50 ms | p99 ms | drain s | stored+analyzed | analyzed once |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.clients} | ${r.accepted} | ${fmt(r.perSecond)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.analyzeP50, 0)} | ${fmt(r.analyzeP99, 0)} | ${fmt(r.drainSeconds)} | ${r.storedAndAnalyzed} | ${r.analyzedOnce} |`,
  );
}
const bad = rows.some(
  (r) =>
    r.storedAndAnalyzed.split('/')[0] !== r.storedAndAnalyzed.split('/')[1] ||
    r.analyzedOnce.split('/')[0] !== r.analyzedOnce.split('/')[1],
);
if (bad) {
  console.error('\nFAILED: some accepted items were not stored and analyzed exactly once');
  process.exitCode = 1;
}
