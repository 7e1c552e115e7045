/**
 * What delivery costs on top of rendering: the hourly digest job over N due subscriptions on the local
 * stack's parts (dynalite, the real renderer and MIME, .eml files in an outbox), then a rerun of the same
 * window (every digest already sent: claims only). Periods have no feedback, so each digest is the short
 * one without charts; chart rendering is measured in docs/email-digests.md (content). Prints a table.
 *
 *   npx tsx bench/digest-delivery.ts [--subscriptions 50]
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDynalite } from '../infra/local/dynalite.js';
import { resvgChartRenderer } from '../shared/adapters/charts/resvg-charts.js';
import { DynamoDeliveryStore, DynamoJobCursor } from '../shared/adapters/dynamo/delivery-store.js';
import { DynamoFeedbackStore } from '../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore } from '../shared/adapters/dynamo/rollup-store.js';
import { DynamoSubscriptionStore } from '../shared/adapters/dynamo/subscription-store.js';
import { ensureTable } from '../shared/adapters/dynamo/table.js';
import { DynamoTrendStore } from '../shared/adapters/dynamo/trend-store.js';
import { LocalMailer } from '../shared/adapters/outbox/local-mailer.js';
import { makeDigestRenderer } from '../shared/reports/digest-renderer.js';
import { createSubscription } from '../shared/reports/manage-subscriptions.js';
import { sendDueDigests } from '../shared/reports/send-due-digests.js';

const { values } = parseArgs({ options: { subscriptions: { type: 'string', default: '50' } } });
const count = Number(values.subscriptions);
const engine = await startDynalite({});
const client = engine.client();
const table = 'koe-bench-digests';
await ensureTable(client, table);
const outbox = mkdtempSync(join(tmpdir(), 'koe-bench-outbox-'));
const runAt = new Date('2026-11-23T00:00:00Z'); // 09:00 in Tokyo
const now = () => runAt;
const subscriptions = new DynamoSubscriptionStore(client, table);
const deliveries = new DynamoDeliveryStore(client, table);
for (let i = 0; i < count; i++) {
  await createSubscription(
    {
      recipients: [`team${i}@example.com`],
      language: i % 2 ? 'en' : 'ja',
      period: 'daily',
      schedule: 'cron(0 9 * * ? *)',
      timezone: 'Asia/Tokyo',
    },
    { subscriptions, deliveries, now, timezone: 'UTC' },
  );
}
const deps = {
  subscriptions,
  deliveries,
  cursor: new DynamoJobCursor(client, table),
  render: makeDigestRenderer(
    {
      rollups: new DynamoRollupStore(client, table),
      trends: new DynamoTrendStore(client, table),
      items: new DynamoFeedbackStore(client, table),
      now,
    },
    resvgChartRenderer(),
  ),
  mailer: new LocalMailer({ outboxDir: outbox }),
  from: 'Koe <digests@example.com>',
  now,
};
const time = async <T>(fn: () => Promise<T>) => {
  const start = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - start };
};
const first = await time(() => sendDueDigests(runAt, deps));
const rerun = await time(() =>
  sendDueDigests(runAt, { ...deps, cursor: { lastRun: async () => undefined, advance: async () => undefined } }),
);
const files = readdirSync(outbox).length;
const count_ = (r: typeof first.result, s: string) => r.outcomes.filter((o) => o.status === s).length;
console.log('| run | subscriptions due | sent | already sent | .eml files | total | per digest |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [name, r] of [
  ['first', first],
  ['rerun (same window)', rerun],
] as const) {
  console.log(
    `| ${name} | ${r.result.due} | ${count_(r.result, 'sent')} | ${count_(r.result, 'alreadyDone')} | ${files} | ${Math.round(r.ms)} ms | ${(r.ms / Math.max(1, r.result.due)).toFixed(1)} ms |`,
  );
}
rmSync(outbox, { recursive: true, force: true });
client.destroy();
await engine.stop();
