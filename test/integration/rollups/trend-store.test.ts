import { describe, expect, it } from 'vitest';
import { DynamoTrendStore } from '../../../shared/adapters/dynamo/trend-store.js';
import type { StoredTrends } from '../../../shared/trends/ports.js';
import type { TermTrend } from '../../../shared/trends/trends.js';
import { createTestTable } from '../../support/dynamo.js';

const report = (period: string, pValue: number): StoredTrends => {
  const term: TermTrend = {
    term: 'topic:emergent:outage',
    kind: 'theme',
    label: 'emergent:outage',
    discovered: true,
    count: 400,
    volume: 1000,
    share: 0.4,
    baselineCount: 0,
    baselineVolume: 8000,
    baselineShare: 0,
    expected: 0,
    rateRatio: null,
    logRateRatio: 8.9,
    pValue,
    qValue: pValue,
    status: 'new',
  };
  return {
    granularity: 'day',
    period,
    timezone: 'UTC',
    start: `${period}T00:00:00.000Z`,
    end: `${period}T23:59:59.999Z`,
    computedAt: '2026-11-23T00:40:00.000Z',
    volume: 1000,
    baselineVolume: 8000,
    baselinePeriods: 8,
    insufficientBaseline: false,
    rising: [term],
    falling: [],
    discovered: [],
    themes: [],
  };
};

describe('DynamoTrendStore', () => {
  it("stores p-values below DynamoDB's number range as 0 and serves the newest report", async () => {
    // Prepare
    const { client, tableName } = await createTestTable('koe-trends');
    const store = new DynamoTrendStore(client, tableName);
    // Act
    await store.putTrends(report('2026-11-21', 0.01));
    await store.putTrends(report('2026-11-22', 1e-250));
    const latest = await store.latestTrends('day', 'UTC');
    const older = await store.getTrends('day', 'UTC', '2026-11-21');
    // Assess
    expect(latest?.period).toBe('2026-11-22');
    expect(latest?.rising[0]?.pValue).toBe(0);
    expect(latest?.rising[0]?.rateRatio).toBeNull();
    expect(older?.rising[0]?.pValue).toBe(0.01);
    expect(await store.latestTrends('week', 'UTC')).toBeUndefined();
  });
});
