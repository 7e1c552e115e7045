import { copyFileSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { ClassicLevel } from 'classic-level';
import { afterAll, expect, it } from 'vitest';
import { dataStats } from '../../../cli/commands/doctor.js';
import { startDynalite } from '../../../infra/local/dynalite.js';
import { ensureTable } from '../../../shared/adapters/dynamo/table.js';

// Issue 16: the airline import grew the data folder to 246 × its CSV. dynalite's query streams end their
// LevelDB iterators with `iterator.return()`, which abstract-level's iterators do not have, so every
// Query and Scan left an iterator open; each pinned the table files of its moment, and compaction could
// never delete the files it had replaced. LevelDB deletes such obsolete files when a folder is opened.

const dir = mkdtempSync(join(tmpdir(), 'koe-dynalite-disk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tables = (path: string) => readdirSync(path).filter((n) => n.endsWith('.ldb'));

it('leaves no replaced table file behind after queries, overwrites and a compaction', async () => {
  const path = join(dir, 'queried', 'dynamo');
  const engine = await startDynalite({ path });
  const client = engine.client();
  try {
    await ensureTable(client, 'disk');
    const write = async (round: number) => {
      for (let i = 0; i < 400; i += 25) {
        const items = Array.from({ length: 25 }, (_, k) => ({
          PutRequest: {
            Item: {
              pk: { S: `FB#${i + k}` },
              sk: { S: 'ITEM' },
              gsi2pk: { S: 'DAY#2015-02-17' },
              gsi2sk: { S: `${round}#${i + k}` },
              text: { S: `round ${round} ${'x'.repeat(2000)}` },
            },
          },
        }));
        await client.send(new BatchWriteItemCommand({ RequestItems: { disk: items } }));
      }
    };
    for (let round = 0; round < 4; round++) {
      await write(round);
      // A query read to the end and one cut short by its limit, as the stores run them.
      await client.send(
        new QueryCommand({
          TableName: 'disk',
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :d',
          ExpressionAttributeValues: { ':d': { S: 'DAY#2015-02-17' } },
        }),
      );
      await client.send(
        new QueryCommand({
          TableName: 'disk',
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': { S: 'FB#1' } },
          Limit: 1,
        }),
      );
      await engine.compact();
    }
  } finally {
    client.destroy();
    // The copy is taken while the engine still runs: what it holds on disk now.
    cpSync(path, join(dir, 'copy'), {
      recursive: true,
      filter: (src) => !src.endsWith('LOCK') && !src.endsWith('.sock'),
    });
    await engine.stop();
  }
  const before = tables(join(dir, 'copy'));
  const reopened = new ClassicLevel(join(dir, 'copy'));
  await reopened.open();
  await reopened.close();
  expect(before.length).toBeGreaterThan(0);
  expect(before.filter((n) => !tables(join(dir, 'copy')).includes(n))).toEqual([]);
});

it('koe doctor --stats tells the tables in use from replaced ones still on disk', async () => {
  // Arrange: a database with a table, then a table file its MANIFEST does not list
  const data = join(dir, 'doctor');
  const path = join(data, 'dynamo');
  const engine = await startDynalite({ path });
  const client = engine.client();
  await ensureTable(client, 'doctor');
  client.destroy();
  await engine.compact();
  await engine.stop();
  const inUse = tables(path);
  copyFileSync(join(path, inUse[0] ?? 'CURRENT'), join(path, '999999.ldb'));
  // Act
  const rows = new Map(dataStats(data).map((r) => [r.what, r]));
  // Assert
  expect(rows.get('database tables in use (*.ldb)')?.files).toBe(inUse.length);
  expect(rows.get('database tables replaced, still held')).toEqual({
    what: 'database tables replaced, still held',
    files: 1,
    bytes: statSync(join(path, '999999.ldb')).size,
  });
});
