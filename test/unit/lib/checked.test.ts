import { describe, expect, it } from 'vitest';
import { mapLimit, mapLimitSettled } from '../../../shared/map-limit.js';
import { present } from '../../../shared/present.js';

describe('present: a read the code guarantees', () => {
  it('returns the value, falsy ones included', () => {
    // Act and Assess
    expect(present(0, 'count')).toBe(0);
    expect(present('', 'text')).toBe('');
    expect(present(null, 'nothing')).toBeNull();
  });

  it('throws naming what is missing, never returns undefined', () => {
    // Prepare
    const weights = new Float32Array(2);
    // Act and Assess
    expect(() => present(weights[2], 'weight row in predict')).toThrow(
      'Invariant broken: weight row in predict missing',
    );
  });
});

describe('mapLimit: a bounded number of calls in flight', () => {
  it('keeps the items’ order and never runs more than the limit at once', async () => {
    // Prepare
    let running = 0;
    let most = 0;
    const work = async (n: number) => {
      running++;
      most = Math.max(most, running);
      // Later items finish first: the order of the results must come from the items, not the finishing.
      await new Promise((resolve) => setTimeout(resolve, (10 - n) * 2));
      running--;
      return n * 10;
    };
    // Act
    const results = await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, work);
    // Assess
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most).toBe(3);
  });

  it('rejects with the failure; the settled form reports every outcome in order', async () => {
    // Prepare
    const work = async (n: number) => {
      if (n === 2) throw new Error('two failed');
      return n;
    };
    // Act
    const settled = await mapLimitSettled([1, 2, 3], 2, work);
    // Assess
    await expect(mapLimit([1, 2, 3], 2, work)).rejects.toThrow('two failed');
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(settled[2]).toEqual({ status: 'fulfilled', value: 3 });
  });

  it('calls nothing for no items', async () => {
    // Act and Assess
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});
