import {
  closeSync,
  cpSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand, GetItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite } from '../../../infra/local/dynalite.js';
import { dynamoCall } from '../../../shared/adapters/dynamo/query.js';
import { ensureTable } from '../../../shared/adapters/dynamo/table.js';
import { StoreRejectedError } from '../../../shared/errors.js';

// Issue 12 #5: a damaged LevelDB used to start quietly (a truncated log lost writes), crash the process on
// the first read of a corrupt table, or fail with "Database is closed". Now each is a loud, named error.
const root = mkdtempSync(join(tmpdir(), 'koe-damage-'));
const pristine = join(root, 'pristine');
const TABLE = 'koe';

beforeAll(async () => {
  // Prepare once: tables on disk (.ldb) and more writes in the log after them
  const engine = await startDynalite({ path: pristine });
  const client = engine.client();
  await ensureTable(client, TABLE);
  const put = async (from: number, count: number) => {
    for (let i = from; i < from + count; i += 25) {
      const items = Array.from({ length: 25 }, (_, k) => ({
        PutRequest: {
          Item: {
            pk: { S: `FB#${i + k}` },
            sk: { S: 'ITEM' },
            text: { S: `comment ${i + k}: the parcel arrived late and the box was damaged`.repeat(4) },
          },
        },
      }));
      await client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: items } }));
    }
  };
  await put(0, 1000);
  await engine.compact();
  await put(1000, 100);
  client.destroy();
  await engine.stop();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the pristine database and the path of its first file matching `pattern`. */
const damagedCopy = (name: string, pattern: RegExp) => {
  const dir = join(root, name);
  cpSync(pristine, dir, { recursive: true });
  const file = readdirSync(dir)
    .filter((f) => pattern.test(f) && statSync(join(dir, f)).size > 0)
    .sort()[0];
  if (!file) throw new Error(`no ${pattern} in ${readdirSync(dir).join(', ')}`);
  return { dir, file: join(dir, file) };
};

const overwrite = (file: string, at: number, bytes: Buffer) => {
  const fd = openSync(file, 'r+');
  writeSync(fd, bytes, 0, bytes.length, at);
  closeSync(fd);
};

describe('a damaged embedded database at start', () => {
  it('starts when nothing is damaged', async () => {
    // Act
    const engine = await startDynalite({ path: damagedCopy('intact', /\.ldb$/).dir });
    const client = engine.client();
    const item = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'FB#1050' }, sk: { S: 'ITEM' } } }),
    );
    client.destroy();
    await engine.stop();
    // Assess
    expect(item.Item?.pk?.S).toBe('FB#1050');
  });

  it.each([
    ['a truncated log', /^\d+\.log$/, (file: string) => truncateSync(file, statSync(file).size - 3)],
    ['a corrupt table block', /\.ldb$/, (file: string) => overwrite(file, 100, Buffer.from('garbage'))],
    ['a damaged MANIFEST', /^MANIFEST-/, (file: string) => overwrite(file, 10, Buffer.from('garbage'))],
    ['a damaged CURRENT', /^CURRENT$/, (file: string) => writeFileSync(file, 'MANIFEST-0\x00\x00')],
  ])('refuses %s, naming the file and the recovery', async (name, pattern, damage) => {
    // Prepare
    const { dir, file } = damagedCopy(name.replaceAll(' ', '-'), pattern);
    damage(file);
    // Act
    const started = startDynalite({ path: dir });
    // Assess
    await expect(started).rejects.toThrow(file);
    await expect(started).rejects.toThrow(/koe doctor --repair/);
  });
});

describe('a table block damaged while running', () => {
  it('fails the request that reads it as Koe’s fault (500, not 503 retry later), and the engine goes on serving', async () => {
    // Prepare
    const { dir, file } = damagedCopy('runtime', /\.ldb$/);
    const engine = await startDynalite({ path: dir });
    const client = engine.client({ maxAttempts: 1 });
    overwrite(file, 0, Buffer.alloc(4096));
    // Act
    const scan = client.send(new ScanCommand({ TableName: TABLE, Limit: 2000 })).then(
      () => undefined,
      (error: { name: string; $metadata?: { httpStatusCode?: number } }) => error,
    );
    const failure = await scan;
    const mapped = await dynamoCall(() => client.send(new ScanCommand({ TableName: TABLE, Limit: 2000 }))).catch(
      (error: unknown) => error,
    );
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'FB#after' }, sk: { S: 'ITEM' } } }));
    const after = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'FB#after' }, sk: { S: 'ITEM' } } }),
    );
    client.destroy();
    await engine.stop();
    // Assess
    expect(failure?.$metadata?.httpStatusCode).toBe(500);
    expect(failure?.name).toBe('StoreCorruptionException');
    // A corrupt block does not heal by retrying: Koe's own fault (500, cause logged), not 503 retry later.
    expect(mapped).toBeInstanceOf(StoreRejectedError);
    expect((mapped as StoreRejectedError).status).toBe(500);
    expect(((mapped as Error).cause as Error).message).toMatch(/koe doctor --repair/);
    expect(after.Item?.pk?.S).toBe('FB#after');
  });
});

describe('koe doctor', () => {
  const io = () => {
    const out: string[] = [];
    return {
      out,
      io: {
        env: {},
        out: (t: string) => void out.push(t),
        err: (t: string) => void out.push(t),
        fetch: globalThis.fetch,
      },
    };
  };

  it('names the damaged file, repairs the database keeping a copy, and shows where the bytes are', async () => {
    // Prepare: a data folder whose database has a corrupt table
    const dataDir = join(root, 'doctor');
    const { file } = damagedCopy('doctor/dynamo', /\.ldb$/);
    overwrite(file, 100, Buffer.from('garbage'));
    const { run } = await import('../../../cli/commands/doctor.js');
    // Act
    const checked = io();
    const checkCode = await run(['--data', dataDir], checked.io);
    const repaired = io();
    const repairCode = await run(['--repair', '--data', dataDir], repaired.io);
    const after = io();
    const afterCode = await run(['--data', dataDir], after.io);
    const stats = io();
    await run(['--stats', '--data', dataDir], stats.io);
    const engine = await startDynalite({ path: join(dataDir, 'dynamo') });
    await engine.stop();
    // Assess
    expect(checkCode).toBe(1);
    expect(checked.out.join('')).toContain(file);
    expect(repairCode).toBe(0);
    expect(readdirSync(dataDir).some((n) => n.startsWith('dynamo.damaged-'))).toBe(true);
    expect(afterCode).toBe(0);
    expect(stats.out.join('')).toMatch(/database tables in use \(\*\.ldb\)\s+\d+ files/);
    expect(stats.out.join('')).toMatch(/total\s+\d+ files/);
  });
});
