import { describe, expect, it } from 'vitest';
import { DynamoRollupStore } from '../../../shared/adapters/dynamo/rollup-store.js';
import { periodOf } from '../../../shared/rollups/periods.js';
import { rollUp } from '../../../shared/rollups/roll-up.js';
import { createTestTable } from '../../support/dynamo.js';
import { fact } from '../../unit/rollups/arbitraries.js';

describe('DynamoRollupStore rows', () => {
  it("stores and reads back themes named like Object.prototype's members (customers' words, not code)", async () => {
    // Prepare: the fuzzer found a comment reading "constructor" made its day's roll-up fail.
    const { client, tableName } = await createTestTable();
    const store = new DynamoRollupStore(client, tableName);
    const period = periodOf('2026-11-20T10:00:00Z', 'day', 'UTC');
    const names = ['constructor', 'hasOwnProperty', 'valueOf', '__proto__', 'on hold'];
    const rollup = rollUp(
      names.map((n) =>
        fact({
          occurredAt: '2026-11-20T10:00:00Z',
          topics: [{ topic: `emergent:${n}`, label: 'negative', score: -1 }],
        }),
      ),
      period,
    );
    // Act
    await store.putRollup(rollup, '2026-11-21T00:20:00.000Z');
    const read = await store.getRollup(period);
    // Assess
    const topics = read?.rows.find((r) => r.dimension === 'all')?.metrics.topics ?? {};
    expect(Object.keys(topics).sort()).toEqual(names.map((n) => `emergent:${n}`).sort());
    expect(read?.rows.filter((r) => r.dimension === 'topic')).toHaveLength(names.length);
  });
});
