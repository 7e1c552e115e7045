import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, type LocalProcess, startLocalProcess } from '../../infra/local/spawn.js';

// `npm start --data DIR` killed with SIGKILL while it is analyzing, then started again on the same folder:
// every comment answered 202 is analyzed once, none is lost and none is stored or analyzed twice.
const KEY = `koe_crash_${randomBytes(24).toString('base64url')}`;
const dataDir = mkdtempSync(join(tmpdir(), 'koe-crash-'));
const started: LocalProcess[] = [];

/** `npm start --data DIR`, one process: SIGKILL reaches the server itself. */
const start = async () => {
  const stack = await startLocalProcess(['--data', dataDir, '--port', '0'], {
    KOE_BOOTSTRAP_KEY: KEY,
    POWERTOOLS_LOG_LEVEL: 'INFO',
  });
  started.push(stack);
  return stack;
};

afterAll(async () => {
  for (const stack of started) await stack.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const auth = { authorization: `Bearer ${KEY}` };
/** Ids with the outcome of each "analysis done" log line, from a run's output. */
const analyses = (output: string) =>
  output
    .split('\n')
    .filter((l) => l.includes('"analysis done"'))
    .map((l) => JSON.parse(l) as { id: string; outcome: string });

describe('the local stack killed mid-batch', () => {
  it('loses nothing and duplicates nothing after a restart on the same data folder', { timeout: 180_000 }, async () => {
    // Prepare: 200 comments accepted (202 = on disk: the item in dynalite, the message in the queue folder)
    const first = await start();
    const ids: string[] = [];
    for (let b = 0; b < 4; b++) {
      const items = Array.from({ length: 50 }, (_, i) => ({
        text: `Order ${b}-${i}: the parcel arrived damaged and support never answered.`,
        source: 'crash',
        externalId: `c-${b}-${i}`,
        channel: 'email',
      }));
      const res = await fetch(`${first.url}/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ items }),
      });
      expect(res.status).toBe(202);
      ids.push(...((await res.json()) as { items: Array<{ id: string }> }).items.map((i) => i.id));
    }
    // Act: kill it without warning once analysis is under way, then start again on the same folder
    await eventually(async () => (analyses(first.output()).length >= 10 ? true : undefined), 60_000, 'analysis');
    await first.stop('SIGKILL');
    const doneBeforeKill = analyses(first.output()).filter((a) => a.outcome === 'analyzed').length;
    const second = await start();
    const items = await eventually(
      async () => {
        const all = await Promise.all(
          ids.map(async (id) => {
            const res = await fetch(`${second.url}/v1/feedback/${id}`, { headers: auth });
            return (await res.json()) as { status: string; revision: number; analyzedRevision?: number };
          }),
        );
        return all.every((i) => i.status === 'analyzed') ? all : undefined;
      },
      120_000,
      'every item analyzed after the restart',
    );
    const again = await fetch(`${second.url}/v1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ items: [{ text: 'again', source: 'crash', externalId: 'c-0-0' }] }),
    });
    const counts = new Map<string, number>();
    for (const a of [...analyses(first.output()), ...analyses(second.output())]) {
      if (a.outcome === 'analyzed') counts.set(a.id, (counts.get(a.id) ?? 0) + 1);
    }

    // Assess
    expect(doneBeforeKill).toBeGreaterThan(0);
    expect(doneBeforeKill).toBeLessThan(ids.length); // the kill really came mid-way
    expect(new Set(ids).size).toBe(200);
    expect(items.every((i) => i.revision === 1 && i.analyzedRevision === 1)).toBe(true);
    expect([...counts.values()].every((n) => n === 1)).toBe(true); // never analyzed twice
    expect(((await again.json()) as { items: Array<{ status: string }> }).items[0]?.status).toBe('duplicate');
  });
});
