import { describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/admin/handler.js';
import type { LocalLog } from '../../../infra/local/log.js';
import { InProcessQueue } from '../../../infra/local/queue.js';
import { apiEvent, lambdaContext } from '../../support/api-event.js';

const quiet: LocalLog = { info: () => {}, warn: () => {}, error: () => {} };

/** The admin handler over a real in-process queue holding two dead letters. */
const adminWithDeadLetters = async () => {
  const queue = new InProcessQueue({
    name: 'admin-q',
    maxReceiveCount: 1,
    maxBatchingWindowMs: 1,
    backoff: { baseMs: 1, maxMs: 1 },
    log: quiet,
  });
  queue.start(async () => {
    throw new Error('analyzer offline');
  });
  await queue.send([
    { id: 'fb-1', revision: 1 },
    { id: 'fb-2', revision: 1 },
  ]);
  await queue.idle();
  const handler = makeHandler({ deadLetters: queue });
  const list = async (query?: Record<string, string>) => {
    const res = await handler(apiEvent('GET /v1/dlq', query ? { query } : {}), lambdaContext());
    return { status: res.statusCode, body: JSON.parse(res.body ?? '{}') };
  };
  return { queue, list };
};

describe('GET /v1/dlq', () => {
  it('lists with a valid limit and answers 400 naming limit for anything else, as /v1/queue does', async () => {
    // Prepare
    const { queue, list } = await adminWithDeadLetters();
    // Act
    const one = await list({ limit: '1' });
    const all = await list();
    const bad = await Promise.all(['abc', '0', '1001', '2.5', '-3'].map((limit) => list({ limit })));
    await queue.drain();
    // Assess
    expect(one.status).toBe(200);
    expect(one.body.items).toHaveLength(1);
    expect(all.body.items).toHaveLength(2);
    for (const res of bad) {
      expect(res.status).toBe(400);
      expect(res.body.error.issues[0].path).toBe('limit');
    }
  });
});
