import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../../../functions/routes.js';
import { type ApiHandler, type HttpServer, startHttpServer } from '../../../infra/local/http-server.js';
import type { LocalLog } from '../../../infra/local/log.js';

// Handlers written here record what they were given, so the tests see the exact event and context.
const ROUTES: Route[] = [
  { method: 'POST', path: '/v1/things', fn: 'things', scope: 'ingest' },
  { method: 'GET', path: '/v1/things/{id}', fn: 'things', scope: 'read' },
  { method: 'DELETE', path: '/v1/things/{id}', fn: 'things', scope: 'admin' },
  { method: 'GET', path: '/v1/boom', fn: 'boom', scope: 'public' },
  { method: 'GET', path: '/v1/shaped', fn: 'shaped', scope: 'public' },
];

let server: HttpServer;
let staticDir: string;
const seen: Array<{ event: APIGatewayProxyEventV2; context: Context }> = [];
const logLines: Array<{ message: string; attributes?: Record<string, unknown> | undefined }> = [];
const log: LocalLog = {
  info: (message, attributes) => logLines.push({ message, attributes }),
  warn: (message, attributes) => logLines.push({ message, attributes }),
  error: (message, attributes) => logLines.push({ message, attributes }),
};
const SECRET = 'stack-secret-do-not-leak';

const things: ApiHandler = async (event, context) => {
  seen.push({ event, context });
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ok: true }) };
};

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'koe-static-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Koe</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("koe")');
  writeFileSync(join(staticDir, '..', `${staticDir.split('/').pop()}-outside.txt`), 'outside');
  server = await startHttpServer({
    port: 0,
    routes: ROUTES,
    handlers: {
      things,
      boom: async () => {
        throw new Error(SECRET);
      },
      shaped: async () => ({
        statusCode: 201,
        headers: { 'X-One': 'a' },
        cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
        body: Buffer.from([0, 1, 2, 255]).toString('base64'),
        isBase64Encoded: true,
      }),
    },
    staticDir,
    maxBodyBytes: 64 * 1024,
    log,
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(staticDir, { recursive: true, force: true });
  rmSync(`${staticDir}-outside.txt`, { force: true });
});

const last = () => seen[seen.length - 1]!;

/** A raw request, for what fetch will not send (repeated headers, paths with `..`). */
const raw = (path: string, headers: Record<string, string | string[]> = {}) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    // Options, not a URL string: a URL would normalize `..` away before it reached the server.
    const req = request({ hostname: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString('utf8');
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });

describe('local HTTP server: API Gateway v2 events', () => {
  it('builds a payload 2.0 event with the template routeKey, decoded path parameters and joined query values', async () => {
    // Prepare
    const url = `${server.url}/v1/things/a%20b%2Fc?tag=x&tag=y&q=caf%C3%A9&empty=`;
    // Act
    const res = await fetch(url, { headers: { 'X-Custom': 'Yes', cookie: 'k1=v1; k2=v2' } });
    const { event, context } = last();
    // Assess
    expect(res.status).toBe(200);
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('GET /v1/things/{id}');
    expect(event.rawPath).toBe('/v1/things/a%20b%2Fc');
    expect(event.rawQueryString).toBe('tag=x&tag=y&q=caf%C3%A9&empty=');
    expect(event.pathParameters).toEqual({ id: 'a b/c' });
    expect(event.queryStringParameters).toEqual({ tag: 'x,y', q: 'café', empty: '' });
    expect(event.headers['x-custom']).toBe('Yes');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['k1=v1', 'k2=v2']);
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext).toMatchObject({
      accountId: 'local',
      apiId: 'local',
      routeKey: 'GET /v1/things/{id}',
      stage: '$default',
      http: { method: 'GET', path: '/v1/things/a%20b%2Fc', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
    });
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(typeof event.requestContext.timeEpoch).toBe('number');
    expect(context.functionName).toBe('koe-things');
    expect(context.awsRequestId).toBe(event.requestContext.requestId);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(res.headers.get('apigw-requestid')).toBe(event.requestContext.requestId);
  });

  it('joins repeated request headers with commas, as API Gateway does', async () => {
    // Act
    await raw('/v1/things/1', { 'x-multi': ['one', 'two'] });
    // Assess
    expect(last().event.headers['x-multi']).toBe('one,two');
  });

  it('passes a JSON body as text and a binary body as base64', async () => {
    // Prepare
    const json = JSON.stringify({ text: 'こんにちは' });
    const bytes = Buffer.from([0, 159, 146, 150, 255]);
    // Act
    await fetch(`${server.url}/v1/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: json,
    });
    const textEvent = last().event;
    await fetch(`${server.url}/v1/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    const binaryEvent = last().event;
    // Assess
    expect(textEvent.routeKey).toBe('POST /v1/things');
    expect(textEvent.body).toBe(json);
    expect(textEvent.isBase64Encoded).toBe(false);
    expect(binaryEvent.isBase64Encoded).toBe(true);
    expect(Buffer.from(binaryEvent.body!, 'base64')).toEqual(bytes);
  });

  it('maps the structured result back: status, headers, cookies as set-cookie, base64 body', async () => {
    // Act
    const res = await fetch(`${server.url}/v1/shaped`);
    // Assess
    expect(res.status).toBe(201);
    expect(res.headers.get('x-one')).toBe('a');
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
  });
});

describe('local HTTP server: errors', () => {
  it('answers 404 JSON for a path no route has', async () => {
    // Act
    const res = await fetch(`${server.url}/v1/nothing`);
    // Assess
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route for GET /v1/nothing' } });
  });

  it('answers 405 with Allow when the path exists for other methods', async () => {
    // Act
    const res = await fetch(`${server.url}/v1/things/7`, { method: 'PUT' });
    // Assess
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('DELETE, GET');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers 413 over the body cap without calling the handler', async () => {
    // Prepare
    const before = seen.length;
    // Act
    const res = await fetch(`${server.url}/v1/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(64 * 1024 + 1),
    });
    // Assess
    expect(res.status).toBe(413);
    expect(seen.length).toBe(before);
  });

  it('turns a throwing handler into a 500 that leaks nothing, and logs no message', async () => {
    // Act
    const res = await fetch(`${server.url}/v1/boom`);
    const text = await res.text();
    // Assess
    expect(res.status).toBe(500);
    expect(JSON.parse(text).error).toMatchObject({ code: 'INTERNAL', message: 'internal error' });
    expect(text).not.toContain(SECRET);
    expect(JSON.stringify(logLines)).not.toContain(SECRET);
  });

  it('logs one line per request with method, route template, status and time, never the body', async () => {
    // Prepare
    const marker = 'body-marker-zebracorn';
    // Act
    await fetch(`${server.url}/v1/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ marker }),
    });
    // Assess
    const line = logLines.findLast((l) => l.message === 'request')!;
    expect(line.attributes).toMatchObject({ method: 'POST', route: '/v1/things', status: 200 });
    expect(typeof line.attributes?.ms).toBe('number');
    expect(JSON.stringify(logLines)).not.toContain(marker);
  });
});

describe('local HTTP server: static files', () => {
  it('serves files with their content type and falls back to index.html for app routes', async () => {
    // Act
    const js = await fetch(`${server.url}/assets/app.js`);
    const page = await fetch(`${server.url}/triage/queue`);
    const root = await fetch(`${server.url}/`);
    // Assess
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log("koe")');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>Koe</title>');
    expect(root.status).toBe(200);
  });

  it('answers 404 for a missing file and for API paths, never index.html', async () => {
    // Act
    const missing = await fetch(`${server.url}/assets/missing.js`);
    const api = await fetch(`${server.url}/v1/unknown`);
    // Assess
    expect(missing.status).toBe(404);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('does not serve files outside the static folder', async () => {
    // Prepare
    const outside = `${staticDir.split('/').pop()}-outside.txt`;
    // Act
    const plain = await raw(`/../${outside}`);
    const encoded = await raw(`/%2e%2e/${outside}`);
    // Assess
    expect(plain.body).not.toBe('outside');
    expect(encoded.body).not.toBe('outside');
    expect(encoded.status).toBe(404);
  });
});

describe('local HTTP server: close', () => {
  it('waits for a request in flight before it resolves', async () => {
    // Prepare
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = await startHttpServer({
      port: 0,
      routes: [{ method: 'GET', path: '/slow', fn: 'slow', scope: 'public' }],
      handlers: {
        slow: async () => {
          await gate;
          return { statusCode: 200, body: 'done' };
        },
      },
      log,
    });
    const pending = fetch(`${slow.url}/slow`);
    await new Promise((r) => setTimeout(r, 50));
    // Act
    let closed = false;
    const closing = slow.close().then(() => {
      closed = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    const closedBeforeRelease = closed;
    release();
    const res = await pending;
    await closing;
    // Assess
    expect(closedBeforeRelease).toBe(false);
    expect(await res.text()).toBe('done');
    expect(closed).toBe(true);
    await expect(fetch(`${slow.url}/slow`)).rejects.toThrow();
  });
});

describe('local HTTP server: authorization before the handler', () => {
  it('refuses without calling the handler, and hands an allowed principal to the handler', async () => {
    // Prepare
    const calls: APIGatewayProxyEventV2[] = [];
    const guarded = await startHttpServer({
      port: 0,
      routes: [{ method: 'GET', path: '/v1/secret', fn: 'secret', scope: 'read' }],
      handlers: {
        secret: async (event) => {
          calls.push(event);
          return { statusCode: 200, body: 'ok' };
        },
      },
      authorize: async (routeKey, headers) =>
        headers.authorization === 'Bearer good'
          ? { allowed: true, principal: { keyId: 'k1', name: 'tester', scopes: 'read', routeKey } }
          : { allowed: false, status: 401, message: 'Send an API key' },
      log,
    });
    // Act
    const refused = await fetch(`${guarded.url}/v1/secret`);
    const allowed = await fetch(`${guarded.url}/v1/secret`, { headers: { authorization: 'Bearer good' } });
    await guarded.close();
    // Assess
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    expect(allowed.status).toBe(200);
    expect(calls).toHaveLength(1);
    expect((calls[0]!.requestContext as { authorizer?: unknown }).authorizer).toEqual({
      lambda: { keyId: 'k1', name: 'tester', scopes: 'read', routeKey: 'GET /v1/secret' },
    });
  });
});

describe('local HTTP server: edges (issue 12 #8)', () => {
  /** Sends headers announcing `declared` bytes of body and `sent` bytes of it, then stalls; resolves the answer. */
  const stalledUpload = (port: number, headers: Record<string, string>, declared: number, sent: number) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          hostname: '127.0.0.1',
          port,
          path: '/v1/things',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(declared), ...headers },
        },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => {
            body += d.toString('utf8');
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('x'.repeat(sent)); // and never the rest
    });

  it('refuses a request without a key before reading its body', async () => {
    // Prepare
    const calls: APIGatewayProxyEventV2[] = [];
    const guarded = await startHttpServer({
      port: 0,
      routes: ROUTES,
      handlers: {
        things: async (event) => {
          calls.push(event);
          return { statusCode: 202 };
        },
        boom: things,
        shaped: things,
      },
      authorize: async () => ({ allowed: false, status: 401, message: 'Send an API key' }),
      log,
    });
    // Act: 5 MB announced, 10 bytes sent: an answer can only come before the body is read
    const answer = await stalledUpload(guarded.port, {}, 5 * 1024 * 1024, 10);
    await guarded.close();
    // Assess
    expect(answer.status).toBe(401);
    expect(calls).toHaveLength(0);
  });

  it('answers 408 and closes a keyed upload that stalls past the request timeout', async () => {
    // Prepare
    const timed = await startHttpServer({
      port: 0,
      routes: ROUTES,
      handlers: { things, boom: things, shaped: things },
      timeouts: { headersMs: 200, requestMs: 300 },
      log,
    });
    // Act
    const answer = await stalledUpload(timed.port, {}, 1000, 10);
    await timed.close();
    // Assess
    expect(answer.status).toBe(408);
  });

  it('holds at most maxConnections connections open', async () => {
    // Prepare
    const { connect } = await import('node:net');
    const small = await startHttpServer({
      port: 0,
      routes: ROUTES,
      handlers: { things, boom: things, shaped: things },
      maxConnections: 2,
      log,
    });
    const open = (): Promise<'open' | 'closed'> =>
      new Promise((resolve) => {
        const socket = connect(small.port, '127.0.0.1');
        socket.once('close', () => resolve('closed'));
        socket.once('connect', () => setTimeout(() => resolve(socket.destroyed ? 'closed' : 'open'), 150));
        sockets.push(socket);
      });
    const sockets: import('node:net').Socket[] = [];
    // Act
    const first = await open();
    const second = await open();
    const third = await open();
    const stats = small.stats();
    for (const s of sockets) s.destroy();
    await small.close();
    // Assess
    expect([first, second, third]).toEqual(['open', 'open', 'closed']);
    expect(stats.open).toBe(2);
  });
});
