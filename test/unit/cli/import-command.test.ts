import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile, parseOptions, runImport } from '../../../cli/commands/import.js';
import type { CliIo } from '../../../cli/lib/api.js';

type Reply = (items: unknown[]) => { status: number; body: unknown };

/** A CLI I/O whose fetch answers POST /v1/feedback with `reply`, recording the batch sizes it saw. */
const fakeApi = (reply: Reply) => {
  const batches: number[] = [];
  const err: string[] = [];
  const io: CliIo = {
    env: { KOE_URL: 'http://koe.test' },
    out: () => {},
    err: (t) => err.push(t),
    fetch: async (_url, init) => {
      const { items } = JSON.parse(String(init?.body)) as { items: unknown[] };
      batches.push(items.length);
      const { status, body } = reply(items);
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    },
  };
  return { io, batches, err };
};

const queued = (items: unknown[]) => ({ status: 202, body: { items: items.map(() => ({ status: 'queued' })) } });

const csvFile = async (rows: number) => {
  const dir = await mkdtemp(join(tmpdir(), 'koe-import-cmd-'));
  const path = join(dir, 'rows.csv');
  await writeFile(path, ['id,text', ...Array.from({ length: rows }, (_, i) => `${i},comment ${i}`)].join('\n'));
  return path;
};

const run = async (args: string[], io: CliIo) => {
  const options = parseOptions(args, io.env);
  if (!options) throw new Error('help');
  options.retryBaseMs = 1;
  return importFile(options, io, false);
};

describe('koe import talking to the API', () => {
  it('retries a batch the API could not take (503), and counts it once', async () => {
    // Prepare
    let calls = 0;
    const api = fakeApi((items) =>
      ++calls <= 2 ? { status: 503, body: { error: { message: 'DynamoDB unavailable' } } } : queued(items),
    );
    const file = await csvFile(3);
    // Act
    const summary = await run([file, '--external-id', 'id'], api.io);
    // Assess
    expect(api.batches).toEqual([3, 3, 3]);
    expect(summary).toMatchObject({ accepted: 3, duplicates: 0, rejected: 0 });
  });

  it('splits a batch the API finds too large (413) until it fits', async () => {
    // Prepare
    const api = fakeApi((items) =>
      items.length > 2 ? { status: 413, body: { error: { message: 'too large' } } } : queued(items),
    );
    const file = await csvFile(5);
    // Act
    const summary = await run([file, '--external-id', 'id'], api.io);
    // Assess
    expect(api.batches).toEqual([5, 3, 2, 1, 2]);
    expect(summary.accepted).toBe(5);
  });

  it('stops on a refused key (403) with the scope to ask for, without retrying', async () => {
    // Prepare
    const api = fakeApi(() => ({ status: 403, body: { error: { message: 'key lacks scope ingest' } } }));
    const file = await csvFile(2);
    // Act
    const code = await runImport([file, '--external-id', 'id'], api.io);
    // Assess
    expect(code).toBe(1);
    expect(api.batches).toEqual([2]);
    expect(api.err.join('')).toContain('ingest scope');
  });

  it('maps 400 issues back to their lines and sends the rest of the batch again', async () => {
    // Prepare: the API refuses items 0 and 2 of the first attempt
    const api = fakeApi((items) =>
      items.length === 4
        ? {
            status: 400,
            body: {
              error: {
                message: 'Invalid feedback: 2 problems',
                issues: [
                  { path: 'items[0].channel', message: 'must be one of survey, chat' },
                  { path: 'items[2].ratings.nps', message: 'Too big: expected number to be <=10' },
                ],
              },
            },
          }
        : queued(items),
    );
    const file = await csvFile(4);
    // Act
    const summary = await run([file, '--external-id', 'id'], api.io);
    // Assess
    expect(api.batches).toEqual([4, 2]);
    expect(summary.accepted).toBe(2);
    expect(summary.rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, 'refused by the API: channel: must be one of survey, chat'],
      [4, 'refused by the API: ratings.nps: Too big: expected number to be <=10'],
    ]);
  });

  it('refuses a mapped column that is not in the header, listing the columns', async () => {
    // Prepare
    const api = fakeApi(queued);
    const file = await csvFile(1);
    // Act
    const code = await runImport([file, '--date', 'created_at'], api.io);
    // Assess
    expect(code).toBe(2);
    expect(api.err.join('')).toContain("--date column 'created_at' not in the header (columns: id, text)");
    expect(api.batches).toEqual([]);
  });
});
