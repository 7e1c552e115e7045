import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type LocalProcess, startLocalProcess } from '../../infra/local/spawn.js';

// The product as a user starts it: `npm start`, then HTTP. One stack for the file.
let stack: LocalProcess;
const MARKER = 'zebracorn';
// The child accepts this as its bootstrap admin key; every API route but /health needs a key.
const KEY = `koe_e2e_${randomBytes(24).toString('base64url')}`;

beforeAll(async () => {
  stack = await startLocalProcess(['--memory', '--port', '0'], {
    POWERTOOLS_LOG_LEVEL: 'INFO',
    KOE_BOOTSTRAP_KEY: KEY,
  });
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
    const posted = await api('/v1/feedback', {
      method: 'POST',
      body: JSON.stringify({ text, source: 'e2e', externalId: 'e2e-1', channel: 'email', ratings: { nps: 0 } }),
    });
    const id = posted.body.id as string;
    const analyzed = await eventually(
      async () => {
        const res = await api(`/v1/feedback/${id}`);
        return res.body.status === 'analyzed' ? res.body : undefined;
      },
      30_000,
      'analysis',
    );
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
    const body = JSON.stringify({ text: 'Second time', source: 'e2e', externalId: 'e2e-1' });
    const res = await api('/v1/feedback', { method: 'POST', body });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('duplicate');
  });

  it('never writes feedback text or personal data to its logs', () => {
    const logs = stack.output();
    expect(logs).toContain('feedback accepted');
    expect(logs).not.toContain(MARKER);
    expect(logs).not.toContain('090-1234-5678');
    expect(logs).not.toContain('taro@example.jp');
  });

  it('shuts down cleanly on SIGINT', async () => {
    const code = await stack.stop('SIGINT');
    expect(code).toBe(0);
  });
});
