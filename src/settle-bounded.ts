/**
 * Promise.allSettled over `items` with at most `limit` calls of `run` in flight at once; the results
 * are in the order of `items`.
 */
export async function settleBounded<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = [];
  const queue = items.map((item, index) => ({ item, index }));
  const worker = async (): Promise<void> => {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
      try {
        results[job.index] = { status: 'fulfilled', value: await run(job.item) };
      } catch (reason: unknown) {
        results[job.index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** settleBounded that resolves with the values, or rejects with the first failure once every call has settled. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results = await settleBounded(items, limit, run);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<R>).value);
}
