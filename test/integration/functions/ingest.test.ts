import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/ingest/handler.js';
import { DynamoDataRangeStore } from '../../../shared/adapters/dynamo/data-range-store.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import type { AnalysisMessage, AnalysisQueue, FeedbackStore } from '../../../shared/feedback/ports.js';
import { apiEvent, lambdaContext } from '../../support/api-event.js';
import { createTestTable } from '../../support/dynamo.js';

class RecordingQueue implements AnalysisQueue {
  sent: AnalysisMessage[] = [];
  failNext = false;
  async send(messages: AnalysisMessage[]) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('queue down');
    }
    this.sent.push(...messages);
  }
}

let store: DynamoFeedbackStore;
let queue: RecordingQueue;
let dataRange: DynamoDataRangeStore;
let ingest: ReturnType<typeof makeHandler>;
const now = () => new Date('2026-11-22T09:00:00Z');

const post = async (body: unknown, headers: Record<string, string> = {}, handler = ingest) => {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await handler(apiEvent('POST /v1/feedback', { body: raw, headers }), lambdaContext());
  return { status: res.statusCode, body: JSON.parse(res.body ?? '{}') };
};

beforeAll(async () => {
  const { client, tableName } = await createTestTable();
  store = new DynamoFeedbackStore(client, tableName);
  queue = new RecordingQueue();
  dataRange = new DynamoDataRangeStore(client, tableName);
  ingest = makeHandler({ store, queue, dataRange, now });
});

describe('POST /v1/feedback', () => {
  it('stores one comment redacted and queues it', async () => {
    // Act
    const res = await post({
      text: '  The parcel never arrived. Mail me at jane.doe@example.com or call +1 415 555 0134  ',
      source: 'survey-tool',
      channel: 'survey',
      ratings: { nps: 2 },
    });
    // Assess
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'queued' });
    const item = await store.get(res.body.id);
    expect(item?.text).toBe('The parcel never arrived. Mail me at [EMAIL] or call [PHONE]');
    expect(item?.redacted).toEqual({ EMAIL: 1, PHONE: 1 });
    expect(item?.status).toBe('queued');
    expect(queue.sent).toContainEqual({ id: res.body.id, revision: 1 });
  });

  it('answers a repeat of (source, externalId) with the same id, status duplicate, and writes nothing', async () => {
    // Prepare
    const body = { text: 'Late again', source: 'zendesk', externalId: 'T-1', channel: 'email' };
    const first = await post(body);
    const before = await store.get(first.body.id);
    // Act
    const second = await post({ ...body, text: 'Different text, same key' });
    // Assess
    expect(second.status).toBe(202);
    expect(second.body).toEqual({ id: first.body.id, status: 'duplicate' });
    expect(await store.get(first.body.id)).toEqual(before);
  });

  it('takes a batch of items and answers each', async () => {
    const res = await post({
      items: [
        { text: 'one', source: 'batch', externalId: 'b-1' },
        { text: 'two', source: 'batch', externalId: 'b-2' },
        { text: 'one again', source: 'batch', externalId: 'b-1' },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.items).toHaveLength(3);
    expect(res.body.items.map((i: { status: string }) => i.status).sort()).toEqual(['duplicate', 'queued', 'queued']);
    expect(res.body.items[0].id).toBe(res.body.items[2].id);
  });

  it.each([
    ['malformed JSON', '{"text": "hi",', 400, /Malformed JSON/],
    ['an empty body', '', 400, /empty/],
    ['a JSON array', '[1,2]', 400, /JSON object/],
  ])('refuses %s with 400 naming the problem', async (_name, body, status, message) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
  });

  it.each(['iso-8859-1', 'Shift_JIS', '"windows-1252"'])(
    'refuses charset=%s with 415 (it was read as UTF-8)',
    async (charset) => {
      const res = await post({ text: 'café', source: 's' }, { 'content-type': `application/json; charset=${charset}` });
      expect(res.status).toBe(415);
      expect(res.body.error.message).toContain('charset must be utf-8');
    },
  );

  it('accepts charset=utf-8 in any case', async () => {
    const res = await post({ text: 'café', source: 's' }, { 'content-type': 'application/json; Charset=UTF-8' });
    expect(res.status).toBe(202);
  });

  it('refuses a wrong content type with 415', async () => {
    const res = await post({ text: 'x', source: 's' }, { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a body over 1 MB and a batch over 500 items with 413', async () => {
    const big = await post({ text: 'x'.repeat(1024 * 1024 + 10), source: 's' });
    const many = await post({ items: Array.from({ length: 501 }, (_, i) => ({ text: `t${i}`, source: 's' })) });
    expect(big.status).toBe(413);
    expect(many.status).toBe(413);
    expect(many.body.error.message).toMatch(/501/);
  });

  it('lists every offending field path in one 400', async () => {
    const res = await post({
      items: [
        { text: 'fine', source: 's' },
        {
          text: '   ',
          source: 's',
          channel: 'fax',
          ratings: { nps: 11, csat: 0 },
          occurredAt: 'last tuesday',
          colour: 'red',
        },
      ],
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual([
      'items[1].channel',
      'items[1].colour',
      'items[1].occurredAt',
      'items[1].ratings.csat',
      'items[1].ratings.nps',
      'items[1].text',
    ]);
  });

  it('refuses unknown top-level fields rather than dropping them', async () => {
    const res = await post({ text: 'hello', source: 's', rating: 5 });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toContainEqual({ path: 'rating', message: 'is not a known field' });
  });

  it('answers 503 and leaves nothing behind when the queue is down', async () => {
    // Prepare
    queue.failNext = true;
    // Act
    const res = await post({ text: 'will be rolled back', source: 'rb', externalId: 'rb-1' });
    const retry = await post({ text: 'will be rolled back', source: 'rb', externalId: 'rb-1' });
    // Assess
    expect(res.status).toBe(503);
    expect(res.body.error.message).not.toMatch(/queue down/);
    expect(retry.status).toBe(202);
    expect(retry.body.status).toBe('queued');
  });

  it('answers 503 with nothing half-written when the store fails part-way through a batch', async () => {
    // Prepare: a store whose third write fails, as in an outage starting mid-request.
    let writes = 0;
    const flaky: FeedbackStore = Object.assign(Object.create(store), {
      putNew: async (item: Parameters<FeedbackStore['putNew']>[0]) => {
        writes++;
        if (writes === 3) throw new (await import('../../../shared/errors.js')).DependencyError('DynamoDB');
        return store.putNew(item);
      },
    });
    const handler = makeHandler({ store: flaky, queue, dataRange, now });
    const items = Array.from({ length: 5 }, (_, i) => ({
      text: `partial ${i}`,
      source: 'partial',
      externalId: `p-${i}`,
    }));
    // Act
    const res = await post({ items }, {}, handler);
    const retry = await post({ items });
    // Assess
    expect(res.status).toBe(503);
    expect(retry.body.items.every((i: { status: string }) => i.status === 'queued')).toBe(true);
  });

  it('answers 503 when DynamoDB is unreachable', async () => {
    const down = new DynamoFeedbackStore(
      new DynamoDBClient({
        endpoint: 'http://127.0.0.1:9',
        region: 'local',
        maxAttempts: 1,
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      }),
      'nope',
    );
    const res = await post({ text: 'hello', source: 's' }, {}, makeHandler({ store: down, queue, dataRange, now }));
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('UNAVAILABLE');
  });
});
