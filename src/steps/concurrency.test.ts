import { forEachStreamed } from './concurrency';

// Tasks resolve only when the test releases them, so "in flight" is observable without timers.
function gatedTasks() {
  const pending: Array<{ item: number; release: (error?: Error) => void }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const seen: number[] = [];
  const task = (item: number) =>
    new Promise<void>((resolve, reject) => {
      seen.push(item);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      pending.push({
        item,
        release: (error) => {
          inFlight--;
          if (error) reject(error);
          else resolve();
        },
      });
    });
  return { pending, seen, task, maxInFlight: () => maxInFlight };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

// Releases the oldest pending task until the run settles.
async function drain(
  gate: ReturnType<typeof gatedTasks>,
  run: Promise<void>,
  fail?: (item: number) => Error | undefined,
) {
  let settled = false;
  const done = run.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    await tick();
    const next = gate.pending.shift();
    if (next) next.release(fail?.(next.item));
  }
  await done;
  return run;
}

function produceRange(count: number, emitted: number[] = []) {
  return async (emit: (item: number) => Promise<void>) => {
    for (let i = 0; i < count; i++) {
      await emit(i);
      emitted.push(i);
    }
  };
}

describe('forEachStreamed', () => {
  it('processes every item exactly once with at most `limit` in flight', async () => {
    const gate = gatedTasks();
    await drain(gate, forEachStreamed(produceRange(25), 3, gate.task));
    expect([...gate.seen].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 25 }, (_, i) => i),
    );
    expect(gate.maxInFlight()).toBe(3);
  });

  it.each([Number.NaN, 0, -2, Number.POSITIVE_INFINITY])(
    'stays bounded for a limit of %p',
    async (limit) => {
      const gate = gatedTasks();
      await drain(gate, forEachStreamed(produceRange(10), limit, gate.task));
      expect(gate.seen).toHaveLength(10);
      expect(gate.maxInFlight()).toBe(1);
    },
  );

  it('rounds a fractional limit down', async () => {
    const gate = gatedTasks();
    await drain(gate, forEachStreamed(produceRange(10), 2.7, gate.task));
    expect(gate.maxInFlight()).toBe(2);
  });

  it('rethrows the first error, after the running tasks end, and stops handing out items', async () => {
    const gate = gatedTasks();
    const emitted: number[] = [];
    const first = new Error('first');
    const run = forEachStreamed(produceRange(100, emitted), 2, gate.task);
    await expect(
      drain(gate, run, (item) =>
        item === 4 ? first : item > 4 ? new Error('later') : undefined,
      ),
    ).rejects.toBe(first);
    // Item 4 fails while item 5 runs beside it; at most one more item can have taken the
    // slot item 4 freed before the failure was recorded, never the rest of the stream: the
    // producer's next `emit` threw instead of returning.
    expect(gate.seen.length).toBeLessThanOrEqual(7);
    expect(emitted).toHaveLength(gate.seen.length);
    expect(gate.pending).toHaveLength(0);
  });

  it('keeps the first of several task errors once the producer has finished', async () => {
    const gate = gatedTasks();
    const first = new Error('first');
    const run = forEachStreamed(produceRange(3), 3, gate.task);
    await expect(
      drain(gate, run, (item) => (item === 0 ? first : new Error('later'))),
    ).rejects.toBe(first);
    expect(gate.seen).toEqual([0, 1, 2]);
  });

  it('propagates an error from the producer after the running tasks end', async () => {
    const gate = gatedTasks();
    const broken = new Error('stream broke');
    const run = forEachStreamed(
      async (emit) => {
        await emit(1);
        await emit(2);
        throw broken;
      },
      4,
      gate.task,
    );
    await expect(drain(gate, run)).rejects.toBe(broken);
    expect(gate.seen).toEqual([1, 2]);
    expect(gate.pending).toHaveLength(0);
  });
});
