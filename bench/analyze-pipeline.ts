/**
 * `npm run bench:pipeline`: items analyzed per second by the analyze consumer (functions/analyze, the
 * handler as Lambda and the local queue run it) against dynalite through the real SDK, for SQS
 * batches of 1, 10 and 25 records, side by side in one run. Two batches in flight at a time, as the
 * local queue runs them; dynalite in its own process on its socket, data on disk, as `npm start` runs it.
 * Each case seeds fresh queued items, analyzes them all, then checks every one is analyzed once.
 * The texts are synthetic English comments (no evaluation data). DynamoDB calls per item are counted,
 * and the CPU time per item of the consumer and of the engine's process (from /proc), whose larger
 * gives the rate two otherwise idle cores could sustain — a figure a busy shared machine cannot show as wall time.
 * Usage: npm run bench:pipeline -- [--items 3000] [--batches 1,10,25]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { type DynaliteEngine, startDynalite } from '../infra/local/dynalite.js';
import { DynamoAlertMarks } from '../shared/adapters/dynamo/alert-marks.js';
import { batchWrite } from '../shared/adapters/dynamo/batch-write.js';
import { DynamoFeedbackStore } from '../shared/adapters/dynamo/feedback-store.js';
import { newItemRecord } from '../shared/adapters/dynamo/keys.js';
import { ensureTable } from '../shared/adapters/dynamo/table.js';
import { createLocalAnalyzer } from '../shared/analysis/local-analyzer.js';
import { toRedactedItem } from '../shared/feedback/ingest.js';
import { lambdaContext } from '../test/support/api-event.js';
import { sqsRecord } from '../test/support/sqs-event.js';
import { cpuOfPid, machine, printTable } from './lib/bench.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '3000' },
    batches: { type: 'string', default: '1,10,25' },
  },
});
const ITEMS = Number(values.items);
const BATCHES = (values.batches ?? '1,10,25').split(',').map(Number);
const IN_FLIGHT = 2;

// One JSON log line per item would measure the terminal; the handler still builds them.
process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
const { makeHandler } = await import('../functions/analyze/handler.js');

const OPENINGS = [
  'My order',
  'The delivery',
  'Your support team',
  'The app',
  'Checkout',
  'The refund',
  'My flight',
  'The hotel room',
];
const MIDDLES = [
  'arrived two weeks late and nobody answered my emails',
  'was great, thanks for the quick help',
  'keeps crashing when I try to pay',
  'charged me twice and I want my money back today',
  'was fine but the wait on the phone took an hour',
  'is the worst experience I have had, I will cancel my account',
  'smelled of smoke and the charger caught fire',
  'was okay, nothing special',
];
const textOf = (n: number) =>
  `${OPENINGS[n % OPENINGS.length]} ${MIDDLES[Math.floor(n / OPENINGS.length) % MIDDLES.length]} (#${n}).`;

const cpuOfSelf = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

interface CaseResult {
  /** CPU milliseconds per item: this process (handler, analyzer, SDK) and the engine's process. */
  cpuMsPerItem: number;
  engineCpuMsPerItem?: number;
  batch: number;
  items: number;
  seconds: number;
  perSecond: number;
  callsPerItem: number;
  analyzedOnce: boolean;
}

const runCase = async (engine: DynaliteEngine, batch: number, caseNo: number): Promise<CaseResult> => {
  let calls = 0;
  const client = engine.client();
  const table = `bench-${caseNo}`;
  await ensureTable(client, table);
  const store = new DynamoFeedbackStore(client, table);
  // Seed: queued items as ingest writes them (not counted).
  const receivedAt = new Date().toISOString();
  const items = Array.from({ length: ITEMS }, (_, n) =>
    toRedactedItem(
      { text: textOf(n), source: 'bench', externalId: `${caseNo}-${n}`, channel: 'chat', occurredAt: receivedAt },
      receivedAt,
    ),
  );
  const requests: WriteRequest[] = items.map((item) => ({
    PutRequest: { Item: marshall(newItemRecord(item), { removeUndefinedValues: true }) },
  }));
  await batchWrite(client, table, requests);
  client.middlewareStack.add(
    (next) => async (args) => {
      calls++;
      return next(args);
    },
    { step: 'initialize', name: 'benchCallCounter' },
  );
  const handler = makeHandler({
    store,
    analyzer: createLocalAnalyzer(),
    now: () => new Date(),
    maxReceiveCount: 5,
    alerts: { store: new DynamoAlertMarks(client, table), sender: { send: async () => {} } },
  });
  const events: SQSEvent[] = [];
  for (let i = 0; i < items.length; i += batch)
    events.push({
      Records: items.slice(i, i + batch).map((item, j) => sqsRecord({ id: item.id, revision: 1 }, `m-${i + j}`)),
    });
  let next = 0;
  let failures = 0;
  const cpuBefore = cpuOfSelf();
  const engineCpuBefore = cpuOfPid(engine.pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < events.length) {
        const event = events[next++]!;
        const res = await handler(event, lambdaContext('koe-analyze'));
        failures += res.batchItemFailures.length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuOfSelf() - cpuBefore;
  const engineCpuAfter = cpuOfPid(engine.pid);
  const engineCpu =
    engineCpuBefore === undefined || engineCpuAfter === undefined ? undefined : engineCpuAfter - engineCpuBefore;
  const callsDuring = calls;
  const stored = await store.getMany(items.map((i) => i.id));
  const analyzedOnce =
    failures === 0 &&
    stored.size === items.length &&
    [...stored.values()].every((i) => i.status === 'analyzed' && i.analyzedRevision === 1 && i.triage.version === 1);
  client.destroy();
  return {
    cpuMsPerItem: (cpu * 1000) / ITEMS,
    ...(engineCpu === undefined ? {} : { engineCpuMsPerItem: (engineCpu * 1000) / ITEMS }),
    batch,
    items: ITEMS,
    seconds,
    perSecond: ITEMS / seconds,
    callsPerItem: callsDuring / ITEMS,
    analyzedOnce,
  };
};

const results: CaseResult[] = [];
const loadBefore = machine();
const dir = mkdtempSync(join(tmpdir(), 'koe-bench-pipeline-'));
const engine = await startDynalite({ path: join(dir, 'dynamo') });
try {
  // A warm-up case so the first measured batch size does not pay for JIT and the analyzer's first calls.
  await runCase(engine, 10, 0);
  for (const [i, batch] of BATCHES.entries()) results.push(await runCase(engine, batch, i + 1));
} finally {
  // The engine's process is unref'd: without a handle of ours the loop would end before it has stopped.
  const keepAlive = setInterval(() => {}, 1_000);
  await engine.stop();
  clearInterval(keepAlive);
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\nbench:pipeline — ${ITEMS} items per case, ${IN_FLIGHT} batches in flight, data on disk`);
console.log(`at start: ${loadBefore}\nat end:   ${machine()}\n`);
printTable(
  [
    'batch',
    'items',
    'seconds',
    'analyzed/s',
    'DynamoDB calls/item',
    'CPU ms/item (consumer)',
    'CPU ms/item (dynalite)',
    'bound on 2 cores /s',
    'each analyzed once',
  ],
  results.map((r) => {
    // With the consumer and the engine each on a core of its own, the slower of the two sets the pace.
    const bound = 1000 / Math.max(r.cpuMsPerItem, r.engineCpuMsPerItem ?? 0);
    return [
      r.batch,
      r.items,
      r.seconds.toFixed(1),
      r.perSecond.toFixed(0),
      r.callsPerItem.toFixed(2),
      r.cpuMsPerItem.toFixed(2),
      r.engineCpuMsPerItem === undefined ? 'n/a' : r.engineCpuMsPerItem.toFixed(2),
      bound.toFixed(0),
      r.analyzedOnce ? 'yes' : 'NO',
    ];
  }),
);
