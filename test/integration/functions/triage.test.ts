import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeQueryHandler } from '../../../functions/query/handler.js';
import { makeHandler as makeTriageHandler } from '../../../functions/triage/handler.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { itemKey } from '../../../shared/adapters/dynamo/keys.js';
import { DynamoTaxonomyStore } from '../../../shared/adapters/dynamo/taxonomy-store.js';
import { DynamoTriageStore } from '../../../shared/adapters/dynamo/triage-store.js';
import type { UrgencyLevel } from '../../../shared/analysis/types.js';
import { decideTriageChange, parseTriageCommand, performTriageAction } from '../../../shared/triage/actions.js';
import { DEFAULT_SLA } from '../../../shared/triage/sla.js';
import { analysisOf, itemOf } from '../../support/analysis-fixture.js';
import { apiEvent, lambdaContext } from '../../support/api-event.js';
import { createTestTable } from '../../support/dynamo.js';
import { saveAnalysisFor } from '../../support/save-analysis.js';

const NOW = new Date('2026-11-22T12:00:00.000Z');
let store: DynamoFeedbackStore;
let triageStore: DynamoTriageStore;
let client: Awaited<ReturnType<typeof createTestTable>>['client'];
let tableName: string;
let query: ReturnType<typeof makeQueryHandler>;
let triage: ReturnType<typeof makeTriageHandler>;

/** As the authorizer leaves it: the key's principal in requestContext.authorizer.lambda. */
const as = (event: APIGatewayProxyEventV2, name: string) => {
  (event.requestContext as { authorizer?: unknown }).authorizer = {
    lambda: { keyId: `key_${name}`, name, scopes: 'read,triage' },
  };
  return event;
};

const call = async (handler: typeof query, event: APIGatewayProxyEventV2) => {
  const res = await handler(event, lambdaContext());
  return { status: res.statusCode, body: JSON.parse(res.body ?? '{}') };
};

const act = (id: string, action: string, body?: unknown, who = 'alice') =>
  call(
    triage,
    as(
      apiEvent(`POST /v1/feedback/{id}/${action}`, {
        pathParameters: { id },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      who,
    ),
  );

const getItem = (id: string) => call(query, as(apiEvent('GET /v1/feedback/{id}', { pathParameters: { id } }), 'alice'));

const listQueue = (params: Record<string, string>, who = 'alice') =>
  call(query, as(apiEvent('GET /v1/queue', { query: params }), who));

let seq = 0;
const seed = async (level: UrgencyLevel, options: { receivedAt?: string; topics?: string[]; score?: number } = {}) => {
  const item = itemOf(
    `Comment ${++seq}: the refund never came.`,
    `t-${seq}`,
    options.receivedAt ?? '2026-11-22T11:00:00.000Z',
  );
  await store.putNew(item);
  await saveAnalysisFor(
    store,
    item.id,
    1,
    analysisOf(level, { topics: options.topics, score: options.score }),
    NOW.toISOString(),
  );
  return item.id;
};

beforeAll(async () => {
  ({ client, tableName } = await createTestTable());
  store = new DynamoFeedbackStore(client, tableName);
  triageStore = new DynamoTriageStore(client, tableName);
  query = makeQueryHandler({ store, audit: triageStore, now: () => NOW });
  triage = makeTriageHandler({
    store: triageStore,
    sla: DEFAULT_SLA,
    now: () => NOW,
    taxonomy: new DynamoTaxonomyStore(client, tableName),
  });
});

describe('triage actions', () => {
  it('claims, acknowledges and resolves an item, recording each change in its history', async () => {
    // Prepare
    const id = await seed('high');
    // Act
    const claimed = await act(id, 'claim');
    const acknowledged = await act(id, 'acknowledge', {});
    const resolved = await act(id, 'resolve', { note: 'refund sent' });
    const item = await getItem(id);
    // Assess
    expect([claimed.status, acknowledged.status, resolved.status]).toEqual([200, 200, 200]);
    expect(item.body.triage).toMatchObject({
      status: 'resolved',
      assignee: 'alice',
      acknowledgedAt: NOW.toISOString(),
      resolvedAt: NOW.toISOString(),
      resolution: 'refund sent',
    });
    expect(item.body.history.map((h: { action: string }) => h.action)).toEqual(['claim', 'acknowledge', 'resolve']);
    expect(item.body.history[2]).toMatchObject({
      actor: 'alice',
      keyId: 'key_alice',
      from: { status: 'acknowledged' },
      to: { status: 'resolved' },
      reason: 'refund sent',
    });
  });

  it('answers 409 with a clear message for invalid transitions', async () => {
    // Prepare
    const id = await seed('normal');
    await act(id, 'resolve', {});
    // Act
    const again = await act(id, 'resolve', {});
    const ack = await act(id, 'acknowledge');
    // Assess
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(`Item ${id} is resolved; it cannot be resolved again`);
    expect(ack.status).toBe(409);
    expect(ack.body.error.message).toMatch(/only an open item can be acknowledged/);
  });

  it('lets exactly one of two racing claims win; the loser gets 409 naming the winner', async () => {
    // Prepare
    const id = await seed('critical');
    // Act
    const [a, b] = await Promise.all([act(id, 'claim', undefined, 'alice'), act(id, 'claim', undefined, 'bob')]);
    const item = await getItem(id);
    // Assess
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? 'alice' : 'bob';
    expect(item.body.triage.assignee).toBe(winner);
    expect((a.status === 409 ? a : b).body.error.message).toContain(`already assigned to ${winner}`);
    expect(item.body.history).toHaveLength(1);
  });

  it('re-reads after losing the compare-and-set and then refuses with the winner’s name', async () => {
    // Prepare: bob read the item before alice's claim landed.
    const id = await seed('critical');
    const snapshot = await store.get(id);
    await act(id, 'claim', undefined, 'alice');
    let reads = 0;
    const racing = Object.assign(Object.create(triageStore) as DynamoTriageStore, {
      get: async (itemId: string) => (reads++ === 0 ? snapshot : triageStore.get(itemId)),
    });
    // Act
    const attempt = performTriageAction(
      id,
      parseTriageCommand('claim', {}),
      { name: 'bob' },
      {
        store: racing,
        sla: DEFAULT_SLA,
        now: () => NOW,
      },
    );
    // Assess
    await expect(attempt).rejects.toThrow(/already assigned to alice/);
    expect(reads).toBe(2);
    expect((await store.get(id))?.triage.assignee).toBe('alice');
  });

  it('refuses a write based on a stale version (compare-and-set)', async () => {
    // Prepare
    const id = await seed('high');
    const stale = await store.get(id);
    await act(id, 'claim', undefined, 'bob');
    const change = decideTriageChange(
      stale!,
      parseTriageCommand('acknowledge', {}),
      { name: 'carol' },
      NOW,
      DEFAULT_SLA,
    );
    // Act
    const written = await triageStore.updateTriage(stale!, stale!.triage.version, change!.next);
    // Assess
    expect(written).toBe(false);
    expect((await store.get(id))?.triage).toMatchObject({ status: 'open', assignee: 'bob' });
  });

  it('moves an item between queue partitions as its status changes', async () => {
    // Prepare
    const id = await seed('high', { score: 99 });
    // Act
    await act(id, 'acknowledge');
    const open = await listQueue({ level: 'high', limit: '200' });
    const acked = await listQueue({ status: 'acknowledged', level: 'high', limit: '200' });
    // Assess
    expect(open.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect(acked.body.items[0]).toMatchObject({ id, status: 'acknowledged', acknowledgedAt: NOW.toISOString() });
  });

  it('answers only what the action changed: no text, analysis or history (issue 12: scope leak)', async () => {
    // Prepare
    const id = await seed('high');
    // Act
    const claimed = await act(id, 'claim');
    const overridden = await act(id, 'override', { level: 'critical', reason: 'safety' });
    // Assess
    expect(claimed.status).toBe(200);
    expect(claimed.body).toEqual({
      id,
      action: 'claim',
      changed: true,
      status: 'open',
      assignee: 'alice',
      level: 'high',
      dueAt: expect.any(String),
      acknowledgedAt: null,
      resolvedAt: null,
      version: expect.any(Number),
    });
    const version = claimed.body.version as number;
    expect(overridden.body).toMatchObject({
      action: 'override',
      level: 'critical',
      topics: expect.any(Array),
      version: version + 1,
    });
    for (const body of [claimed.body, overridden.body]) {
      expect(Object.keys(body)).not.toEqual(expect.arrayContaining(['text']));
      expect(JSON.stringify(body)).not.toMatch(/refund never came|"analysis"|"history"|"customer"/);
    }
    const repeat = await act(id, 'claim');
    expect(repeat.body).toMatchObject({ changed: false, version: version + 1 });
  });

  it('answers the same 404 for a missing id and an item not in the triage queue (issue 12: ids not revealed)', async () => {
    // Prepare: an item stored but not analyzed yet
    const waiting = itemOf('Still waiting for analysis', `t-${++seq}`, '2026-11-22T11:00:00.000Z');
    await store.putNew(waiting);
    // Act
    const results = await Promise.all(
      ['claim', 'acknowledge', 'resolve'].flatMap((action) => [act('fb_nope', action), act(waiting.id, action)]),
    );
    // Assess
    expect(results.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(results[1]?.body.error.message).toBe(results[0]?.body.error.message.replace('fb_nope', waiting.id));
    expect((await store.get(waiting.id))?.triage).toEqual({ status: 'open' });
  });

  it('redacts the note, the reason and the assignee like any free text (issue 12)', async () => {
    // Prepare
    const id = await seed('high');
    // Act
    await act(id, 'assign', { assignee: 'jane.doe@example.com' });
    await act(id, 'override', { level: 'low', reason: 'customer Mr. Tanaka called back on 090-1234-5678' });
    await act(id, 'resolve', { note: 'refund sent to DE89 3704 0044 0532 0130 00' });
    const item = await getItem(id);
    // Assess
    expect(item.body.triage).toMatchObject({
      assignee: '[EMAIL]',
      resolution: 'refund sent to [IBAN]',
      override: { reason: 'customer Mr. [NAME] called back on [PHONE]' },
    });
    const raw = JSON.stringify(item.body);
    for (const personal of ['jane.doe@example.com', 'Tanaka', '090-1234-5678', 'DE89'])
      expect(raw).not.toContain(personal);
  });

  it('answers 404 for an unknown id and 400 for an override without a reason', async () => {
    const missing = await act('fb_nope', 'claim');
    const id = await seed('normal');
    const noReason = await act(id, 'override', { level: 'low' });
    expect(missing.status).toBe(404);
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.issues.map((i: { path: string }) => i.path)).toContain('reason');
  });

  it('shows and re-copies an audit entry whose separate record was never written', async () => {
    // Prepare: the item change lands, the process dies before the audit copy.
    const id = await seed('normal');
    const item = await store.get(id);
    const change = decideTriageChange(item!, parseTriageCommand('claim', {}), { name: 'dave' }, NOW, DEFAULT_SLA);
    await triageStore.updateTriage(item!, item!.triage.version, change!.next);
    // Act
    const shown = await getItem(id);
    await act(id, 'acknowledge', undefined, 'dave');
    const stored = await triageStore.history(id);
    // Assess
    expect(shown.body.history.map((h: { action: string }) => h.action)).toEqual(['claim']);
    expect(stored.map((h) => h.action)).toEqual(['claim', 'acknowledge']);
  });
});

describe('overrides', () => {
  it('survive a later re-analysis: level, topics and sentiment stay as the manager set them', async () => {
    // Prepare
    const id = await seed('critical', { topics: ['safety'] });
    const overridden = await act(id, 'override', {
      level: 'normal',
      topics: ['billing_refund'],
      sentiment: 'neutral',
      reason: 'a joke, not a hazard',
    });
    // A content update makes revision 2, which is analyzed again as critical.
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: itemKey(id),
        UpdateExpression: 'SET revision = :r',
        ExpressionAttributeValues: marshall({ ':r': 2 }),
      }),
    );
    // Act
    const saved = await saveAnalysisFor(
      store,
      id,
      2,
      analysisOf('critical', { topics: ['safety'], score: 96 }),
      NOW.toISOString(),
    );
    const item = await getItem(id);
    const critical = await listQueue({ level: 'critical', limit: '200' });
    const normal = await listQueue({ level: 'normal', limit: '200' });
    // Assess
    expect(overridden.status).toBe(200);
    expect(saved).toBe(true);
    expect(item.body.analysis.urgency.level).toBe('critical');
    expect(item.body.triage).toMatchObject({
      level: 'normal',
      topics: ['billing_refund'],
      sentiment: 'neutral',
      score: 96,
    });
    expect(critical.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect(normal.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({
      level: 'normal',
      topics: ['billing_refund'],
      overridden: true,
    });
    expect(item.body.history.at(-1)).toMatchObject({
      action: 'override',
      from: { level: 'critical', topics: ['safety'], sentiment: 'negative' },
      to: { level: 'normal', topics: ['billing_refund'], sentiment: 'neutral' },
      reason: 'a joke, not a hazard',
    });
  });

  it('are exported as labelled examples with the corrected labels', async () => {
    // Prepare
    const id = await seed('high', { topics: ['delivery'] });
    await act(id, 'override', { level: 'critical', reason: 'customer hurt' });
    // Act
    const labels = await call(triage, as(apiEvent('GET /v1/labels'), 'alice'));
    // Assess
    expect(labels.status).toBe(200);
    const row = labels.body.items.find((r: { id: string }) => r.id === id);
    expect(row).toMatchObject({
      id,
      language: 'en',
      expected: { urgency: 'critical' },
      reason: 'customer hurt',
      labelledBy: 'alice',
    });
    expect(row.text).toContain('the refund never came');
    expect(row.expected.topics).toBeUndefined();
  });
});

describe('queue filters', () => {
  it('lists only overdue items with overdue=true (dueAt = receivedAt + SLA of the level)', async () => {
    // Prepare: high has a 4 h SLA; NOW is 12:00.
    const late = await seed('high', { receivedAt: '2026-11-22T07:30:00.000Z', topics: ['overdue-test'] });
    const fresh = await seed('high', { receivedAt: '2026-11-22T11:30:00.000Z', topics: ['overdue-test'] });
    // Act
    const overdue = await listQueue({ level: 'high', topic: 'overdue-test', overdue: 'true' });
    const all = await listQueue({ level: 'high', topic: 'overdue-test' });
    // Assess
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toEqual([late]);
    expect(overdue.body.items[0]).toMatchObject({ overdue: true, dueAt: '2026-11-22T11:30:00.000Z' });
    expect(all.body.items.map((i: { id: string }) => i.id).sort()).toEqual([late, fresh].sort());
  });

  it('stops the SLA clock on acknowledge: an acknowledged item is never listed as overdue', async () => {
    // Prepare
    const late = await seed('high', { receivedAt: '2026-11-22T06:00:00.000Z', topics: ['ack-clock'] });
    await act(late, 'acknowledge');
    // Act
    const openOverdue = await listQueue({ level: 'high', topic: 'ack-clock', overdue: 'true' });
    const ackOverdue = await listQueue({ status: 'acknowledged', level: 'high', topic: 'ack-clock', overdue: 'true' });
    const acked = await listQueue({ status: 'acknowledged', level: 'high', topic: 'ack-clock' });
    // Assess
    expect(openOverdue.body.items).toEqual([]);
    expect(ackOverdue.body.items).toEqual([]);
    expect(acked.body.items[0]).toMatchObject({ id: late, overdue: false });
  });

  it('filters by topic and by assignee, with assignee=me meaning the caller', async () => {
    // Prepare
    const mine = await seed('normal', { topics: ['filters-test'] });
    const theirs = await seed('normal', { topics: ['filters-test'] });
    await act(mine, 'claim', undefined, 'erin');
    await act(theirs, 'claim', undefined, 'frank');
    // Act
    const me = await listQueue({ level: 'normal', topic: 'filters-test', assignee: 'me' }, 'erin');
    const frank = await listQueue({ level: 'normal', topic: 'filters-test', assignee: 'frank' }, 'erin');
    // Assess
    expect(me.body.items.map((i: { id: string }) => i.id)).toEqual([mine]);
    expect(frank.body.items.map((i: { id: string }) => i.id)).toEqual([theirs]);
  });

  it('pages with a cursor in level, score, age order and refuses a bad status', async () => {
    // Prepare
    const ids = [
      await seed('low', { score: 10, topics: ['page-test'] }),
      await seed('low', { score: 30, topics: ['page-test'] }),
    ];
    await seed('low', { score: 20, topics: ['page-test'] });
    // Act
    const first = await listQueue({ level: 'low', topic: 'page-test', limit: '1' });
    const rest: string[] = [];
    let cursor = first.body.nextCursor as string | null;
    while (cursor) {
      const page = await listQueue({ level: 'low', topic: 'page-test', limit: '1', cursor });
      rest.push(...page.body.items.map((i: { id: string }) => i.id));
      cursor = page.body.nextCursor;
    }
    const bad = await listQueue({ status: 'closed' });
    // Assess
    expect(first.body.items[0].id).toBe(ids[1]);
    expect(rest.at(-1)).toBe(ids[0]);
    expect(rest).toHaveLength(2);
    expect(bad.status).toBe(400);
  });
});
