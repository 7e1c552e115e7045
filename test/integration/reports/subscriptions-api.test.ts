import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeReportsHandler } from '../../../functions/reports/handler.js';
import { makeHandler } from '../../../functions/subscriptions/handler.js';
import { DynamoDeliveryStore } from '../../../shared/adapters/dynamo/delivery-store.js';
import { DynamoSubscriptionStore } from '../../../shared/adapters/dynamo/subscription-store.js';
import { LocalMailer } from '../../../shared/adapters/outbox/local-mailer.js';
import { apiEvent, lambdaContext } from '../../support/api-event.js';
import { fakeRenderer } from '../../support/digest-double.js';
import { createTestTable } from '../../support/dynamo.js';

let handler: ReturnType<typeof makeHandler>;
let reports: ReturnType<typeof makeReportsHandler>;
let outbox: string;

beforeAll(async () => {
  const { client, tableName } = await createTestTable('koe-subscriptions');
  outbox = await mkdtemp(join(tmpdir(), 'koe-subs-'));
  const stores = {
    subscriptions: new DynamoSubscriptionStore(client, tableName),
    deliveries: new DynamoDeliveryStore(client, tableName),
    now: () => new Date('2026-11-23T03:00:00Z'),
    timezone: 'Asia/Tokyo',
  };
  handler = makeHandler(stores);
  reports = makeReportsHandler({
    ...stores,
    render: fakeRenderer().render,
    mailer: new LocalMailer({ outboxDir: outbox }),
    from: 'Koe <digests@example.com>',
    sleep: async () => undefined,
  });
});

afterAll(() => rm(outbox, { recursive: true, force: true }));

const call = async (routeKey: string, options: { body?: unknown; id?: string } = {}) => {
  // The two functions behind these routes, as API Gateway routes them (functions/routes.ts).
  const [fn, name] = routeKey.includes('/v1/reports/') ? [reports, 'reports'] : [handler, 'subscriptions'];
  const res = (await fn(
    apiEvent(routeKey, {
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      pathParameters: options.id ? { id: options.id } : undefined,
    }),
    lambdaContext(name),
  )) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode, body: JSON.parse(res.body ?? 'null') };
};

describe('subscription routes', () => {
  it('creates, lists, shows, replaces and deletes a subscription', async () => {
    // Act
    const created = await call('POST /v1/subscriptions', {
      body: { recipients: ['ops@example.com'], language: 'ja', period: 'daily', name: '日次' },
    });
    const id = created.body.id as string;
    const listed = await call('GET /v1/subscriptions');
    const replaced = await call('PUT /v1/subscriptions/{id}', {
      id,
      body: { recipients: ['ops@example.com', 'cs@example.com'], language: 'en', period: 'weekly' },
    });
    const shown = await call('GET /v1/subscriptions/{id}', { id });
    const deleted = await call('DELETE /v1/subscriptions/{id}', { id });
    const gone = await call('GET /v1/subscriptions/{id}', { id });
    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^sub_[0-9a-f]{16}$/),
      timezone: 'Asia/Tokyo',
      schedule: 'cron(0 8 * * ? *)',
      skipEmpty: false,
    });
    expect(listed.body.items.map((s: { id: string }) => s.id)).toContain(id);
    expect(replaced.status).toBe(200);
    expect(shown.body).toMatchObject({
      id,
      language: 'en',
      period: 'weekly',
      schedule: 'cron(0 8 ? * MON *)',
      createdAt: created.body.createdAt,
      deliveries: [],
    });
    expect(shown.body).not.toHaveProperty('name');
    expect(deleted).toEqual({ status: 200, body: { id, deleted: true } });
    expect(gone.status).toBe(404);
  });

  it('answers 400 naming the address, cron expression and time zone at fault', async () => {
    const res = await call('POST /v1/subscriptions', {
      body: {
        recipients: ['ops@example', 'cs@example.com'],
        language: 'en',
        period: 'daily',
        schedule: 'cron(0 8 * * *)',
        timezone: 'Asia/Osaka',
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_REQUEST');
    expect(res.body.error.issues).toEqual([
      { path: 'recipients[0]', message: "'ops@example' is not an e-mail address" },
      { path: 'timezone', message: expect.stringContaining("'Asia/Osaka' is not an IANA time zone") },
      { path: 'schedule', message: expect.stringContaining('has 5 fields; EventBridge needs 6') },
    ]);
  });
});

describe('report routes', () => {
  it('sends one digest now, and not again for the same period without force', async () => {
    // Prepare
    const { body: sub } = await call('POST /v1/subscriptions', {
      body: { recipients: ['ops@example.com'], language: 'en', period: 'daily' },
    });
    // Act
    const first = await call('POST /v1/reports/send', { body: { subscriptionId: sub.id } });
    const second = await call('POST /v1/reports/send', { body: { subscriptionId: sub.id } });
    const forced = await call('POST /v1/reports/send', { body: { subscriptionId: sub.id, force: true } });
    const shown = await call('GET /v1/subscriptions/{id}', { id: sub.id });
    const bad = await call('POST /v1/reports/send', { body: { subscriptionId: sub.id, date: '23/11/2026' } });
    const missing = await call('POST /v1/reports/send', { body: { subscriptionId: 'sub_nope' } });
    // Assess: 03:00Z is noon in Tokyo, so the last complete day is the 22nd
    expect(first.body).toMatchObject({ status: 'sent', period: '2026-11-22', attempts: 1 });
    expect(second.body).toMatchObject({ status: 'alreadyDone', period: '2026-11-22' });
    expect(forced.body).toMatchObject({ status: 'sent', attempts: 2 });
    expect(shown.body.deliveries).toMatchObject([{ period: '2026-11-22', status: 'sent', attempts: 2 }]);
    expect((await readdir(outbox)).filter((f) => f.includes(sub.id))).toHaveLength(2);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([{ path: 'date', message: 'must be a date YYYY-MM-DD' }]);
    expect(missing.status).toBe(404);
  });
});
