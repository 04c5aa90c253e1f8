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

/**
 * Like `forEachConcurrently`, for items that arrive from a stream (the SDK's
 * `iterateEntities`) instead of a list: `produce` hands each item to `emit`, which returns once
 * the item has a slot, so at most `limit` items (and what their tasks captured) are held at
 * once, not a copy of everything the stream yields. After a task throws, `emit` throws too
 * (the producer stops); the first error is rethrown once the running tasks have ended.
 */
export async function forEachStreamed<T>(
  produce: (emit: (item: T) => Promise<void>) => Promise<void>,
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  // NaN would make every `size >= slots` check false, i.e. no bound at all.
  const slots = Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : 1;
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const emit = async (item: T) => {
    while (running.size >= slots) await Promise.race(running);
    if (failure) throw failure.error;
    const run: Promise<void> = task(item)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => running.delete(run));
    running.add(run);
  };
  try {
    await produce(emit);
  } finally {
    await Promise.all(running);
  }
  if (failure) throw failure.error;
}
