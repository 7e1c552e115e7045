/**
 * `fn` over `items` with at most `limit` calls in flight; the results in the items' order. Rejects
 * with the first failure (calls already started still run to their end).
 */
export const mapLimit = async <T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  const entries = items.entries(); // one iterator shared by the workers: each takes the next item
  const worker = async () => {
    for (const [i, item] of entries) results[i] = await fn(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

/** {@link mapLimit} that waits for every call and reports each outcome, as `Promise.allSettled` does. */
export const mapLimitSettled = <T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> =>
  mapLimit(items, limit, async (item): Promise<PromiseSettledResult<R>> => {
    try {
      return { status: 'fulfilled', value: await fn(item) };
    } catch (reason) {
      return { status: 'rejected', reason };
    }
  });
