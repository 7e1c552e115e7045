import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes.js';
import { eventually } from '../../infra/local/spawn.js';
import { type LocalStack, startLocalStack } from '../../infra/local/stack.js';
import { badAuthorization, contentType, FULL, hostileBody, hostileQuery, hostileSegment } from './arbitraries.js';

// Every route of functions/routes.ts — so routes added later are fuzzed too — through the real local
// HTTP server, with the admin key and without one. No 500, no crash, no hang (a 10 s timeout fails the case).
const KEY = `koe_fuzz_${randomBytes(24).toString('base64url')}`;
const RUNS_WITH_KEY = FULL ? 600 : 50;
const RUNS_WITHOUT_KEY = FULL ? 100 : 15;
const TIMEOUT_MS = 10_000;
/** Per test: the full run of a slow route (metrics, roll-ups) takes minutes on two busy cores. */
const TEST_TIMEOUT = FULL ? 900_000 : 120_000;
let stack: LocalStack;
const realIds: string[] = [];
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const stats = { requests: 0, slowestMs: 0, statuses: new Map<number, number>() };

interface Answer {
  status: number;
  contentType: string;
  body: string;
  ms: number;
}

const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
  new Promise<Answer>((resolve, reject) => {
    const started = performance.now();
    const { hostname, port } = new URL(stack.url);
    // A body always goes with its length: Node's client sends a GET/DELETE body raw, without chunking, and the
    // server would read it as the next request on the connection.
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const req = request({ host: hostname, port, method, path, agent, headers, timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const ms = performance.now() - started;
        stats.requests++;
        stats.slowestMs = Math.max(stats.slowestMs, ms);
        stats.statuses.set(res.statusCode ?? 0, (stats.statuses.get(res.statusCode ?? 0) ?? 0) + 1);
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
          ms,
        });
      });
      res.on('error', reject);
    });
    req.on('timeout', () =>
      req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms: ${method} ${path.slice(0, 200)}`)),
    );
    req.on('error', reject);
    req.end(body);
  });

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, env: { ...process.env, KOE_BOOTSTRAP_KEY: KEY } });
  // Real ids, so item routes reach their handlers' validation and not only the 404.
  const res = await fetch(`${stack.url}/v1/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({
      items: [
        { text: 'The charger caught fire. Refund me now.', source: 'fuzz-seed', externalId: 's1', channel: 'email' },
        { text: '配送が遅すぎます。', source: 'fuzz-seed', externalId: 's2', channel: 'chat' },
      ],
    }),
  });
  const { items } = (await res.json()) as { items: Array<{ id: string }> };
  realIds.push(...items.map((i) => i.id));
  await eventually(async () => {
    const item = await fetch(`${stack.url}/v1/feedback/${realIds[0]}`, { headers: { authorization: `Bearer ${KEY}` } });
    return ((await item.json()) as { status: string }).status === 'analyzed' ? true : undefined;
  });
});

afterAll(async () => {
  agent.destroy();
  await stack?.stop();
  if (FULL) {
    const statuses = [...stats.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    console.log(
      `route fuzz: ${stats.requests} requests, slowest ${stats.slowestMs.toFixed(0)} ms, statuses ${statuses.join(' ')}`,
    );
  }
});

const pathFor = (template: string, segment: fc.Arbitrary<string>) =>
  fc.tuple(fc.array(segment, { minLength: 2, maxLength: 2 }), hostileQuery()).map(([[a, b], query]) => {
    let i = 0;
    const path = template.replace(/\{[^}]+\}/g, () => (i++ === 0 ? a! : b!));
    return query ? `${path}?${query}` : path;
  });

/** fc.assert, but the report names the seed and a truncated counterexample (they can be megabytes long). */
const holds = async <T extends unknown[]>(property: fc.IAsyncPropertyWithHooks<T>, numRuns: number) => {
  const result = await fc.check(property, { numRuns, endOnFailure: true });
  if (!result.failed) return;
  const example = JSON.stringify(result.counterexample)?.slice(0, 600);
  const cause = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
  throw new Error(
    `failed after ${result.numRuns} runs (seed ${result.seed}, path "${result.counterexamplePath}"): ${cause.slice(0, 600)}\ncounterexample: ${example}`,
  );
};

const isApiJson = (answer: Answer) => {
  if (!answer.contentType.startsWith('application/json')) return false;
  try {
    JSON.parse(answer.body);
    return true;
  } catch {
    return false;
  }
};

describe('fuzzing every route in functions/routes.ts', () => {
  it('covers every route of the table', () => {
    expect(ROUTES.length).toBeGreaterThanOrEqual(18);
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.path}: hostile requests with the admin key never get a 5xx`, {
      timeout: TEST_TIMEOUT,
    }, async () => {
      await holds(
        fc.asyncProperty(
          pathFor(route.path, hostileSegment(realIds)),
          hostileBody(),
          contentType(),
          async (path, body, type) => {
            const headers: Record<string, string> = { authorization: `Bearer ${KEY}` };
            if (type) headers['content-type'] = type;
            const answer = await send(route.method, path, headers, route.method === 'GET' ? undefined : body);
            expect(answer.status, `${answer.status} ${answer.body.slice(0, 300)}`).toBeLessThan(500);
            expect(answer.status).toBeGreaterThanOrEqual(200);
            if (answer.status !== 204) expect(isApiJson(answer), answer.body.slice(0, 200)).toBe(true);
          },
        ),
        RUNS_WITH_KEY,
      );
    });

    it(`${route.method} ${route.path}: without a valid key, ${route.scope === 'public' ? 'never a 5xx' : 'always 401'}`, {
      timeout: TEST_TIMEOUT,
    }, async () => {
      await holds(
        fc.asyncProperty(
          pathFor(route.path, hostileSegment(realIds)),
          hostileBody(),
          badAuthorization(),
          async (path, body, authorization) => {
            const headers: Record<string, string> = { 'content-type': 'application/json' };
            if (authorization !== undefined) headers.authorization = authorization;
            const answer = await send(route.method, path, headers, route.method === 'GET' ? undefined : body);
            if (route.scope === 'public') expect(answer.status).toBeLessThan(500);
            else expect(answer.status, answer.body.slice(0, 200)).toBe(401);
          },
        ),
        RUNS_WITHOUT_KEY,
      );
    });
  }

  it('is still up and healthy after all of it', async () => {
    const answer = await send('GET', '/health', {});
    expect(answer.status).toBe(200);
  });
});
