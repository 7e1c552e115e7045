import { describe, expect, it } from 'vitest';
import { DynamoRollupStore } from '../../../shared/adapters/dynamo/rollup-store.js';
import { periodOf } from '../../../shared/rollups/periods.js';
import { rollUp } from '../../../shared/rollups/roll-up.js';
import { createTestTable } from '../../support/dynamo.js';

describe('DynamoRollupStore key phrases', () => {
  it("stores and reads back phrases that are Object.prototype's names (customers' words, not code)", async () => {
    // Prepare: the fuzzer found a comment reading "constructor" made its day's roll-up fail.
    const { client, tableName } = await createTestTable();
    const store = new DynamoRollupStore(client, tableName);
    const period = periodOf('2026-11-20T10:00:00Z', 'day', 'UTC');
    const rollup = rollUp([], period);
    const pairs: Array<[string, number]> = [
      ['constructor', 2],
      ['hasOwnProperty', 1],
      ['valueOf', 5],
      ['toString', 3],
      ['on hold', 4],
    ];
    const all = rollup.rows.find((r) => r.dimension === 'all')!;
    all.metrics = { ...all.metrics, keyPhrases: Object.fromEntries(pairs) };
    // Act
    await store.putRollup(rollup, '2026-11-21T00:20:00.000Z');
    const read = await store.getRollup(period, { dimension: 'all', keyPhrases: true });
    // Assess
    const keyPhrases = read?.rows.find((r) => r.dimension === 'all')?.metrics.keyPhrases ?? {};
    expect(Object.entries(keyPhrases).sort()).toEqual([...pairs].sort());
  });
});
