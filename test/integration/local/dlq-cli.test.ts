import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDlq } from '../../../cli/commands/dlq.js';
import type { CliIo } from '../../../cli/lib/api.js';
import { makeHandler as makeAdminHandler } from '../../../functions/admin/handler.js';
import { ROUTES } from '../../../functions/routes.js';
import { type HttpServer, startHttpServer } from '../../../infra/local/http-server.js';
import type { LocalLog } from '../../../infra/local/log.js';
import { InProcessQueue } from '../../../infra/local/queue.js';

// The real chain: koe dlq → HTTP → local server → admin handler → in-process queue.
const quiet: LocalLog = { info: () => {}, warn: () => {}, error: () => {} };
let server: HttpServer;
let queue: InProcessQueue;
let healthy = false;
let delivered: string[] = [];

const io = (env: NodeJS.ProcessEnv = {}) => {
  const out: string[] = [];
  const err: string[] = [];
  const requests: Array<{
    url: string;
    method: string;
    authorization?: string | undefined;
    body?: string | undefined;
  }> = [];
  const value: CliIo = {
    env: { KOE_URL: server.url, ...env },
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    fetch: async (input, init) => {
      const headers = new Headers(init?.headers);
      requests.push({
        url: String(input),
        method: init?.method ?? 'GET',
        authorization: headers.get('authorization') ?? undefined,
        body: init?.body as string | undefined,
      });
      return fetch(input, init);
    },
  };
  return { io: value, out: () => out.join(''), err: () => err.join(''), requests };
};

// A fresh queue with three dead letters and a fresh server for each test, so tests stand alone in any order.
beforeEach(async () => {
  healthy = false;
  delivered = [];
  queue = new InProcessQueue({
    name: 'cli-q',
    maxReceiveCount: 1,
    maxBatchingWindowMs: 1,
    backoff: { baseMs: 1, maxMs: 1 },
    log: quiet,
  });
  queue.start(async (event) => {
    if (!healthy) throw new Error('analyzer offline');
    for (const r of event.Records) delivered.push(r.body);
  });
  await queue.send([
    { id: 'fb-1', revision: 1 },
    { id: 'fb-2', revision: 1 },
    { id: 'fb-3', revision: 2 },
  ]);
  await queue.idle();
  server = await startHttpServer({
    port: 0,
    routes: ROUTES.filter((r) => r.fn === 'admin'),
    handlers: { admin: makeAdminHandler({ deadLetters: queue }) },
    log: quiet,
  });
});

afterEach(async () => {
  await server?.close();
  await queue?.drain();
});

describe('koe dlq', () => {
  it('lists dead letters as a table, with the item id, attempts and last error', async () => {
    // Prepare
    const run = io();
    // Act
    const code = await runDlq(['list'], run.io);
    // Assess
    expect(code).toBe(0);
    expect(run.out()).toMatch(/HANDLE\s+MESSAGE\s+ATTEMPTS\s+FIRST FAILED\s+LAST ERROR/);
    expect(run.out()).toContain('fb-3 rev 2');
    expect(run.out()).toContain('Error: analyzer offline');
    expect(run.out()).toContain('3 dead letter(s)');
  });

  it('lists as JSON with a limit, and sends KOE_API_KEY as a bearer token', async () => {
    // Prepare
    const run = io({ KOE_API_KEY: 'k-123' });
    // Act
    const code = await runDlq(['list', '--limit', '2', '--json'], run.io);
    // Assess
    expect(code).toBe(0);
    const items = JSON.parse(run.out()) as Array<{ handle: string; attempts: number }>;
    expect(items).toHaveLength(2);
    expect(items[0]!.attempts).toBe(1);
    expect(run.requests[0]).toMatchObject({ method: 'GET', authorization: 'Bearer k-123' });
    expect(run.requests[0]!.url).toMatch(/\/v1\/dlq\?limit=2$/);
  });

  it('replays the given handles, then --all', async () => {
    // Prepare
    healthy = true;
    const listing = io();
    await runDlq(['list', '--json'], listing.io);
    const [first] = JSON.parse(listing.out()) as Array<{ handle: string }>;
    const one = io();
    const all = io();
    // Act
    const codeOne = await runDlq(['replay', first!.handle, 'no-such-handle'], one.io);
    await queue.idle();
    const codeAll = await runDlq(['replay', '--all'], all.io);
    await queue.idle();
    // Assess
    expect(codeOne).toBe(0);
    expect(one.out()).toBe('replayed 1 message(s)\n');
    expect(one.err()).toContain('1 handle(s) were not dead letters');
    expect(one.requests[0]).toMatchObject({
      method: 'POST',
      body: JSON.stringify({ handles: [first!.handle, 'no-such-handle'] }),
    });
    expect(codeAll).toBe(0);
    expect(all.out()).toBe('replayed 2 message(s)\n');
    expect(all.requests[0]!.body).toBe('{}');
    expect(delivered).toHaveLength(3);
    expect(queue.stats().deadLetters).toBe(0);
  });

  it('says clearly when the stack is not running', async () => {
    // Prepare: a port that was just free
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    const run = io({ KOE_URL: `http://127.0.0.1:${port}` });
    // Act
    const code = await runDlq(['list'], run.io);
    // Assess
    expect(code).toBe(1);
    expect(run.err()).toContain(`cannot reach Koe at http://127.0.0.1:${port}`);
    expect(run.err()).toContain('npm start');
  });

  it('prefers --url over KOE_URL', async () => {
    // Prepare
    const run = io({ KOE_URL: 'http://127.0.0.1:9' });
    // Act
    const code = await runDlq(['list', '--url', server.url], run.io);
    // Assess
    expect(code).toBe(0);
    expect(run.requests[0]!.url.startsWith(server.url)).toBe(true);
  });

  it.each([
    [['replay'], /nothing to replay/],
    [['replay', 'h1', '--all'], /not both/],
    [['list', '--limit', 'zero'], /--limit must be a positive integer/],
    [['list', '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown subcommand 'frobnicate'/],
  ])('exits 2 with usage for %j', async (args, message) => {
    // Prepare
    const run = io();
    // Act
    const code = await runDlq(args, run.io);
    // Assess
    expect(code).toBe(2);
    expect(run.err()).toMatch(message);
    expect(run.err()).toContain('usage:');
    expect(run.requests).toHaveLength(0);
  });
});
