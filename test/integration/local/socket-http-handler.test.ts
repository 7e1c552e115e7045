import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { dynamoClientForSocket } from '../../../infra/local/dynalite.js';
import { SocketHttpHandler } from '../../../infra/local/socket-http-handler.js';
import { createTestTable, testDynamoClient } from '../../support/dynamo.js';

const dir = mkdtempSync(join(tmpdir(), 'koe-socket-handler-'));
let socketNo = 0;
const servers: Array<Server | NetServer> = [];
const handlers: SocketHttpHandler[] = [];

afterEach(async () => {
  for (const handler of handlers.splice(0)) handler.destroy();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          (server as Server).closeAllConnections?.();
          server.close(() => resolve());
        }),
    ),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An HTTP server on a fresh Unix socket; resolves with the socket's path. */
const serve = async (onRequest: (req: IncomingMessage, res: ServerResponse, body: string) => void) => {
  const path = join(dir, `s${++socketNo}.sock`);
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => onRequest(req, res, body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return { path, server };
};

const handlerFor = (path: string, options?: ConstructorParameters<typeof SocketHttpHandler>[1]) => {
  const handler = new SocketHttpHandler(path, options);
  handlers.push(handler);
  return handler;
};

const request = (body: string, headers: Record<string, string> = {}) => ({
  protocol: 'http:',
  hostname: 'dynalite.local',
  method: 'POST',
  path: '/',
  query: {},
  headers: {
    host: 'dynalite.local',
    'content-type': 'application/x-amz-json-1.0',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  },
  body,
});

const text = (body: unknown) => Buffer.from(body as Uint8Array).toString('utf8');

describe('SocketHttpHandler', () => {
  it('sends the request as written and returns status, headers and the whole body, reusing one connection', async () => {
    // Prepare: a server that echoes, and answers a body large enough to arrive in several chunks.
    const seen: Array<{ method: string | undefined; url: string | undefined; type: string | undefined; body: string }> =
      [];
    const big = 'x'.repeat(300_000);
    const { path } = await serve((req, res, body) => {
      seen.push({ method: req.method, url: req.url, type: req.headers['content-type'], body });
      const answer = JSON.stringify({ echo: body, big });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
    });
    const handler = handlerFor(path);

    // Act
    const first = await handler.handle(request('{"a":"日本語"}') as never);
    const second = await handler.handle(request('{"b":2}') as never);

    // Assess
    expect(first.response.statusCode).toBe(200);
    expect(first.response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(text(first.response.body))).toEqual({ echo: '{"a":"日本語"}', big });
    expect(JSON.parse(text(second.response.body)).echo).toBe('{"b":2}');
    expect(seen.map((s) => [s.method, s.url, s.type])).toEqual([
      ['POST', '/', 'application/x-amz-json-1.0'],
      ['POST', '/', 'application/x-amz-json-1.0'],
    ]);
    expect((handler as unknown as { all: Set<unknown> }).all.size).toBe(1);
  });

  it("lets the process exit while its connections are idle (they are unref'd, as node:http's agent does)", async () => {
    // Prepare
    let inRequest: boolean | undefined;
    const { path } = await serve((_req, res) => {
      inRequest = refOf(handler);
      res.writeHead(200, { 'content-length': 2 });
      res.end('{}');
    });
    const handler = handlerFor(path);
    const refOf = (h: SocketHttpHandler) => {
      const [connection] = (h as unknown as { all: Set<{ socket: { _handle?: { hasRef(): boolean } } }> }).all;
      return connection?.socket._handle?.hasRef();
    };

    // Act
    await handler.handle(request('{}') as never);
    const idle = refOf(handler);
    await handler.handle(request('{}') as never);

    // Assess: held while a request is out, released when idle, held again on reuse.
    expect(inRequest).toBe(true);
    expect(idle).toBe(false);
    expect(refOf(handler)).toBe(false);
  });

  it('runs concurrent requests on separate connections, at most maxSockets, the rest waiting their turn', async () => {
    // Prepare
    let open = 0;
    let most = 0;
    const { path } = await serve((_req, res, body) => {
      open++;
      most = Math.max(most, open);
      setTimeout(() => {
        open--;
        res.writeHead(200, { 'content-length': Buffer.byteLength(body) });
        res.end(body);
      }, 20);
    });
    const handler = handlerFor(path, { maxSockets: 3 });

    // Act
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => handler.handle(request(`{"i":${i}}`) as never)),
    );

    // Assess
    expect(answers.map((a) => JSON.parse(text(a.response.body)).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(3);
  });

  it('fails a request whose connection the server drops with ECONNRESET, and the next one uses a new connection', async () => {
    // Prepare
    let calls = 0;
    const { path } = await serve((req, res) => {
      calls++;
      if (calls === 1) return req.socket.destroy();
      res.writeHead(200, { 'content-length': 2 });
      res.end('{}');
    });
    const handler = handlerFor(path);

    // Act
    const failed = await handler.handle(request('{}') as never).catch((error: unknown) => error);
    const next = await handler.handle(request('{}') as never);

    // Assess
    expect((failed as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    expect(next.response.statusCode).toBe(200);
  });

  it('reports a missing socket as a refused connection (the engine is not running)', async () => {
    // Prepare
    const handler = handlerFor(join(dir, 'nobody.sock'));

    // Act
    const error = await handler.handle(request('{}') as never).catch((e: unknown) => e);

    // Assess
    expect((error as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('fails a request not answered within its timeout with a TimeoutError', { timeout: 10_000 }, async () => {
    // Prepare: a server that reads and never answers.
    const { path } = await serve(() => {});
    const handler = handlerFor(path, { requestTimeoutMs: 200 });

    // Act
    const started = Date.now();
    const error = await handler.handle(request('{}') as never).catch((e: unknown) => e);

    // Assess
    expect((error as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it("reads a chunked answer (dynalite's 413) and one that ends at close, as well as Content-Length", async () => {
    // Prepare: a raw server answering the first request chunked (in pieces), the second until it closes.
    const path = join(dir, `s${++socketNo}.sock`);
    let n = 0;
    const raw = createNetServer((socket) =>
      socket.on('data', () => {
        n++;
        if (n === 1) {
          socket.write('HTTP/1.1 413 Request Entity Too Large\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"a":');
          setTimeout(() => socket.write('\r\n2\r\n1}\r\n0\r\n\r\n'), 10);
        } else socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n{"b":2}');
      }),
    );
    servers.push(raw);
    await new Promise<void>((resolve) => raw.listen(path, resolve));
    const handler = handlerFor(path);

    // Act
    const chunked = await handler.handle(request('{}') as never);
    const untilClose = await handler.handle(request('{}') as never);

    // Assess
    expect([chunked.response.statusCode, text(chunked.response.body)]).toEqual([413, '{"a":1}']);
    expect([untilClose.response.statusCode, text(untilClose.response.body)]).toEqual([400, '{"b":2}']);
  });

  it('drops a connection whose answer it cannot read (no HTTP status line) with ECONNRESET', async () => {
    // Prepare
    const path = join(dir, `s${++socketNo}.sock`);
    const raw = createNetServer((socket) => socket.once('data', () => socket.write('SSH-2.0-nope\r\n\r\n')));
    servers.push(raw);
    await new Promise<void>((resolve) => raw.listen(path, resolve));
    const handler = handlerFor(path);

    // Act
    const error = await handler.handle(request('{}') as never).catch((e: unknown) => e);

    // Assess
    expect((error as NodeJS.ErrnoException).code).toBe('ECONNRESET');
  });

  it('closes a connection the server marks Connection: close, and an idle one older than idleMs', async () => {
    // Prepare
    let calls = 0;
    const { path } = await serve((_req, res) => {
      calls++;
      res.writeHead(200, { 'content-length': 2, ...(calls === 1 ? { connection: 'close' } : {}) });
      res.end('{}');
    });
    const handler = handlerFor(path, { idleMs: 50 });
    const connections = () => (handler as unknown as { all: Set<unknown> }).all.size;

    // Act
    await handler.handle(request('{}') as never);
    const afterClose = connections();
    await handler.handle(request('{}') as never);
    const afterKeepAlive = connections();
    await new Promise((r) => setTimeout(r, 80));
    await handler.handle(request('{}') as never);

    // Assess
    expect(afterClose).toBe(0);
    expect(afterKeepAlive).toBe(1);
    expect(connections()).toBe(1);
    expect(calls).toBe(3);
  });
});

describe('the DynamoDB client on SocketHttpHandler against the engine', () => {
  it('puts, reads and refuses a failed condition as the SDK does over node:http', async () => {
    // Prepare
    const { client, tableName } = await createTestTable('koe-socket');
    const Key = { pk: { S: 'FB#socket' }, sk: { S: 'ITEM' } };

    // Act
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { ...Key, text: { S: '配送が遅い' }, revision: { N: '1' } },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    const again = await client
      .send(
        new PutItemCommand({
          TableName: tableName,
          Item: { ...Key, revision: { N: '2' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((error: unknown) => error);
    const updates = await Promise.all(
      Array.from({ length: 20 }, () =>
        client
          .send(
            new UpdateItemCommand({
              TableName: tableName,
              Key,
              UpdateExpression: 'SET revision = :next',
              ConditionExpression: 'revision = :one',
              ExpressionAttributeValues: { ':next': { N: '2' }, ':one': { N: '1' } },
            }),
          )
          .then(
            () => 'won',
            (error: unknown) => (error instanceof ConditionalCheckFailedException ? 'lost' : String(error)),
          ),
      ),
    );
    const read = await client.send(new GetItemCommand({ TableName: tableName, Key, ConsistentRead: true }));

    // Assess
    expect(again).toBeInstanceOf(ConditionalCheckFailedException);
    expect((again as ConditionalCheckFailedException).$metadata.httpStatusCode).toBe(400);
    expect(updates.filter((u) => u === 'won')).toHaveLength(1);
    expect(updates.filter((u) => u === 'lost')).toHaveLength(19);
    expect(read.Item).toEqual({ ...Key, text: { S: '配送が遅い' }, revision: { N: '2' } });
    client.destroy();
  });

  it('is what the engine client uses, and its middleware-cached variant answers the same', async () => {
    // Prepare
    const plain = testDynamoClient();
    const { tableName } = await createTestTable('koe-socket-cache');
    const cached = dynamoClientForSocket(inject('dynamoSocket'), { cacheMiddleware: true });

    // Act
    await cached.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: 'a' }, sk: { S: 'ITEM' } } }));
    const read = await plain.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'a' }, sk: { S: 'ITEM' } }, ConsistentRead: true }),
    );

    // Assess
    expect(plain.config.requestHandler).toBeInstanceOf(SocketHttpHandler);
    expect(read.Item?.pk).toEqual({ S: 'a' });
    plain.destroy();
    cached.destroy();
  });
});
