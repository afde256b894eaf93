import { at } from '../shared/at';

/** Figures for the benches: rounding and nearest-rank percentiles (an empty sample is an error). */
export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The p-th percentile (nearest rank) of samples already sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return at(sorted, i, 'the samples');
}

export const sortedCopy = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
export const median = (xs: readonly number[]) => at(sortedCopy(xs), Math.floor(xs.length / 2), 'the samples');

/** Runs `task` over `count` indexes with at most `limit` running at once. */
export async function pool<R>(count: number, limit: number, task: (index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}
