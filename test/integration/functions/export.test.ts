import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/export/handler.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { EXPORT_COLUMNS } from '../../../shared/export/export-rows.js';
import type { FeedbackItem } from '../../../shared/feedback/model.js';
import { apiEvent, lambdaContext } from '../../support/api-event.js';
import { createTestTable } from '../../support/dynamo.js';
import { rawItem } from '../rollups/seed.js';

let handler: ReturnType<typeof makeHandler>;
const now = () => new Date('2026-11-30T00:00:00Z');

const get = async (query: Record<string, string>) => {
  const res = await handler(apiEvent('GET /v1/export', { query }), lambdaContext());
  return { status: res.statusCode, headers: res.headers ?? {}, body: res.body ?? '' };
};

const cursorOf = (link: unknown) => {
  const m = /<([^>]+)>; rel="next"/.exec(String(link ?? ''));
  return m ? new URL(m[1] as string, 'http://x').searchParams.get('cursor') : undefined;
};

const items: FeedbackItem[] = [];

beforeAll(async () => {
  const { client, tableName } = await createTestTable();
  const store = new DynamoFeedbackStore(client, tableName);
  // 12 items over three UTC days; two share a timestamp (the cursor must tell them apart by id).
  const times = [
    '2026-11-20T23:59:59.000Z',
    '2026-11-21T00:00:00.000Z',
    '2026-11-21T08:00:00.000Z',
    '2026-11-21T08:00:00.000Z',
    ...Array.from({ length: 8 }, (_, i) => `2026-11-22T0${i}:30:00.000Z`),
  ];
  times.forEach((occurredAt, i) => {
    const item = rawItem({ id: `fb_${String(i).padStart(2, '0')}`, occurredAt, topics: ['billing'], level: 'high' });
    items.push({
      ...item,
      text: i === 0 ? '=HYPERLINK("http://evil") call [PHONE], "quoted", a,b\nnext line' : `comment ${i}`,
      redacted: i === 0 ? { PHONE: 1 } : {},
      metadata: { plan: 'pro' },
    });
  });
  items.push({ ...rawItem({ id: 'fb_late', occurredAt: '2026-11-23T00:00:00.000Z' }) });
  for (const item of items) await store.putNew(item);
  handler = makeHandler({ store, now });
});

describe('GET /v1/export', () => {
  it('pages through a window in time order with a Link cursor, CSV with a header on every page', async () => {
    // Act: pages of 5 over [2026-11-21, 2026-11-22] (a date `to` includes that day)
    const pages: Array<Record<string, string>[]> = [];
    let cursor: string | undefined | null;
    do {
      const res = await get({ from: '2026-11-21', to: '2026-11-22', limit: '5', ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.body.startsWith(`${EXPORT_COLUMNS.join(',')}\r\n`)).toBe(true);
      pages.push(parse(res.body, { columns: true }) as Record<string, string>[]);
      cursor = cursorOf(res.headers.link);
    } while (cursor);
    // Assess
    expect(pages.map((p) => p.length)).toEqual([5, 5, 1]);
    expect(pages.flat().map((r) => r.id)).toEqual(items.slice(1, 12).map((i) => i.id));
    const first = pages[0]?.[0];
    expect(first).toMatchObject({
      urgency: 'high',
      sentiment: 'neutral',
      topics: 'billing',
      analyzer: 'test',
      analyzerVersion: '1',
      metadata: '{"plan":"pro"}',
    });
  });

  it('quotes CSV per RFC 4180 and defuses cells a spreadsheet would run as a formula', async () => {
    // Act
    const res = await get({ from: '2026-11-20T23:00:00Z', to: '2026-11-21T00:00:00Z' });
    // Assess
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.text).toBe(`'${items[0]?.text}`);
    expect(res.body).toContain('"\'=HYPERLINK(""http://evil"") call [PHONE], ""quoted"", a,b\nnext line"');
    expect(res.headers.link).toBeUndefined();
  });

  it('writes JSON Lines with lists as arrays and the window end exclusive for date-times', async () => {
    // Act
    const res = await get({ from: '2026-11-22T00:00:00Z', to: '2026-11-23T00:00:00Z', format: 'jsonl' });
    // Assess
    const lines = res.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    expect(lines.map((l) => l.id)).toEqual(items.slice(4, 12).map((i) => i.id));
    expect(lines[0]).toMatchObject({ topics: ['billing'], urgencyReasons: [], metadata: { plan: 'pro' } });
    expect(res.headers['x-koe-rows']).toBe('8');
  });

  it('refuses a missing from, a bad format, a limit over 5000, a window over 366 days and a forged cursor', async () => {
    // Act
    const missing = await get({});
    const bad = await get({ from: '2026-01-01', format: 'xlsx', limit: '9000' });
    const long = await get({ from: '2024-01-01', to: '2026-01-01' });
    const forged = await get({ from: '2026-11-21', cursor: 'bm90LWEtY3Vyc29y' });
    // Assess
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('"path":"from"');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('"path":"format"');
    expect(bad.body).toContain('"path":"limit"');
    expect(long.status).toBe(400);
    expect(long.body).toContain('366 days');
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('"path":"cursor"');
  });
});
