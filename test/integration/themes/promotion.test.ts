import { beforeAll, describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/metrics/handler.js';
import { resvgChartRenderer } from '../../../shared/adapters/charts/resvg-charts.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore } from '../../../shared/adapters/dynamo/rollup-store.js';
import { DynamoTaxonomyStore } from '../../../shared/adapters/dynamo/taxonomy-store.js';
import { DynamoTrendStore } from '../../../shared/adapters/dynamo/trend-store.js';
import { createLocalAnalyzer } from '../../../shared/analysis/local-analyzer.js';
import { makeDigestRenderer } from '../../../shared/reports/digest-renderer.js';
import { parsePeriodKey } from '../../../shared/rollups/periods.js';
import { installationAnalyzer } from '../../../shared/themes/promotion.js';
import { apiEvent, lambdaContext } from '../../support/api-event.js';
import { createTestTable } from '../../support/dynamo.js';
import { rawItem } from '../rollups/seed.js';

let taxonomy: DynamoTaxonomyStore;
let handler: ReturnType<typeof makeHandler>;
let digest: ReturnType<typeof makeDigestRenderer>;
let items: DynamoFeedbackStore;
const now = () => new Date('2026-12-04T00:00:00Z');

beforeAll(async () => {
  const { client, tableName } = await createTestTable('koe-promote');
  taxonomy = new DynamoTaxonomyStore(client, tableName);
  items = new DynamoFeedbackStore(client, tableName);
  const rollups = new DynamoRollupStore(client, tableName);
  const trends = new DynamoTrendStore(client, tableName);
  digest = makeDigestRenderer({ items, rollups, trends, taxonomy, now }, resvgChartRenderer());
  handler = makeHandler({
    items,
    rollups,
    trends,
    taxonomy,
    now,
    timezone: 'UTC',
  });
});

const call = async (routeKey: string, body?: unknown) => {
  const res = await handler(
    apiEvent(routeKey, body === undefined ? {} : { body: JSON.stringify(body) }),
    lambdaContext(),
  );
  return { status: res.statusCode, body: JSON.parse(res.body ?? '{}') };
};

// Words no taxonomy topic covers, so the phrase comes out as a discovered theme before the promotion.
const TEXT = 'The kickstand snapped, terrible.';
const topicsOf = async (analyzer: ReturnType<typeof installationAnalyzer>) =>
  (await analyzer.analyze([{ text: TEXT, language: 'en' }]))[0]?.topics.map((t) => t.topic) ?? [];

describe('promoting a discovered theme into the taxonomy', () => {
  it('stores the topic, and analysis uses it from then on (history keeps the discovered id)', async () => {
    // Prepare: the analyzer analysis runs with, re-reading the taxonomy on every call
    const analyzer = installationAnalyzer((t) => createLocalAnalyzer({ taxonomy: t }), taxonomy, { refreshMs: 0 });
    const before = await topicsOf(analyzer);
    // Act
    const promoted = await call('POST /v1/themes/promote', {
      theme: 'emergent:kickstand',
      id: 'kickstand',
      label: 'Kickstands',
      labelJa: 'キックスタンド',
      cues: ['キックスタンド'],
    });
    const listed = await call('GET /v1/taxonomy/promoted');
    const after = await topicsOf(analyzer);
    // Assess
    expect(before).toContain('emergent:kickstand');
    expect(before).not.toContain('kickstand');
    expect(promoted.status).toBe(201);
    expect(promoted.body.topic).toMatchObject({
      id: 'kickstand',
      label: 'Kickstands',
      labelJa: 'キックスタンド',
      cues: { en: ['kickstand'], ja: ['キックスタンド'] },
      fromTheme: 'emergent:kickstand',
      promotedAt: '2026-12-04T00:00:00.000Z',
    });
    expect(listed.body.topics.map((t: { id: string }) => t.id)).toContain('kickstand');
    expect(after).toContain('kickstand');
    expect(after).not.toContain('emergent:kickstand');
    expect(analyzer.version).not.toBe(createLocalAnalyzer().version);
  });

  it('refuses an id the taxonomy has, a theme promoted twice, and a bad id, naming the field', async () => {
    // Prepare
    const first = await call('POST /v1/themes/promote', { theme: 'row twelve', id: 'row_twelve' });
    // Act
    const builtIn = await call('POST /v1/themes/promote', { theme: 'late plane', id: 'delivery' });
    const twice = await call('POST /v1/themes/promote', { theme: 'row twelve', id: 'row_again' });
    const badId = await call('POST /v1/themes/promote', { theme: 'wifi', id: 'Wi-Fi' });
    const reserved = await call('POST /v1/themes/promote', { theme: 'wifi', id: 'emergent_wifi' });
    // Assess
    expect(first.status).toBe(201);
    expect(builtIn.status).toBe(409);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain('row_twelve');
    expect(badId.status).toBe(400);
    expect(badId.body.error.issues[0].path).toBe('id');
    expect(reserved.status).toBe(400);
  });

  it('names a promoted topic by its label in the digest, in each language', async () => {
    // Prepare: a promoted topic, and comments of a day that carry it
    await call('POST /v1/themes/promote', { theme: 'seat recline', id: 'seat_recline', labelJa: 'リクライニング' });
    for (const id of ['sr-1', 'sr-2'])
      await items.putNew(
        rawItem({ id, occurredAt: '2026-11-20T03:00:00.000Z', topics: ['seat_recline'], label: 'negative' }),
      );
    const period = parsePeriodKey('2026-11-20', 'UTC');
    // Act
    const ja = await digest({ language: 'ja', period });
    const en = await digest({ language: 'en', period });
    // Assess
    expect(ja.text).toContain('- リクライニング: 2');
    expect(en.text).toContain('- Seat recline: 2');
    expect(en.text).not.toContain('seat_recline');
  });
});
