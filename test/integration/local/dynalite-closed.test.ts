import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynaliteEngine, startDynalite } from '../../../infra/local/dynalite.js';
import { ensureTable } from '../../../shared/adapters/dynamo/table.js';

// Issue 12 #1: anyone on the machine could PutItem an admin key into dynalite's open loopback port, and a
// web page could too (CORS `*`). The engine now listens only on a 0600 Unix socket and answers no browser.
let engine: DynaliteEngine;
beforeAll(async () => {
  engine = await startDynalite();
});
afterAll(async () => engine?.stop());

const putAdminKey = JSON.stringify({
  TableName: 'koe',
  Item: { pk: { S: 'KEY#evil' }, sk: { S: 'KEY' }, scopes: { SS: ['admin'] } },
});
const signedHeaders = {
  'content-type': 'application/x-amz-json-1.0',
  'x-amz-target': 'DynamoDB_20120810.PutItem',
  'x-amz-date': '20260101T000000Z',
  authorization: 'AWS4-HMAC-SHA256 Credential=a/20260101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=x',
};

/** One raw HTTP request over the engine's socket. */
const raw = (method: string, headers: Record<string, string>, body = '') =>
  new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ socketPath: engine.socketPath, path: '/', method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });

/** Inodes of the TCP sockets a process listens on (Linux /proc). */
const listeningTcpSockets = (pid: number) => {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`)
      .map((fd) => {
        try {
          return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        } catch {
          return undefined;
        }
      })
      .filter(Boolean),
  );
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
    readFileSync(table, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[3] === '0A' && inodes.has(cols[9])),
  );
};

describe('the embedded database is reachable only by Koe', () => {
  it('listens on a Unix socket only its owner can open, and on no TCP port', () => {
    // Act
    const mode = statSync(engine.socketPath).mode & 0o777;
    // Assess
    expect(statSync(engine.socketPath).isSocket()).toBe(true);
    expect(mode).toBe(0o600);
    expect(listeningTcpSockets(engine.pid)).toEqual([]);
  });

  it.runIf(process.getuid?.() === 0)("refuses another user's PutItem", () => {
    // Prepare: the same raw PutItem a local attacker would send, from the unprivileged user `nobody`
    const script = `const r=require('node:http').request({socketPath:${JSON.stringify(engine.socketPath)},method:'POST',headers:${JSON.stringify(signedHeaders)}},(res)=>{console.log('status',res.statusCode)});r.on('error',(e)=>console.log('error',e.code));r.end(${JSON.stringify(putAdminKey)});`;
    // Act
    const run = spawnSync(process.execPath, ['-e', script], { uid: 65534, gid: 65534, encoding: 'utf8' });
    // Assess
    expect(run.stdout.trim()).toMatch(/^error (EACCES|ENOENT)$/);
  });

  it('answers no CORS preflight and no request that comes from a web page', async () => {
    // Prepare
    const client = engine.client();
    await ensureTable(client, 'koe');
    const origin = { origin: 'http://evil.example' };
    // Act
    const preflight = await raw('OPTIONS', {
      ...origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-amz-target,authorization',
    });
    const fromPage = await raw('POST', { ...signedHeaders, ...origin }, putAdminKey);
    const stored = await client.send(
      new GetItemCommand({ TableName: 'koe', Key: { pk: { S: 'KEY#evil' }, sk: { S: 'KEY' } } }),
    );
    // Assess
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(fromPage.status).toBe(403);
    expect(fromPage.headers['access-control-allow-origin']).toBeUndefined();
    expect(stored.Item).toBeUndefined();
    client.destroy();
  });
});
