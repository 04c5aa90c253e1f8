/**
 * Runs `task` over `items` with at most `limit` in flight. Per-repository listings are
 * independent, so running them side by side is what lets the client's concurrency bound
 * (not the step) decide how fast a run goes.
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await task(item);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker),
  );
}
