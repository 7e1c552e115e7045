import { beforeAll, describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/metrics/handler.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore } from '../../../shared/adapters/dynamo/rollup-store.js';
import { DynamoTaxonomyStore } from '../../../shared/adapters/dynamo/taxonomy-store.js';
import { DynamoTrendStore } from '../../../shared/adapters/dynamo/trend-store.js';
import { createLocalAnalyzer } from '../../../shared/analysis/local-analyzer.js';
import { installationAnalyzer } from '../../../shared/themes/promotion.js';
import { apiEvent, lambdaContext } from '../../support/api-event.js';
import { createTestTable } from '../../support/dynamo.js';

let taxonomy: DynamoTaxonomyStore;
let handler: ReturnType<typeof makeHandler>;
const now = () => new Date('2026-12-04T00:00:00Z');

beforeAll(async () => {
  const { client, tableName } = await createTestTable('koe-promote');
  taxonomy = new DynamoTaxonomyStore(client, tableName);
  handler = makeHandler({
    items: new DynamoFeedbackStore(client, tableName),
    rollups: new DynamoRollupStore(client, tableName),
    trends: new DynamoTrendStore(client, tableName),
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

const TEXT = 'The headphone jack was broken, terrible.';
const topicsOf = async (analyzer: ReturnType<typeof installationAnalyzer>) =>
  (await analyzer.analyze([{ text: TEXT, language: 'en' }]))[0]?.topics.map((t) => t.topic) ?? [];

describe('promoting a discovered theme into the taxonomy', () => {
  it('stores the topic, and analysis uses it from then on (history keeps the discovered id)', async () => {
    // Prepare: the analyzer analysis runs with, re-reading the taxonomy on every call
    const analyzer = installationAnalyzer((t) => createLocalAnalyzer({ taxonomy: t }), taxonomy, { refreshMs: 0 });
    const before = await topicsOf(analyzer);
    // Act
    const promoted = await call('POST /v1/themes/promote', {
      theme: 'emergent:headphone jack',
      id: 'headphone_jack',
      label: 'Headphone jacks',
      labelJa: 'イヤホンジャック',
      cues: ['イヤホンジャック'],
    });
    const listed = await call('GET /v1/taxonomy/promoted');
    const after = await topicsOf(analyzer);
    // Assess
    expect(before).toContain('emergent:headphone jack');
    expect(before).not.toContain('headphone_jack');
    expect(promoted.status).toBe(201);
    expect(promoted.body.topic).toMatchObject({
      id: 'headphone_jack',
      label: 'Headphone jacks',
      labelJa: 'イヤホンジャック',
      cues: { en: ['headphone jack'], ja: ['イヤホンジャック'] },
      fromTheme: 'emergent:headphone jack',
      promotedAt: '2026-12-04T00:00:00.000Z',
    });
    expect(listed.body.topics.map((t: { id: string }) => t.id)).toContain('headphone_jack');
    expect(after).toContain('headphone_jack');
    expect(after).not.toContain('emergent:headphone jack');
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
});
