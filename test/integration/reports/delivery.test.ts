import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDeliveryStore, DynamoJobCursor } from '../../../shared/adapters/dynamo/delivery-store.js';
import { DynamoSubscriptionStore } from '../../../shared/adapters/dynamo/subscription-store.js';
import { type DeliverDeps, deliverDigest, reportPeriodAt } from '../../../shared/reports/deliver-digest.js';
import type { Mailer, OutgoingEmail } from '../../../shared/reports/delivery-ports.js';
import {
  createSubscription,
  deleteSubscription,
  showSubscription,
} from '../../../shared/reports/manage-subscriptions.js';
import { sendDigestNow, sendDueDigests } from '../../../shared/reports/send-due-digests.js';
import type { Subscription } from '../../../shared/reports/subscription.js';
import { fakeRenderer } from '../../support/digest-double.js';
import { createTestTable } from '../../support/dynamo.js';

let client: DynamoDBClient;
let tableName: string;

// A table per test: the due-digest job scans every subscription and keeps a cursor, so tests must not share them.
beforeEach(async () => {
  ({ client, tableName } = await createTestTable('koe-digests'));
});

/** A mailer that fails the first `failures` sends, then accepts; it keeps what it accepted. */
const flakyMailer = (failures: number) => {
  const sent: OutgoingEmail[] = [];
  let calls = 0;
  const mailer: Mailer = {
    send: async (email) => {
      calls++;
      if (calls <= failures) throw new Error(`421 try again later for <boss@example.com> (call ${calls})`);
      sent.push(email);
      return { messageId: `msg-${sent.length}` };
    },
  };
  return { mailer, sent, calls: () => calls };
};

const stores = () => ({
  subscriptions: new DynamoSubscriptionStore(client, tableName),
  deliveries: new DynamoDeliveryStore(client, tableName),
  cursor: new DynamoJobCursor(client, tableName),
});

const newSubscription = (overrides: Record<string, unknown> = {}, now = new Date('2026-11-23T00:00:00Z')) =>
  createSubscription(
    {
      recipients: ['ops@example.com'],
      language: 'en',
      period: 'daily',
      schedule: 'cron(0 8 * * ? *)',
      timezone: 'Asia/Tokyo',
      ...overrides,
    },
    { ...stores(), now: () => now, timezone: 'UTC' },
  );

const deps = (mailer: Mailer, overrides: Partial<DeliverDeps> = {}): DeliverDeps => ({
  render: fakeRenderer().render,
  mailer,
  deliveries: stores().deliveries,
  now: () => new Date('2026-11-23T00:00:00Z'),
  from: 'Koe <digests@example.com>',
  sleep: async () => undefined,
  ...overrides,
});

describe('digest delivery (dynalite)', () => {
  it('retries a failed send, records one send, and a rerun sends nothing', async () => {
    // Prepare: a mailer that fails once
    const subscription = await newSubscription();
    const period = reportPeriodAt(subscription, new Date('2026-11-22T23:00:00Z')); // 08:00 Tokyo on the 23rd
    const { mailer, sent, calls } = flakyMailer(1);
    // Act
    const first = await deliverDigest(subscription, period, deps(mailer));
    const rerun = await deliverDigest(subscription, period, deps(mailer));
    const view = await showSubscription(subscription.id, { ...stores(), now: () => new Date(), timezone: 'UTC' });
    // Assess
    expect(period.key).toBe('2026-11-22');
    expect(first).toMatchObject({ status: 'sent', attempts: 2 });
    expect(rerun).toMatchObject({ status: 'alreadyDone', attempts: 2 });
    expect(calls()).toBe(2);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toEqual(['ops@example.com']);
    expect(sent[0]?.messageId).toBe(`<digest.${subscription.id}.2026-11-22@example.com>`);
    expect(view.deliveries).toHaveLength(1);
    expect(view.deliveries[0]).toMatchObject({
      period: '2026-11-22',
      status: 'sent',
      attempts: 2,
      messageId: 'msg-1',
      lastError: '421 try again later for <[EMAIL]> (call 1)',
    });
  });

  it('records a digest that fails every attempt of a run, and a later run retries and sends it once', async () => {
    // Prepare: a subscription made that morning; a mailer down for the three attempts of the first run
    const subscription = await newSubscription({}, new Date('2026-11-22T03:00:00Z'));
    const { mailer, sent } = flakyMailer(3);
    const runAt = new Date('2026-11-22T23:00:00Z');
    const { render, requests } = fakeRenderer();
    const jobDeps = { ...stores(), ...deps(mailer, { render, now: () => runAt }), concurrency: 1 };
    // Act
    const run1 = await sendDueDigests(runAt, jobDeps);
    const failed = (await stores().deliveries.recent(subscription.id, 1))[0];
    const later = new Date(runAt.getTime() + 3_600_000);
    const run2 = await sendDueDigests(later, { ...jobDeps, now: () => later });
    const run3 = await sendDueDigests(later, { ...jobDeps, now: () => later });
    // Assess
    const mine = (r: typeof run1) => r.outcomes.filter((o) => o.subscriptionId === subscription.id);
    expect(mine(run1)).toEqual([
      { subscriptionId: subscription.id, period: '2026-11-22', status: 'failed', attempts: 3 },
    ]);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: expect.any(String) });
    expect(mine(run2)).toEqual([
      { subscriptionId: subscription.id, period: '2026-11-22', status: 'sent', attempts: 4 },
    ]);
    expect(mine(run3)).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(requests[0]).toMatchObject({ language: 'en', period: { key: '2026-11-22', timezone: 'Asia/Tokyo' } });
  });

  it('sends no digest for a fire before the subscription existed, and one for a fire after it', async () => {
    // Prepare: 08:00 in Tokyo is 23:00Z; one subscription made ten minutes before that fire, one half an hour after
    const before = await newSubscription({}, new Date('2026-11-22T22:50:00Z'));
    const after = await newSubscription({}, new Date('2026-11-22T23:30:00Z'));
    const runAt = new Date('2026-11-22T23:45:00Z'); // a first run looks back an hour: the 23:00Z fire is in it
    const { mailer } = flakyMailer(0);
    // Act
    const run = await sendDueDigests(runAt, { ...stores(), ...deps(mailer, { now: () => runAt }) });
    // Assess
    const ids = run.outcomes.map((o) => o.subscriptionId);
    expect(ids).toContain(before.id);
    expect(ids).not.toContain(after.id);
  });

  it('finds a weekly schedule due in its own time zone and reports the previous ISO week', async () => {
    // Prepare: Monday 09:00 in New York is 14:00Z in November
    const subscription = await newSubscription({
      period: 'weekly',
      schedule: 'cron(0 9 ? * MON *)',
      timezone: 'America/New_York',
      language: 'ja',
    });
    const { mailer, sent } = flakyMailer(0);
    const { render, requests } = fakeRenderer();
    const runAt = new Date('2026-11-23T14:00:00Z');
    await stores().cursor.advance('reports', new Date('2026-11-23T13:00:00Z'));
    // Act: a run at 13:30 is too early; the 14:00 run's window holds 09:00 New York
    const before = await sendDueDigests(new Date('2026-11-23T13:30:00Z'), {
      ...stores(),
      ...deps(mailer, { render }),
    });
    const run = await sendDueDigests(runAt, { ...stores(), ...deps(mailer, { render, now: () => runAt }) });
    // Assess
    expect(before.outcomes.filter((o) => o.subscriptionId === subscription.id)).toEqual([]);
    expect(run.window).toEqual({ after: '2026-11-23T13:30:00.000Z', until: '2026-11-23T14:00:00.000Z' });
    expect(run.outcomes.filter((o) => o.subscriptionId === subscription.id)).toMatchObject([
      { period: '2026-W47', status: 'sent' },
    ]);
    expect(requests.at(-1)).toMatchObject({ language: 'ja', period: { key: '2026-W47', granularity: 'week' } });
    expect(sent).toHaveLength(1);
  });

  it('skips an empty period when the subscription says so, and records why', async () => {
    const subscription = await newSubscription({ skipEmpty: true });
    const { mailer, sent } = flakyMailer(0);
    const period = reportPeriodAt(subscription, new Date('2026-11-22T23:00:00Z'));
    const out = await deliverDigest(
      subscription,
      period,
      deps(mailer, { render: fakeRenderer({ empty: true }).render }),
    );
    expect(out).toMatchObject({ status: 'skipped', record: { status: 'skipped', reason: 'no feedback' } });
    expect(sent).toHaveLength(0);
  });

  it('sends the short digest for an empty period when skipEmpty is off', async () => {
    const subscription = await newSubscription({ skipEmpty: false });
    const { mailer, sent } = flakyMailer(0);
    const period = reportPeriodAt(subscription, new Date('2026-11-22T23:00:00Z'));
    const out = await deliverDigest(
      subscription,
      period,
      deps(mailer, { render: fakeRenderer({ empty: true }).render }),
    );
    expect(out.status).toBe('sent');
    expect(sent).toHaveLength(1);
  });

  it('sends now for a given date; again only with force', async () => {
    // Prepare
    const subscription: Subscription = await newSubscription({ period: 'monthly', schedule: 'cron(0 8 1 * ? *)' });
    const { mailer, sent } = flakyMailer(0);
    const now = { ...stores(), ...deps(mailer) };
    // Act
    const first = await sendDigestNow({ subscriptionId: subscription.id, date: '2026-10-15' }, now);
    const again = await sendDigestNow({ subscriptionId: subscription.id, date: '2026-10-01' }, now);
    const forced = await sendDigestNow({ subscriptionId: subscription.id, date: '2026-10-31', force: true }, now);
    // Assess
    expect(first).toMatchObject({ status: 'sent', period: '2026-10', attempts: 1 });
    expect(again).toMatchObject({ status: 'alreadyDone', period: '2026-10' });
    expect(forced).toMatchObject({ status: 'sent', period: '2026-10', attempts: 2 });
    expect(sent).toHaveLength(2);
    await expect(sendDigestNow({ subscriptionId: 'sub_missing' }, now)).rejects.toThrow(/No subscription/);
  });

  it('never lets two claims of one digest both send', async () => {
    // Prepare
    const subscription = await newSubscription();
    const period = reportPeriodAt(subscription, new Date('2026-11-22T23:00:00Z'));
    const { mailer, sent } = flakyMailer(0);
    // Act: five concurrent deliveries of the same digest
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => deliverDigest(subscription, period, deps(mailer))),
    );
    // Assess
    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });

  it('deletes a subscription with its delivery history', async () => {
    const subscription = await newSubscription();
    const { mailer } = flakyMailer(0);
    await deliverDigest(subscription, reportPeriodAt(subscription, new Date('2026-11-22T23:00:00Z')), deps(mailer));
    await deleteSubscription(subscription.id, stores());
    expect(await stores().subscriptions.get(subscription.id)).toBeUndefined();
    expect(await stores().deliveries.recent(subscription.id, 10)).toEqual([]);
    await expect(deleteSubscription(subscription.id, stores())).rejects.toThrow(/No subscription/);
  });
});
