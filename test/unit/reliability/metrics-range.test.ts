import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors.js';
import { parseMetricsQuery } from '../../../shared/rollups/metrics-query.js';

// Found by the route fuzzer: GET /v1/metrics?granularity=week&from=1000-01-01 listed 53,535 weeks one by one
// before refusing the range, blocking the server for seconds. The refusal must come from arithmetic.
const now = new Date('2026-01-15T00:00:00Z');
const refusal = (params: Record<string, string>) => {
  try {
    parseMetricsQuery(params, 'Asia/Tokyo', now);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('GET /v1/metrics range limits', () => {
  it.each([
    ['day', '1000-01-01', /^The range spans about 374\d{3} days; the limit is 366$/],
    ['week', '1000-01-01', /^The range spans about 535\d{2} weeks; the limit is 104$/],
    ['month', '1000-01-01', /^The range spans about 123\d{2} months; the limit is 36$/],
  ])('refuses a %s range from %s naming the size and the limit', (granularity, from, message) => {
    const error = refusal({ granularity, from, to: '2026-01-01' });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(message);
    expect((error as ValidationError).issues).toEqual([{ path: 'from', message: expect.stringContaining('at most') }]);
  });

  it('still counts exactly just over the limit, and accepts the limit itself', () => {
    expect((refusal({ granularity: 'week', from: '2024-01-01', to: '2026-01-04' }) as Error).message).toBe(
      'The range spans 105 weeks; the limit is 104',
    );
    const ok = parseMetricsQuery({ granularity: 'week', from: '2024-01-08', to: '2026-01-04' }, 'Asia/Tokyo', now);
    expect(ok.periods).toHaveLength(104);
    expect(parseMetricsQuery({ from: '2025-01-01', to: '2026-01-01' }, 'Asia/Tokyo', now).periods).toHaveLength(366);
  });
});
