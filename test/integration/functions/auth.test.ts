import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as keysCli } from '../../../cli/commands/keys.js';
import { run as labelsCli } from '../../../cli/commands/labels.js';
import type { CliIo } from '../../../cli/lib/api.js';
import { makeHandler as makeAuthorizer } from '../../../functions/authorizer/handler.js';
import { eventually } from '../../../infra/local/spawn.js';
import { type LocalStack, startLocalStack } from '../../../infra/local/stack.js';
import { generateKey } from '../../../shared/access/keys.js';
import { DynamoKeyStore } from '../../../shared/adapters/dynamo/key-store.js';
import { lambdaContext } from '../../support/api-event.js';
import { createTestTable } from '../../support/dynamo.js';

// The local stack in process: the HTTP server runs the same authorize function as the Lambda authorizer.
const BOOTSTRAP = `koe_boot_${randomBytes(24).toString('base64url')}`;
let stack: LocalStack;
const keys: Record<string, { id: string; key: string }> = {};

const api = async (path: string, key?: string, init: RequestInit = {}) => {
  const res = await fetch(`${stack.url}${path}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
};

const createKey = async (name: string, scopes: string) => {
  const res = await api('/v1/keys', BOOTSTRAP, { method: 'POST', body: JSON.stringify({ name, scopes }) });
  expect(res.status).toBe(201);
  keys[name] = { id: res.body.id, key: res.body.key };
};

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, env: { ...process.env, KOE_BOOTSTRAP_KEY: BOOTSTRAP } });
  await createKey('feeder', 'ingest');
  await createKey('viewer', 'read');
  await createKey('manager', 'read,triage');
});

afterAll(async () => {
  await stack?.stop();
});

const errorWithoutRequestId = (body: { error: Record<string, unknown> }) => {
  const { requestId: _requestId, ...rest } = body.error;
  return rest;
};

describe('API keys over HTTP', () => {
  it('leaves /health public and refuses everything else without a key (401)', async () => {
    const health = await api('/health');
    const queue = await api('/v1/queue');
    expect(health.status).toBe(200);
    expect(queue.status).toBe(401);
    expect(queue.body.error.code).toBe('UNAUTHORIZED');
    expect(queue.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers 401 for an unknown key', async () => {
    const res = await api('/v1/queue', `koe_${randomBytes(32).toString('base64url')}`);
    expect(res.status).toBe(401);
  });

  it('shows a new key once and lists keys without secrets', async () => {
    const list = await api('/v1/keys', BOOTSTRAP);
    expect(list.status).toBe(200);
    const viewer = list.body.items.find((k: { id: string }) => k.id === keys.viewer?.id);
    expect(viewer).toMatchObject({ name: 'viewer', scopes: ['read'] });
    expect(JSON.stringify(list.body)).not.toContain(keys.viewer?.key);
    expect(JSON.stringify(list.body)).not.toMatch(/"hash"/);
  });

  it('gives an ingest-only key 403 on an item whether or not the id exists (no existence oracle)', async () => {
    // Prepare
    const posted = await api('/v1/feedback', keys.feeder?.key, {
      method: 'POST',
      body: JSON.stringify({ text: 'The app logs me out every hour.', source: 'auth-test' }),
    });
    // Act
    const existing = await api(`/v1/feedback/${posted.body.id}`, keys.feeder?.key);
    const missing = await api('/v1/feedback/fb_doesnotexist', keys.feeder?.key);
    // Assess
    expect(posted.status).toBe(202);
    expect(existing.status).toBe(403);
    expect(missing.status).toBe(403);
    expect(errorWithoutRequestId(existing.body)).toEqual(errorWithoutRequestId(missing.body));
  });

  it('gives a read key 200 and 404 on items, and 403 on triage actions and key admin', async () => {
    const missing = await api('/v1/feedback/fb_doesnotexist', keys.viewer?.key);
    const claim = await api('/v1/feedback/fb_doesnotexist/claim', keys.viewer?.key, { method: 'POST' });
    const create = await api('/v1/keys', keys.viewer?.key, {
      method: 'POST',
      body: JSON.stringify({ name: 'x', scopes: 'admin' }),
    });
    expect(missing.status).toBe(404);
    expect(claim.status).toBe(403);
    expect(claim.body.error.message).toContain("'triage' scope");
    expect(create.status).toBe(403);
  });

  it("records the key's name as the actor of a triage action", async () => {
    // Prepare
    const posted = await api('/v1/feedback', BOOTSTRAP, {
      method: 'POST',
      body: JSON.stringify({ text: 'Still waiting for my refund.', source: 'auth-test' }),
    });
    // Issue 12: only an item in the triage queue (analyzed) can be acted on; before that it is a 404.
    await eventually(
      async () =>
        (await api(`/v1/feedback/${posted.body.id}`, BOOTSTRAP)).body?.status === 'analyzed' ? true : undefined,
      30_000,
      'analysis of the posted comment',
    );
    // Act
    const claim = await api(`/v1/feedback/${posted.body.id}/claim`, keys.manager?.key, { method: 'POST' });
    const item = await api(`/v1/feedback/${posted.body.id}`, keys.manager?.key);
    // Assess: the action answers only the triage state; the item read with `read` shows the history.
    expect(claim.status).toBe(200);
    expect(claim.body).toMatchObject({ action: 'claim', changed: true, assignee: 'manager' });
    expect(item.body.history[0]).toMatchObject({ actor: 'manager', keyId: keys.manager?.id, action: 'claim' });
  });

  it('refuses a revoked key with 401 from the next request on', async () => {
    // Prepare: a key of its own (the other tests keep theirs)
    await createKey('leaver', 'read');
    const before = await api('/v1/queue', keys.leaver?.key);
    // Act
    const revoked = await api(`/v1/keys/${keys.leaver?.id}`, BOOTSTRAP, { method: 'DELETE' });
    const after = await api('/v1/queue', keys.leaver?.key);
    // Assess
    expect(before.status).toBe(200);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBeTruthy();
    expect(after.status).toBe(401);
  });

  it('answers 404 when revoking a key that does not exist', async () => {
    const res = await api('/v1/keys/key_0000000000000000', BOOTSTRAP, { method: 'DELETE' });
    expect(res.status).toBe(404);
  });
});

/** The CLI's terminal, captured; the network is real. */
const cliIo = (apiKey: string) => {
  const io = { out: '', err: '' };
  const value: CliIo = {
    env: { KOE_API_KEY: apiKey, KOE_URL: stack.url },
    out: (t) => {
      io.out += t;
    },
    err: (t) => {
      io.err += t;
    },
    fetch: globalThis.fetch,
  };
  return Object.assign(io, { io: value });
};

describe('a local stack started without KOE_BOOTSTRAP_KEY', () => {
  it('generates an admin key for the run instead of locking everyone out', async () => {
    // Prepare
    const { KOE_BOOTSTRAP_KEY: _unset, ...env } = process.env;
    const bare = await startLocalStack({ port: 0, env });
    try {
      // Act
      const withKey = await fetch(`${bare.url}/v1/keys`, { headers: { authorization: `Bearer ${bare.bootstrapKey}` } });
      const without = await fetch(`${bare.url}/v1/keys`);
      // Assess
      expect(bare.bootstrapKeyGenerated).toBe(true);
      expect(bare.bootstrapKey).toMatch(/^koe_/);
      expect(withKey.status).toBe(200);
      expect(without.status).toBe(401);
    } finally {
      await bare.stop();
    }
  });
});

describe('koe keys and koe labels against the running stack', () => {
  it('creates a key that works at once, lists it, and revokes it', async () => {
    // Act
    const create = cliIo(BOOTSTRAP);
    const created = await keysCli(['create', '--name', 'cli-made', '--scopes', 'read'], create.io);
    const key = create.out.trim();
    const works = await api('/v1/queue', key);
    const list = cliIo(BOOTSTRAP);
    await keysCli(['list'], list.io);
    const id =
      list.out
        .split('\n')
        .find((l) => l.includes('cli-made'))
        ?.split(/\s+/)[0] ?? '';
    const revoke = cliIo(BOOTSTRAP);
    const revoked = await keysCli(['revoke', id], revoke.io);
    const refused = await api('/v1/queue', key);
    // Assess
    expect(created).toBe(0);
    expect(key).toMatch(/^koe_/);
    expect(create.err).toContain('not shown again');
    expect(works.status).toBe(200);
    expect(list.out).toMatch(/cli-made\s+read\s+/);
    expect(revoked).toBe(0);
    expect(refused.status).toBe(401);
  });

  it('tells a caller without the admin scope what is missing', async () => {
    const denied = cliIo(keys.feeder?.key ?? '');
    const code = await keysCli(['list'], denied.io);
    expect(code).toBe(1);
    expect(denied.err).toMatch(/403.*admin scope/);
  });

  it('exports overrides as JSON Lines in the shape koe analyze reads, plus expected labels', async () => {
    // Prepare: an analyzed item, overridden by the manager.
    const posted = await api('/v1/feedback', BOOTSTRAP, {
      method: 'POST',
      body: JSON.stringify({
        text: 'The parcel arrived broken and support ignores me.',
        source: 'labels',
        ratings: { nps: 1 },
      }),
    });
    const id = posted.body.id as string;
    await eventually(async () =>
      (await api(`/v1/feedback/${id}`, BOOTSTRAP)).body.status === 'analyzed' ? true : undefined,
    );
    const override = await api(`/v1/feedback/${id}/override`, keys.manager?.key, {
      method: 'POST',
      body: JSON.stringify({ level: 'high', topics: ['delivery'], sentiment: 'negative', reason: 'damaged goods' }),
    });
    const dir = await mkdtemp(join(tmpdir(), 'koe-labels-'));
    const out = join(dir, 'labels.jsonl');
    // Act
    const run = cliIo(keys.manager?.key ?? '');
    const code = await labelsCli(['export', '--out', out], run.io);
    const lines = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    await rm(dir, { recursive: true, force: true });
    // Assess
    expect(override.status).toBe(200);
    expect(code).toBe(0);
    expect(lines.find((l) => l.id === id)).toMatchObject({
      id,
      text: 'The parcel arrived broken and support ignores me.',
      ratings: { nps: 1 },
      expected: { urgency: 'high', sentiment: 'negative', topics: ['delivery'] },
      reason: 'damaged goods',
      labelledBy: 'manager',
    });
  });
});

describe('Lambda authorizer', () => {
  const event = (routeKey: string, authorization?: string): APIGatewayRequestAuthorizerEventV2 =>
    ({
      version: '2.0',
      type: 'REQUEST',
      routeArn: `arn:aws:execute-api:local:000000000000:api/$default/${routeKey.replace(' ', '')}`,
      identitySource: authorization ? [authorization, routeKey] : [routeKey],
      routeKey,
      rawPath: '/',
      rawQueryString: '',
      headers: authorization ? { authorization } : {},
      requestContext: {} as APIGatewayRequestAuthorizerEventV2['requestContext'],
    }) as APIGatewayRequestAuthorizerEventV2;

  it('denies a bad key and a missing scope without throwing (no alarm for a stranger) and passes the principal on', async () => {
    // Prepare
    const { client, tableName } = await createTestTable();
    const store = new DynamoKeyStore(client, tableName);
    const authorizer = makeAuthorizer({ keys: store });
    const record = { id: '', name: 'reader', scopes: ['read' as const], hash: '', createdAt: '2026-11-22T00:00:00Z' };
    const generated = generateKey();
    await store.create({ ...record, id: generated.id, hash: generated.hash });
    // Act
    const noKey = await authorizer(event('GET /v1/queue'), lambdaContext('koe-authorizer'));
    const wrongKey = await authorizer(
      event('GET /v1/queue', 'Bearer koe_not-a-real-key-at-all'),
      lambdaContext('koe-authorizer'),
    );
    const wrongScope = await authorizer(
      event('POST /v1/feedback', `Bearer ${generated.key}`),
      lambdaContext('koe-authorizer'),
    );
    const allowed = await authorizer(
      event('GET /v1/queue', `Bearer ${generated.key}`),
      lambdaContext('koe-authorizer'),
    );
    const health = await authorizer(event('GET /health'), lambdaContext('koe-authorizer'));
    // Assess
    expect(noKey).toEqual({ isAuthorized: false, context: {} });
    expect(wrongKey).toEqual({ isAuthorized: false, context: {} });
    expect(wrongScope).toEqual({ isAuthorized: false, context: {} });
    expect(allowed).toEqual({
      isAuthorized: true,
      context: { keyId: generated.id, name: 'reader', scopes: 'read' },
    });
    expect(health.isAuthorized).toBe(true);
  });
});
