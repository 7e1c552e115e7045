import { beforeAll, describe, expect, it } from 'vitest';
import { resvgChartRenderer } from '../../../shared/adapters/charts/resvg-charts.js';
import { DynamoDeliveryStore, DynamoJobCursor } from '../../../shared/adapters/dynamo/delivery-store.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore } from '../../../shared/adapters/dynamo/rollup-store.js';
import { DynamoSubscriptionStore } from '../../../shared/adapters/dynamo/subscription-store.js';
import { DynamoTrendStore } from '../../../shared/adapters/dynamo/trend-store.js';
import type { OutgoingEmail } from '../../../shared/reports/delivery-ports.js';
import type { DigestRequest } from '../../../shared/reports/digest.js';
import type { DigestData } from '../../../shared/reports/digest-data.js';
import { makeDigestRenderer } from '../../../shared/reports/digest-renderer.js';
import { gatherDigest } from '../../../shared/reports/gather-digest.js';
import { createSubscription } from '../../../shared/reports/manage-subscriptions.js';
import { sendDigestNow } from '../../../shared/reports/send-due-digests.js';
import { parsePeriodKey } from '../../../shared/rollups/periods.js';
import { parseRerunRequest, rerunRollups } from '../../../shared/rollups/rerun-rollups.js';
import type { StoredTrends } from '../../../shared/trends/ports.js';
import { readTrends } from '../../../shared/trends/read-trends.js';
import { createTestTable } from '../../support/dynamo.js';
import { type RawSpec, rawItem } from '../rollups/seed.js';

const now = () => new Date('2026-11-25T00:00:00Z');
let deps: { items: DynamoFeedbackStore; rollups: DynamoRollupStore; trends: DynamoTrendStore; now: () => Date };
let mail: {
  subscriptions: DynamoSubscriptionStore;
  deliveries: DynamoDeliveryStore;
  cursor: DynamoJobCursor;
};

// Eight quiet days of 20 comments, then 2026-11-23 (Tokyo and UTC) where "wifi outage" appears 14
// times as "wifi outage" or "wi-fi outage"'s merged form, at hours that fall on different days by zone.
const specs: RawSpec[] = [];
for (let d = 0; d < 9; d++) {
  const dayStart = Date.parse('2026-11-15T00:00:00Z') + d * 86_400_000;
  for (let i = 0; i < 20; i++) {
    const spike = d === 8 && i >= 6;
    specs.push({
      id: `agree-${d}-${i}`,
      // Spread over the UTC day: hours 0–19 (so 15:00–19:00 UTC is the next day in Tokyo).
      occurredAt: new Date(dayStart + i * 3_600_000).toISOString(),
      label: spike ? 'negative' : 'neutral',
      score: spike ? -0.6 : 0,
      topics: spike
        ? ['billing', i % 3 === 0 ? 'emergent:outages wifi' : 'emergent:wifi outage']
        : ['billing', ...(i % 5 === 0 ? ['emergent:seat upgrade'] : [])],
    });
  }
}

const digestOf = (timezone: string) =>
  gatherDigest({ language: 'en', period: parsePeriodKey('2026-11-23', timezone) } as DigestRequest, {
    ...deps,
    items: deps.items,
  });

/** What a reader sees of a report: the rising terms and the discovered themes with their quotes. */
const shown = (rising: ReadonlyArray<{ label: string; count: number; quotes?: unknown }>, themes: unknown[]) => ({
  rising: rising.slice(0, 5).map((t) => [t.label, t.count, t.quotes ?? []]),
  themes,
});
const fromReport = (r: StoredTrends | null) =>
  shown(
    r?.rising ?? [],
    (r?.discovered ?? []).slice(0, 5).map((t) => ({
      id: t.id,
      label: t.label,
      count: t.count,
      share: t.share,
      negative: t.negative,
      quotes: t.quotes,
    })),
  );
const fromDigest = (d: DigestData) => shown(d.painPoints, d.themes);

beforeAll(async () => {
  const { client, tableName } = await createTestTable('koe-agreement');
  deps = {
    items: new DynamoFeedbackStore(client, tableName),
    rollups: new DynamoRollupStore(client, tableName),
    trends: new DynamoTrendStore(client, tableName),
    now,
  };
  mail = {
    subscriptions: new DynamoSubscriptionStore(client, tableName),
    deliveries: new DynamoDeliveryStore(client, tableName),
    cursor: new DynamoJobCursor(client, tableName),
  };
  for (const spec of specs)
    await deps.items.putNew({ ...rawItem(spec), text: `Comment ${spec.id}: the wifi outage again.` });
});

describe('one answer per period and zone', () => {
  it('the digest, the sent e-mail and GET /v1/trends show the same stored themes in Tokyo, and a zone without a report computes the same way', async () => {
    // Prepare: the jobs roll up in Tokyo only
    const rerun = async (timezone: string) => {
      let from = '2026-11-15';
      for (;;) {
        const out = await rerunRollups(parseRerunRequest({ from, to: '2026-11-23' }, timezone, now()), timezone, deps);
        if (!out.next) return;
        from = out.next;
      }
    };
    await rerun('Asia/Tokyo');
    // Act: Tokyo through both paths; UTC through the digest (no UTC report: built live), then stored by a UTC re-roll
    const tokyoDigest = await digestOf('Asia/Tokyo');
    const tokyoApi = await readTrends({ granularity: 'day', key: '2026-11-23', limit: 20 }, 'Asia/Tokyo', deps);
    const utcLive = await digestOf('UTC');
    await rerun('UTC');
    const utcApi = await readTrends({ granularity: 'day', key: '2026-11-23', limit: 20 }, 'UTC', deps);
    const utcStored = await digestOf('UTC');
    // …and the e-mail a Tokyo subscription is sent, rendered from the same stored report
    const sent: OutgoingEmail[] = [];
    const subscription = await createSubscription(
      {
        recipients: ['ops@example.com'],
        language: 'en',
        period: 'daily',
        schedule: 'cron(0 8 * * ? *)',
        timezone: 'Asia/Tokyo',
      },
      { ...mail, now, timezone: 'UTC' },
    );
    const delivery = await sendDigestNow(
      { subscriptionId: subscription.id, date: '2026-11-23' },
      {
        ...mail,
        render: makeDigestRenderer(deps, resvgChartRenderer()),
        mailer: {
          send: async (email) => {
            sent.push(email);
            return { messageId: email.messageId };
          },
        },
        now,
        from: 'Koe <digests@example.com>',
      },
    );
    // Assess
    expect(tokyoDigest.painPointSource).toBe('stored');
    expect(fromDigest(tokyoDigest)).toEqual(fromReport(tokyoApi));
    expect(utcLive.painPointSource).toBe('live');
    expect(utcStored.painPointSource).toBe('stored');
    expect(fromDigest(utcLive)).toEqual(fromReport(utcApi));
    expect(fromDigest(utcStored)).toEqual(fromReport(utcApi));
    // The spike is one merged, discovered theme with quotes; the zones differ only by where days start.
    const wifi = utcApi?.discovered.find((t) => t.label === 'wifi outage');
    expect(wifi).toMatchObject({ discovered: true, count: 14, members: ['wifi outage', 'outages wifi'] });
    expect(wifi?.quotes.length).toBeGreaterThanOrEqual(2);
    expect(utcApi?.rising.map((t) => t.label)).toContain('emergent:wifi outage');
    const tokyoWifi = tokyoApi?.discovered.find((t) => t.label === 'wifi outage');
    expect(tokyoWifi?.count).toBeLessThan(14);
    // The sent e-mail names the Tokyo report's themes with its counts, in its order.
    expect(delivery).toMatchObject({ status: 'sent', period: '2026-11-23' });
    const listed = (section: string) =>
      [
        ...(sent[0]?.text.split(`## ${section}\n`)[1]?.split('\n## ')[0] ?? '').matchAll(
          /^- “(.+?)”.*?: (\d+) mentions/gm,
        ),
      ].map((m) => [m[1], Number(m[2])]);
    const emailThemes = listed('Discovered themes');
    expect(emailThemes.length).toBe(tokyoDigest.themes.length);
    expect(emailThemes).toEqual(tokyoApi?.discovered.slice(0, emailThemes.length).map((t) => [t.label, t.count]));
    expect(emailThemes).toContainEqual(['wifi outage', tokyoWifi?.count]);
    const emailRising = listed('Rising pain points');
    expect(emailRising).toEqual(
      tokyoApi?.rising.slice(0, emailRising.length).map((t) => [t.label.replace(/^emergent:/, ''), t.count]),
    );
  }, 180_000);
});
