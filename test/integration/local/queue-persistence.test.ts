import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalLog } from '../../../infra/local/log.js';
import { InProcessQueue } from '../../../infra/local/queue.js';

const quiet: LocalLog = { info: () => {}, warn: () => {}, error: () => {} };
let dataDir: string;
const make = (options: { maxReceiveCount?: number } = {}) =>
  new InProcessQueue({
    name: 'persist-q',
    dataDir,
    maxBatchingWindowMs: 1,
    backoff: { baseMs: 1, maxMs: 2 },
    log: quiet,
    ...options,
  });
const idOf = (record: SQSRecord) => (JSON.parse(record.body) as { id: string }).id;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'koe-queue-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('in-process queue persistence', () => {
  it('keeps undelivered messages across a restart and delivers them to the next consumer', async () => {
    // Prepare
    const first = make();
    await first.send([
      { id: 'kept-1', revision: 1 },
      { id: 'kept-2', revision: 3 },
    ]);
    await first.drain(); // never started: as if the process stopped before delivering
    // Act
    const second = make();
    const delivered: string[] = [];
    second.start(async (event) => {
      for (const r of event.Records) delivered.push(idOf(r));
    });
    await second.idle();
    await second.drain();
    // Assess
    expect(second.stats().delivered).toBe(2);
    expect(delivered.sort()).toEqual(['kept-1', 'kept-2']);
    expect(readdirSync(join(dataDir, 'pending'))).toEqual([]);
  });

  it('keeps dead letters across a restart, and a replay after the restart delivers them', async () => {
    // Prepare
    const first = make({ maxReceiveCount: 2 });
    first.start(async () => {
      throw new Error('analyzer unavailable');
    });
    await first.send([{ id: 'doomed', revision: 1 }]);
    await first.idle();
    await first.drain();
    // Act
    const second = make({ maxReceiveCount: 2 });
    const listed = await second.list(10);
    const delivered: string[] = [];
    second.start(async (event) => {
      for (const r of event.Records) delivered.push(`${idOf(r)}@${r.attributes.ApproximateReceiveCount}`);
    });
    const replayed = await second.replay();
    await second.idle();
    await second.drain();
    // Assess
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ attempts: 2, lastError: 'Error: analyzer unavailable' });
    expect(replayed).toBe(1);
    expect(delivered).toEqual(['doomed@1']);
    expect(readdirSync(join(dataDir, 'dead'))).toEqual([]);
    expect(readdirSync(join(dataDir, 'pending'))).toEqual([]);
  });

  it('keeps the receive count of a failed message across a restart', async () => {
    // Prepare
    const first = make({ maxReceiveCount: 5 });
    let stop!: () => void;
    const failedOnce = new Promise<void>((resolve) => {
      stop = resolve;
    });
    first.start(async () => {
      stop();
      throw new Error('once');
    });
    await first.send([{ id: 'counted', revision: 1 }]);
    await failedOnce;
    await first.drain();
    // Act
    const second = make({ maxReceiveCount: 5 });
    const counts: string[] = [];
    second.start(async (event) => {
      counts.push(event.Records[0]!.attributes.ApproximateReceiveCount);
    });
    await second.idle();
    await second.drain();
    // Assess
    expect(counts).toEqual(['2']);
  });

  it('ignores a temporary file left by an interrupted write and sets an unreadable file aside', async () => {
    // Prepare
    const first = make();
    await first.send([{ id: 'intact', revision: 1 }]);
    await first.drain();
    writeFileSync(join(dataDir, 'pending', 'half-written.json.123.tmp'), '{"v":1,"mess');
    writeFileSync(join(dataDir, 'pending', 'garbage.json'), 'not json');
    // Act
    const second = make();
    const delivered: string[] = [];
    second.start(async (event) => {
      for (const r of event.Records) delivered.push(idOf(r));
    });
    await second.idle();
    await second.drain();
    // Assess
    expect(delivered).toEqual(['intact']);
    expect(existsSync(join(dataDir, 'garbage.json.corrupt'))).toBe(true);
    expect(readdirSync(join(dataDir, 'pending'))).toEqual([]);
  });

  it('does not enqueue anything when the messages cannot be written', async () => {
    // Prepare
    const queue = make();
    rmSync(join(dataDir, 'pending'), { recursive: true });
    writeFileSync(join(dataDir, 'pending'), 'a file where the folder should be');
    // Act
    const sending = queue.send([{ id: 'a', revision: 1 }]);
    // Assess
    await expect(sending).rejects.toThrow();
    expect(queue.stats().pending).toBe(0);
  });
});
