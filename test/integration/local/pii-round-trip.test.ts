import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../../cli/commands/export.js';
import { runImport } from '../../../cli/commands/import.js';
import type { CliIo } from '../../../cli/lib/api.js';
import { PSEUDONYM_KEY_FILE } from '../../../functions/lib/pseudonym-key.js';
import { type LocalStack, startLocalStack } from '../../../infra/local/stack.js';
import { luhnValid } from '../../../shared/analysis/pii/checksums.js';

// Issue 12, finding 2: externalId went through redaction, ~10 % of long numeric ids pass the Luhn check
// and were stored as [CARD], so importing a Koe export back collapsed them ("duplicate", exit 0).
const KEY = `koe_roundtrip_${Date.now()}_0123456789abcdef`;
let dir: string;
const stacks: LocalStack[] = [];

const io = (url: string) => {
  const out: string[] = [];
  const value: CliIo = {
    env: { KOE_URL: url, KOE_API_KEY: KEY },
    out: (t) => out.push(t),
    err: () => undefined,
    fetch,
  };
  return { io: value, out: () => out.join('') };
};
const count = (out: string, label: string) =>
  Number(new RegExp(`${label}\\s+([\\d,]+)`).exec(out)?.[1]?.replace(/,/g, ''));

/** Tweet-like 18-digit ids starting 4…, each made Luhn-valid by its last digit (what the old redactor took for a card). */
const luhnIds = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => {
    const body = `4${String(5_700_000_000_000_000n + BigInt(i) * 7_919n).slice(0, 16)}`;
    for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
    throw new Error('unreachable');
  });

const start = async (dataDir?: string) => {
  const stack = await startLocalStack({ port: 0, dataDir, env: { ...process.env, KOE_BOOTSTRAP_KEY: KEY } });
  stacks.push(stack);
  return stack;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'koe-pii-roundtrip-'));
});

afterAll(async () => {
  for (const stack of stacks) await stack.stop();
});

describe('export → koe import round trip', () => {
  it('keeps every row whose numeric id passes the Luhn check (no duplicate), ids as sent', async () => {
    // Prepare: 24 rows, every id Luhn-valid, imported into one stack and exported
    const ids = luhnIds(24);
    expect(ids.every((id) => luhnValid(id))).toBe(true);
    const source = join(dir, 'tweets.jsonl');
    await writeFile(
      source,
      ids
        .map((id, i) =>
          JSON.stringify({
            externalId: id,
            source: 'twitter-airline',
            text: `Flight ${i} was delayed again`,
            occurredAt: '2026-10-01T09:00:00Z',
            customer: { id: `+1 415 555 01${String(i).padStart(2, '0')}` },
          }),
        )
        .join('\n'),
    );
    const first = await start(join(dir, 'first'));
    const imported = io(first.url);
    expect(await runImport([source], imported.io)).toBe(0);
    expect(count(imported.out(), 'accepted')).toBe(24);
    const exported = join(dir, 'export.jsonl');
    expect(
      await runExport(
        ['--from', '2026-10-01', '--to', '2026-10-02', '--format', 'jsonl', '--out', exported],
        io(first.url).io,
      ),
    ).toBe(0);
    // Act: the export into a fresh installation
    const second = await start();
    const again = io(second.url);
    const code = await runImport([exported], again.io);
    // Assess
    expect(code).toBe(0);
    expect(count(again.out(), 'accepted')).toBe(24);
    expect(count(again.out(), 'duplicates')).toBe(0);
    const rows = (await readFile(exported, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { externalId: string; customerId?: string; customer?: { id?: string } });
    expect(rows.map((r) => r.externalId).sort()).toEqual([...ids].sort());
    // The customer ids (phone numbers) left only as keyed pseudonyms, kept as such on the way back in.
    const text = await readFile(exported, 'utf8');
    expect(text).not.toContain('+1 415 555');
    expect(text).toMatch(/anon_[A-Za-z0-9_-]{22}/);
    // The installation's pseudonym key: generated once, readable by its owner only.
    expect((await stat(join(dir, 'first', PSEUDONYM_KEY_FILE))).mode & 0o777).toBe(0o600);
  });
});
