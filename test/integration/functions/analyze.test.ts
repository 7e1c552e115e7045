import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/analyze/handler.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { createLocalAnalyzer } from '../../../shared/analysis/local-analyzer.js';
import type { Analyzer } from '../../../shared/analysis/types.js';
import { toRedactedItem } from '../../../shared/feedback/ingest.js';
import { lambdaContext } from '../../support/api-event.js';
import { createTestTable } from '../../support/dynamo.js';
import { sqsRecord } from '../../support/sqs-event.js';

let store: DynamoFeedbackStore;

const sqsEvent = (bodies: Array<{ id: string; revision: number }>, receiveCount = 1): SQSEvent => ({
  Records: bodies.map((b, i) => sqsRecord(b, `m-${i}-${b.id}`, receiveCount)),
});

const seed = async (text: string, key: string) => {
  const item = toRedactedItem(
    { text, source: 'analyze-test', externalId: key, channel: 'chat', occurredAt: '2026-11-22T00:00:00.000Z' },
    '2026-11-22T00:00:01.000Z',
  );
  await store.putNew(item);
  return item;
};

beforeAll(async () => {
  const { client, tableName } = await createTestTable();
  store = new DynamoFeedbackStore(client, tableName);
});

describe('analyze consumer', () => {
  it('analyzes a queued item with the local analyzer and files it in the urgency queue', async () => {
    // Prepare
    const item = await seed('I was charged twice and nobody answers my emails. Refund me today or I cancel.', 'a-1');
    const handler = makeHandler({ store, analyzer: createLocalAnalyzer(), now: () => new Date(), maxReceiveCount: 5 });
    // Act
    const res = await handler(sqsEvent([{ id: item.id, revision: 1 }]), lambdaContext('koe-analyze'));
    // Assess
    expect(res.batchItemFailures).toEqual([]);
    const stored = await store.get(item.id);
    expect(stored?.status).toBe('analyzed');
    expect(stored?.analysis?.sentiment.label).toBe('negative');
    expect(['high', 'critical']).toContain(stored?.analysis?.urgency.level);
    const queue = await store.queue({ levels: ['critical', 'high'], limit: 10 });
    expect(queue.items.map((i) => i.id)).toContain(item.id);
  });

  it('analyzes a message delivered twice only once', async () => {
    // Prepare
    const item = await seed('Great service, thanks!', 'a-2');
    let calls = 0;
    const base = createLocalAnalyzer();
    const counting: Analyzer = {
      name: base.name,
      version: base.version,
      analyze: (inputs) => {
        calls++;
        return base.analyze(inputs);
      },
    };
    const handler = makeHandler({ store, analyzer: counting, now: () => new Date(), maxReceiveCount: 5 });
    // Act
    await handler(sqsEvent([{ id: item.id, revision: 1 }]), lambdaContext('koe-analyze'));
    await handler(sqsEvent([{ id: item.id, revision: 1 }], 2), lambdaContext('koe-analyze'));
    // Assess
    expect(calls).toBe(1);
  });

  it('reports only the failed record, and marks the item failed on its last attempt', async () => {
    // Prepare: an analyzer that fails for one text, as a dependency outage would
    const good = await seed('Fine.', 'a-3');
    const bad = await seed('This one breaks the analyzer.', 'a-4');
    const base = createLocalAnalyzer();
    const flaky: Analyzer = {
      name: 'flaky',
      version: '1',
      analyze: async (inputs) => {
        if (inputs.some((i) => i.text.includes('breaks'))) throw new Error('analyzer unavailable');
        return base.analyze(inputs);
      },
    };
    const handler = makeHandler({ store, analyzer: flaky, now: () => new Date(), maxReceiveCount: 3 });
    const event = sqsEvent(
      [
        { id: good.id, revision: 1 },
        { id: bad.id, revision: 1 },
      ],
      3,
    );
    // Act
    const res = await handler(event, lambdaContext('koe-analyze'));
    // Assess
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]?.messageId }]);
    expect((await store.get(good.id))?.status).toBe('analyzed');
    expect((await store.get(bad.id))?.status).toBe('failed');
  });

  it('sends a malformed message to the failure list rather than dropping it', async () => {
    const handler = makeHandler({ store, analyzer: createLocalAnalyzer(), now: () => new Date(), maxReceiveCount: 5 });
    const event = sqsEvent([{ id: 'x', revision: 1 }]);
    (event.Records[0] as { body: string }).body = 'not json';
    const res = await handler(event, lambdaContext('koe-analyze'));
    expect(res.batchItemFailures).toHaveLength(1);
  });
});
