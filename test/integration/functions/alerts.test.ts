import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/analyze/handler.js';
import { eventually } from '../../../infra/local/spawn.js';
import { startLocalStack } from '../../../infra/local/stack.js';
import { DynamoAlertMarks } from '../../../shared/adapters/dynamo/alert-marks.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { LocalAlertSender } from '../../../shared/adapters/outbox/local-alert-sender.js';
import type { Analyzer, UrgencyLevel } from '../../../shared/analysis/types.js';
import { analysisOf, itemOf } from '../../support/analysis-fixture.js';
import { lambdaContext } from '../../support/api-event.js';
import { createTestTable } from '../../support/dynamo.js';
import { sqsRecord } from '../../support/sqs-event.js';

// A real webhook receiver on loopback: records what it gets, answers with the status we set.
let receiver: Server;
let webhookUrl: string;
let received: Array<{ text: string; blocks: Array<{ type: string }> }> = [];
let answerStatus = 200;
let outbox: string;
let store: DynamoFeedbackStore;
let marks: DynamoAlertMarks;

/** Analyzes every text as the given level, citing the word "fire" when it is there. */
const fixedAnalyzer = (level: UrgencyLevel): Analyzer => ({
  name: 'fixture',
  version: '1',
  analyze: async (inputs) =>
    inputs.map((input) => {
      const start = input.text.indexOf('fire');
      return analysisOf(level, {
        score: 95,
        reasons: [{ code: 'safety_hazard', level, ...(start >= 0 ? { evidence: { start, end: start + 4 } } : {}) }],
      });
    }),
});

const sqsEvent = (id: string, receiveCount = 1): SQSEvent => ({
  Records: [sqsRecord({ id, revision: 1 }, `m-${id}-${receiveCount}`, receiveCount)],
});

const consumer = (level: UrgencyLevel) =>
  makeHandler({
    store,
    analyzer: fixedAnalyzer(level),
    now: () => new Date('2026-11-22T09:00:03.000Z'),
    maxReceiveCount: 5,
    alerts: {
      store: marks,
      sender: new LocalAlertSender({ outboxDir: outbox, webhookUrl }),
      dashboardUrl: 'https://koe.example.com',
    },
  });

let seq = 0;
const seed = async () => {
  const item = itemOf('The heater caught fire! Call me at 090-1234-5678, jiro@example.jp', `al-${++seq}`);
  await store.putNew(item);
  return item.id;
};

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      if (answerStatus === 200) received.push(JSON.parse(body));
      res.writeHead(answerStatus).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  outbox = await mkdtemp(join(tmpdir(), 'koe-alerts-'));
  const { client, tableName } = await createTestTable();
  store = new DynamoFeedbackStore(client, tableName);
  marks = new DynamoAlertMarks(client, tableName);
});

afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await rm(outbox, { recursive: true, force: true });
});

describe('critical alerts from the analyze consumer', () => {
  it('alert once, to the webhook (Slack payload) and the outbox, however often the item is redelivered', async () => {
    // Prepare
    received = [];
    answerStatus = 200;
    const id = await seed();
    const handler = consumer('critical');
    // Act
    const first = await handler(sqsEvent(id, 1), lambdaContext('koe-analyze'));
    const again = await handler(sqsEvent(id, 2), lambdaContext('koe-analyze'));
    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect(received).toHaveLength(1);
    expect(received[0]?.text).toContain(`CRITICAL feedback ${id}`);
    expect(received[0]?.text).toContain(`https://koe.example.com/#/items/${id}`);
    expect(received[0]?.blocks.map((b) => b.type)).toContain('header');
    const files = (await readdir(outbox)).filter((f) => f.includes(id));
    expect(files).toHaveLength(1);
    const alert = JSON.parse(await readFile(join(outbox, files[0] ?? ''), 'utf8'));
    expect(alert).toMatchObject({ id, level: 'critical', reasons: [{ code: 'safety_hazard', excerpt: 'fire' }] });
    const everything = JSON.stringify([received, alert]);
    expect(everything).not.toContain('090-1234-5678');
    expect(everything).not.toContain('jiro@example.jp');
    expect((await store.get(id))?.alertSentAt).toBe('2026-11-22T09:00:03.000Z');
  });

  it('retries the record when the webhook fails, and alerts on the redelivery', async () => {
    // Prepare
    received = [];
    answerStatus = 500;
    const id = await seed();
    const handler = consumer('critical');
    // Act
    const failed = await handler(sqsEvent(id, 1), lambdaContext('koe-analyze'));
    const markAfterFailure = (await store.get(id))?.alertedAt;
    answerStatus = 200;
    const retried = await handler(sqsEvent(id, 2), lambdaContext('koe-analyze'));
    // Assess
    expect(failed.batchItemFailures).toHaveLength(1);
    expect(markAfterFailure).toBeUndefined();
    expect(retried.batchItemFailures).toEqual([]);
    expect(received).toHaveLength(1);
    expect((await store.get(id))?.status).toBe('analyzed');
  });

  it('does not alert for a high item', async () => {
    received = [];
    answerStatus = 200;
    const id = await seed();
    await consumer('high')(sqsEvent(id), lambdaContext('koe-analyze'));
    expect(received).toHaveLength(0);
    expect((await store.get(id))?.alertedAt).toBeUndefined();
  });
});

describe('the local stack', () => {
  it('alerts the webhook and writes the outbox within seconds of analyzing a critical comment', async () => {
    // Prepare
    received = [];
    answerStatus = 200;
    const dataDir = await mkdtemp(join(tmpdir(), 'koe-stack-'));
    const key = `koe_alerts_${Date.now()}_0123456789`;
    const stack = await startLocalStack({
      port: 0,
      dataDir,
      env: {
        ...process.env,
        KOE_BOOTSTRAP_KEY: key,
        KOE_ALERT_WEBHOOK_URL: webhookUrl,
        DASHBOARD_URL: 'https://koe.example.com',
      },
    });
    try {
      // Act
      const res = await fetch(`${stack.url}/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({
          text: 'The charger caught fire and burned my hand. Call me on 090-1234-5678.',
          source: 'alerts-e2e',
          channel: 'email',
        }),
      });
      const { id } = (await res.json()) as { id: string };
      const payload = await eventually(async () => received.find((r) => r.text.includes(id)), 30_000, 'the alert');
      const files = await readdir(join(dataDir, 'outbox', 'alerts'));
      // Assess
      expect(payload.text).toContain(`https://koe.example.com/#/items/${id}`);
      expect(JSON.stringify(payload)).not.toContain('090-1234-5678');
      expect(files.filter((f) => f.endsWith(`${id}.json`))).toHaveLength(1);
    } finally {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
