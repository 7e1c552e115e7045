import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { makeHandler as makeAnalyzeHandler } from '../../../functions/analyze/handler.js';
import { makeHandler as makeIngestHandler } from '../../../functions/ingest/handler.js';
import { ROUTES } from '../../../functions/routes.js';
import { type DynaliteEngine, startDynalite } from '../../../infra/local/dynalite.js';
import { type HttpServer, startHttpServer } from '../../../infra/local/http-server.js';
import type { LocalLog } from '../../../infra/local/log.js';
import { InProcessQueue } from '../../../infra/local/queue.js';
import { DynamoDataRangeStore } from '../../../shared/adapters/dynamo/data-range-store.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { ensureTable } from '../../../shared/adapters/dynamo/table.js';
import { createLocalAnalyzer } from '../../../shared/analysis/local-analyzer.js';
import { idForKey } from '../../../shared/feedback/ids.js';

// dynalite with its data on disk is stopped and started again on the same socket under a running server:
// ingest answers 503 while it is down and writes nothing half, and both ingest and analysis recover by themselves.
const quiet: LocalLog = { info: () => {}, warn: () => {}, error: () => {} };
const dataDir = mkdtempSync(join(tmpdir(), 'koe-outage-'));
let engine: DynaliteEngine | undefined;
let server: HttpServer | undefined;
let queue: InProcessQueue | undefined;

afterAll(async () => {
  await server?.close();
  await queue?.drain();
  await engine?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('dynalite stopped and restarted under a running stack', () => {
  it('answers 503 while it is down, leaves nothing half-written, and recovers without manual steps', {
    timeout: 90_000,
  }, async () => {
    // Prepare
    engine = await startDynalite({ path: dataDir });
    const client = engine.client({ maxAttempts: 2 });
    await ensureTable(client, 'koe-outage');
    const store = new DynamoFeedbackStore(client, 'koe-outage');
    queue = new InProcessQueue({
      name: 'outage',
      maxReceiveCount: 50,
      maxBatchingWindowMs: 1,
      backoff: { baseMs: 50, maxMs: 200 },
      log: quiet,
    });
    server = await startHttpServer({
      port: 0,
      routes: ROUTES.filter((r) => r.fn === 'ingest'),
      handlers: {
        ingest: makeIngestHandler({
          store,
          queue,
          dataRange: new DynamoDataRangeStore(client, 'koe-outage'),
          now: () => new Date(),
        }),
      },
      log: quiet,
    });
    const post = async (body: unknown) => {
      const res = await fetch(`${server!.url}/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as never };
    };
    const comment = (externalId: string) => ({ text: `Parcel ${externalId} is late.`, source: 'outage', externalId });

    // Act: accepted before the outage, but analysis only starts once dynalite is down
    const before = await post(comment('before'));
    await engine.stop();
    queue.start(
      makeAnalyzeHandler({ store, analyzer: createLocalAnalyzer(), now: () => new Date(), maxReceiveCount: 50 }),
    );
    const single = await post(comment('during'));
    const batch = await post({ items: [comment('during-1'), comment('during-2'), comment('during-3')] });
    await new Promise((r) => setTimeout(r, 300)); // analysis of 'before' fails and backs off meanwhile
    const failedWhileDown = queue.stats().failedAttempts;
    engine = await startDynalite({ path: dataDir });
    const after = await post(comment('after'));
    await queue.idle();
    const scan = await client.send(new ScanCommand({ TableName: 'koe-outage' }));
    const stored = await Promise.all(
      ['before', 'during', 'during-1', 'during-2', 'during-3', 'after'].map((k) => store.get(idForKey('outage', k))),
    );

    // Assess
    expect(before.status).toBe(202);
    expect(single.status).toBe(503);
    expect(single.retryAfter).toBe('5');
    expect(batch.status).toBe(503);
    expect(failedWhileDown).toBeGreaterThan(0);
    expect(after.status).toBe(202);
    expect(stored.map((i) => i?.status)).toEqual(['analyzed', undefined, undefined, undefined, undefined, 'analyzed']);
    // Nothing half-written: no row of any kind mentions the refused comments.
    const refused = ['during', 'during-1', 'during-2', 'during-3'].map((k) => idForKey('outage', k));
    const rows = JSON.stringify(scan.Items ?? []);
    for (const id of refused) expect(rows).not.toContain(id);
    expect(queue.stats().deadLetters).toBe(0);
    client.destroy();
  });
});
