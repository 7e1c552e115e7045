import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type LocalProcess, startLocalProcess } from '../../infra/local/spawn.js';

// The product as a user starts it: `npm start`, then HTTP. One stack for the file (the shutdown test starts
// its own); each test posts what it needs, so they pass alone and in any order.
let stack: LocalProcess;
const MARKER = 'zebracorn';
// The child accepts this as its bootstrap admin key; every API route but /health needs a key.
const KEY = `koe_e2e_${randomBytes(24).toString('base64url')}`;
const start = () =>
  startLocalProcess(['--memory', '--port', '0'], { POWERTOOLS_LOG_LEVEL: 'INFO', KOE_BOOTSTRAP_KEY: KEY });

beforeAll(async () => {
  stack = await start();
});

afterAll(async () => {
  await stack?.stop();
});

const api = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${stack.url}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, ...(init?.headers ?? {}) },
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & { items?: Array<Record<string, unknown>> },
  };
};

const post = (body: Record<string, unknown>) => api('/v1/feedback', { method: 'POST', body: JSON.stringify(body) });

const analyzedItem = (id: string) =>
  eventually(
    async () => {
      const res = await api(`/v1/feedback/${id}`);
      return res.body.status === 'analyzed' ? res.body : undefined;
    },
    30_000,
    'analysis',
  );

describe('local stack end to end', () => {
  it('answers /health with the analysis backlog', async () => {
    const res = await api('/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.analysis).toEqual({
      queued: expect.any(Number),
      inFlight: expect.any(Number),
      oldestWaitingSeconds: expect.any(Number),
      deadLetters: expect.any(Number),
    });
  });

  it('takes feedback over HTTP, analyzes it through the queue, and lists it in the urgency queue', async () => {
    // Prepare
    const text = `The ${MARKER} charger caught fire and burned my hand. Call me on 090-1234-5678 or write to taro@example.jp.`;
    // Act
    const posted = await post({ text, source: 'e2e', externalId: 'e2e-1', channel: 'email', ratings: { nps: 0 } });
    const id = posted.body.id as string;
    const analyzed = await analyzedItem(id);
    const queue = await api('/v1/queue?level=critical,high');
    // Assess
    expect(posted.status).toBe(202);
    expect(analyzed.text).not.toContain('090-1234-5678');
    expect(analyzed.text).not.toContain('taro@example.jp');
    expect(analyzed.text).toContain('[PHONE]');
    const analysis = analyzed.analysis as {
      urgency: { level: string; reasons: unknown[] };
      sentiment: { label: string };
    };
    expect(analysis.urgency.level).toBe('critical');
    expect(analysis.urgency.reasons.length).toBeGreaterThan(0);
    expect(analysis.sentiment.label).toBe('negative');
    expect(queue.body.items?.map((i) => i.id)).toContain(id);
  });

  it('answers a redelivery as a duplicate with the same id', async () => {
    // Prepare
    const first = await post({ text: 'First time', source: 'e2e', externalId: 'e2e-redelivered' });
    // Act
    const res = await post({ text: 'Second time', source: 'e2e', externalId: 'e2e-redelivered' });
    // Assess
    expect(first.body.status).toBe('queued');
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: first.body.id, status: 'duplicate' });
  });

  it('never writes feedback text or personal data to its logs', async () => {
    // Prepare: feedback with a marker word and personal data, through the whole pipeline.
    const text = `My ${MARKER} order is late. Call me on 090-1234-5678 or write to taro@example.jp.`;
    const posted = await post({ text, source: 'e2e', externalId: 'e2e-logs' });
    await analyzedItem(posted.body.id as string);
    // Act
    const logs = stack.output();
    // Assess
    expect(logs).toContain('feedback accepted');
    expect(logs).not.toContain(MARKER);
    expect(logs).not.toContain('090-1234-5678');
    expect(logs).not.toContain('taro@example.jp');
  });

  it('shuts down cleanly on SIGINT', async () => {
    // Prepare: a stack of its own, so the others keep theirs.
    const own = await start();
    // Act
    const code = await own.stop('SIGINT');
    // Assess
    expect(code).toBe(0);
  });
});
