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
