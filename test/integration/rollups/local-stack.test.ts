import { describe, expect, it } from 'vitest';
import { eventually } from '../../../infra/local/spawn.js';
import { startLocalStack } from '../../../infra/local/stack.js';

describe('roll-ups in the local stack', () => {
  it('runs the scheduled roll-up in Tokyo time and serves its scores with the read scope', async () => {
    // Prepare: a stack in memory, Tokyo time, one rated comment
    const key = `koe_rollups_${Date.now()}_0123456789`;
    const stack = await startLocalStack({
      port: 0,
      env: { ...process.env, KOE_BOOTSTRAP_KEY: key, KOE_TIMEZONE: 'Asia/Tokyo' },
    });
    const auth = { authorization: `Bearer ${key}` };
    try {
      const res = await fetch(`${stack.url}/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({
          text: 'The parcel arrived late again.',
          source: 'rollup-e2e',
          channel: 'email',
          ratings: { nps: 3 },
        }),
      });
      const { id } = (await res.json()) as { id: string };
      await eventually(
        async () => {
          const item = await fetch(`${stack.url}/v1/feedback/${id}`, { headers: auth });
          return ((await item.json()) as { status: string }).status === 'analyzed' ? true : undefined;
        },
        30_000,
        'the analysis',
      );
      // Act
      const run = await stack.scheduler.runNow('rollup-hourly');
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
      const metrics = await fetch(`${stack.url}/v1/metrics?from=${today}&to=${today}&groupBy=channel`, {
        headers: auth,
      });
      const anonymous = await fetch(`${stack.url}/v1/metrics`);
      // Assess
      expect(run).toEqual({ status: 'succeeded' });
      expect(metrics.status).toBe(200);
      const body = (await metrics.json()) as {
        timezone: string;
        periods: Array<{
          period: string;
          values: Array<{ value: string; scores: { volume: number; nps: { detractors: number } } }>;
        }>;
      };
      expect(body.timezone).toBe('Asia/Tokyo');
      expect(body.periods[0]?.period).toBe(today);
      expect(body.periods[0]?.values).toMatchObject([
        { value: 'email', scores: { volume: 1, nps: { detractors: 1 } } },
      ]);
      expect(anonymous.status).toBe(401);
    } finally {
      await stack.stop();
    }
  });
});
