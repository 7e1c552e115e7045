import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runLabels } from '../../../cli/commands/labels.js';
import { eventually } from '../../../infra/local/spawn.js';
import { type LocalStack, startLocalStack } from '../../../infra/local/stack.js';

// A promoted topic through the real HTTP server of the local stack: the override route accepts its id
// (an unknown id is still refused), and GET /v1/labels and `koe labels export` name it.
const KEY = `koe_promoted_${Date.now()}_0123456789abcdef`;
let stack: LocalStack;

const api = async <T>(path: string, body?: unknown) => {
  const res = await fetch(`${stack.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
};

/** Ingests a comment and waits until it is analyzed (so it is in the triage queue). */
const analyzedItem = async (text: string, externalId: string) => {
  const { body } = await api<{ id: string }>('/v1/feedback', { text, source: 'promoted-it', externalId });
  await eventually(
    async () =>
      (await api<{ status: string }>(`/v1/feedback/${body.id}`)).body.status === 'analyzed' ? true : undefined,
    30_000,
    `analysis of ${externalId}`,
  );
  return body.id;
};

type ErrorBody = { error: { issues: Array<{ path: string; message: string }> } };

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, env: { ...process.env, KOE_BOOTSTRAP_KEY: KEY } });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe('a promoted topic is a topic everywhere', () => {
  it('is accepted by an override, while an unknown id is still refused naming the field', async () => {
    // Prepare
    const id = await analyzedItem('The kickstand snapped on day two.', 'override-1');
    const before = await api<ErrorBody>(`/v1/feedback/${id}/override`, { topics: ['kickstand'], reason: 'kickstand' });
    await api('/v1/themes/promote', { theme: 'kickstand', id: 'kickstand', label: 'Kickstands' });
    // Act
    const after = await api<{ topics: string[] }>(`/v1/feedback/${id}/override`, {
      topics: ['kickstand'],
      reason: 'a kickstand fault',
    });
    const unknown = await api<ErrorBody>(`/v1/feedback/${id}/override`, {
      topics: ['kickstand', 'kikstand'],
      reason: 'typo',
    });
    // Assess
    expect(before.status).toBe(400);
    expect(after.status).toBe(200);
    expect(after.body.topics).toEqual(['kickstand']);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues).toEqual([{ path: 'topics.1', message: expect.stringContaining('kikstand') }]);
  });

  it('names a theme promoted after the override by its topic id in GET /v1/labels and koe labels export', async () => {
    // Prepare: an override set the discovered theme; then the theme is promoted
    const id = await analyzedItem('The seat recline lever broke off.', 'labels-1');
    const overridden = await api(`/v1/feedback/${id}/override`, {
      topics: ['emergent:recline lever', 'product_quality'],
      reason: 'the lever',
    });
    const promoted = await api('/v1/themes/promote', { theme: 'recline lever', id: 'recline_lever' });
    const out: string[] = [];
    // Act
    const labels = await api<{ items: Array<{ id: string; expected: { topics?: string[] } }> }>('/v1/labels');
    const code = await runLabels(['export'], {
      env: { KOE_URL: stack.url, KOE_API_KEY: KEY },
      out: (t) => out.push(t),
      err: () => undefined,
      fetch,
    });
    // Assess
    expect(overridden.status).toBe(200);
    expect(promoted.status).toBe(201);
    expect(labels.body.items.find((i) => i.id === id)?.expected.topics).toEqual(['recline_lever', 'product_quality']);
    expect(code).toBe(0);
    const exported = out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; expected: { topics?: string[] } });
    expect(exported.find((row) => row.id === id)?.expected.topics).toEqual(['recline_lever', 'product_quality']);
  });
});
