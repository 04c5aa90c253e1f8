import { Pacer } from './pacing';

const policy = { baseMs: 100, maxMs: 10_000, floorMs: 100 };

/** A rolling-window limit as Bitbucket (and the simulator) applies it: refused calls do not count. */
class Window {
  private used: number[] = [];
  constructor(
    public limit: number,
    public windowMs: number,
  ) {}

  admit(t: number): boolean {
    this.used = this.used.filter((u) => u > t - this.windowMs);
    if (this.used.length >= this.limit) return false;
    this.used.push(t);
    return true;
  }
}

/** The same limit, with the `nth` requests refused whatever the window holds (a stray 429). */
class Stray extends Window {
  private seen = 0;
  constructor(
    limit: number,
    windowMs: number,
    private readonly nth: number[],
  ) {
    super(limit, windowMs);
  }

  admit(t: number): boolean {
    return !this.nth.includes(++this.seen) && super.admit(t);
  }
}

/**
 * `requests` requests through one pacer on a synthetic clock (1 ms steps), at most
 * `concurrency` in flight, each answered `latencyMs` after it left; a refused one is sent again.
 */
function drive(
  pacer: Pacer,
  server: Window,
  requests: number,
  { start = 0, concurrency = 4, latencyMs = 10 } = {},
): { end: number; refused: number } {
  let t = start;
  let pending = requests;
  let done = 0;
  let refused = 0;
  let flying: { sentAt: number; ok: boolean }[] = [];
  while (done < requests) {
    if (t - start > 10_800_000) throw new Error('did not finish in 3 hours');
    const due = flying.filter((f) => f.sentAt + latencyMs <= t);
    flying = flying.filter((f) => f.sentAt + latencyMs > t);
    for (const f of due) {
      if (f.ok) {
        pacer.admitted(t, f.sentAt);
        done++;
      } else {
        pacer.refused(t, f.sentAt);
        refused++;
        pending++;
      }
    }
    while (pending > 0 && flying.length < concurrency && pacer.tryAcquire(t)) {
      pending--;
      flying.push({ sentAt: t, ok: server.admit(t + latencyMs / 2) });
    }
    // Straight to the next answer or free slot (the window may be minutes long).
    const answers = flying.map((f) => f.sentAt + latencyMs);
    const free =
      pending > 0 && flying.length < concurrency ? pacer.nextFree(t) : Infinity;
    const next = Math.min(free, ...answers);
    if (done < requests) t = Math.max(t + 1, next);
  }
  return { end: t, refused };
}

/** The least time `calls` calls can take under `limit` per rolling `windowMs`. */
const budgetBound = (calls: number, limit: number, windowMs: number) =>
  Math.floor((calls - 1) / limit) * windowMs;

describe('Pacer', () => {
  test('learns L from the first burst and W by probing, then runs at the speed the budget allows', () => {
    const pacer = new Pacer(policy);
    const { end, refused } = drive(pacer, new Window(20, 1_000), 200);
    const { limit, windowMs } = pacer.estimates;
    expect(limit).toBe(20);
    expect(windowMs).toBeGreaterThanOrEqual(1_000);
    expect(windowMs).toBeLessThanOrEqual(1_020);
    // The burst's in-flight refusals, the failed probes and the narrowing, not one per window.
    expect(refused).toBeLessThanOrEqual(20);
    expect(end).toBeLessThanOrEqual(1.15 * budgetBound(200, 20, 1_000));
  });

  test('a first 429 says L and a lower bound for W; requests in flight then do not count as failed probes', () => {
    const pacer = new Pacer(policy);
    for (let t = 0; t < 10; t++) expect(pacer.tryAcquire(t)).toBe(true);
    // Enough admitted to make the 429 worth learning from.
    for (let t = 0; t < 5; t++) pacer.admitted(15, t);
    expect(pacer.refused(20, 7)).toEqual({ cooldownMs: 100, fresh: true });
    // Requests reach Bitbucket out of order: every send not refused counts, for now.
    expect(pacer.estimates).toMatchObject({ limit: 9, windowAbove: 7 });
    // In flight when the 429 arrived: refused for the same reason, they are no failed probe,
    // and they were not admitted after all.
    expect(pacer.refused(21, 8)).toEqual({ cooldownMs: 99, fresh: false });
    expect(pacer.refused(22, 9)).toEqual({ cooldownMs: 98, fresh: false });
    expect(pacer.estimates).toMatchObject({ limit: 7, windowAbove: 7 });
    // One probe at a time: the others wait for its answer.
    expect(pacer.tryAcquire(119)).toBe(false);
    expect(pacer.tryAcquire(120)).toBe(true);
    expect(pacer.tryAcquire(120)).toBe(false);
    expect(pacer.nextFree(121)).toBe(Infinity);
    // Refused: W > 120; the next probe a floor's step later.
    pacer.refused(130, 120);
    expect(pacer.estimates.windowAbove).toBe(120);
    expect(pacer.nextFree(131)).toBe(230);
  });

  test('paces exactly: the next slot frees when the oldest counted send leaves the learned window', () => {
    const pacer = new Pacer(policy);
    const server = new Window(5, 1_000);
    const { end } = drive(pacer, server, 60, { concurrency: 1 });
    const { windowAbove, marginMs } = pacer.estimates;
    // Narrowed until the bounds are within 1 %: no early send any more.
    expect(pacer.estimates.windowMs! - windowAbove).toBeLessThanOrEqual(
      0.01 * pacer.estimates.windowMs!,
    );
    // What a slot waits for: the learned window and the answer time's margin (10 ms here).
    expect(marginMs).toBe(10);
    const windowMs = pacer.estimates.windowMs! + marginMs;
    const sends: number[] = [];
    let t = end;
    while (sends.length < 5) {
      if (pacer.tryAcquire(t)) sends.push(t);
      t++;
    }
    expect(pacer.nextFree(t)).toBe(sends[0] + windowMs);
    expect(pacer.tryAcquire(sends[0] + windowMs - 1)).toBe(false);
    expect(pacer.tryAcquire(sends[0] + windowMs)).toBe(true);
    expect(pacer.nextFree(sends[0] + windowMs)).toBe(sends[1] + windowMs);
  });

  test('requests acquiring at one instant take only the slots that are free', () => {
    const pacer = new Pacer(policy);
    drive(pacer, new Window(5, 1_000), 60, { concurrency: 1 });
    const { windowMs, marginMs } = pacer.estimates;
    // Five sends 100 ms apart fill the window; two of them leave it together later.
    const base = 100_000;
    for (const dt of [0, 0, 300, 400, 500])
      expect(pacer.tryAcquire(base + dt)).toBe(true);
    const freed = base + windowMs! + marginMs;
    const taken = Array.from({ length: 6 }, () => pacer.tryAcquire(freed));
    expect(taken.filter(Boolean)).toHaveLength(2);
  });

  test('one 429 while paced widens W by the margin; a second within the window lowers L to what was in it', () => {
    const pacer = new Pacer(policy);
    const first = drive(pacer, new Window(10, 1_000), 60);
    const { limit, windowMs } = pacer.estimates;
    // A limit probe at the end of the run may have raised it by one, not refuted yet.
    expect([10, 11]).toContain(limit);
    const t = first.end + 10_000;
    for (const dt of [0, 1, 2]) expect(pacer.tryAcquire(t + dt)).toBe(true);
    // Someone else uses the budget: the third is refused with two of ours in the window.
    expect(pacer.refused(t + 12, t + 2).fresh).toBe(false);
    expect(pacer.estimates).toMatchObject({ limit });
    expect(pacer.estimates.windowMs).toBeGreaterThan(windowMs!);
    expect(pacer.estimates.windowMs).toBeLessThanOrEqual(1.02 * windowMs!);
    expect(pacer.tryAcquire(t + 20)).toBe(true);
    pacer.refused(t + 30, t + 20);
    expect(pacer.estimates.limit).toBe(2);
  });

  test.each([
    ['the credential is shared (L halves)', 5, 1_000],
    ['the limit becomes a third', 3, 1_000],
  ])(
    'when %s while paced, the pace follows and the run completes',
    (_name, limit, windowMs) => {
      const pacer = new Pacer(policy);
      const server = new Window(10, 1_000);
      const first = drive(pacer, server, 60);
      server.limit = limit;
      server.windowMs = windowMs;
      const { end, refused } = drive(pacer, server, 150, { start: first.end });
      const est = pacer.estimates;
      expect(est.limit! / est.windowMs!).toBeLessThanOrEqual(
        (1.02 * limit) / windowMs,
      );
      expect(refused).toBeLessThanOrEqual(40);
      expect(end - first.end).toBeLessThanOrEqual(
        1.3 * budgetBound(150, limit, windowMs) + windowMs,
      );
    },
  );

  test('a window far longer than the first burst shows still converges, in few probes', () => {
    const pacer = new Pacer({ baseMs: 1_000, maxMs: 300_000, floorMs: 1_000 });
    const { refused } = drive(pacer, new Window(50, 600_000), 250);
    const { limit, windowMs } = pacer.estimates;
    expect(limit).toBe(50);
    expect(windowMs).toBeGreaterThanOrEqual(600_000);
    expect(windowMs).toBeLessThanOrEqual(612_000);
    expect(refused).toBeLessThanOrEqual(40);
  });

  test('Retry-After wins over the estimate, longer or shorter, above the floor', () => {
    const longer = new Pacer(policy);
    for (let t = 0; t < 5; t++) longer.tryAcquire(t);
    expect(longer.refused(10, 4, 5_000)).toEqual({
      cooldownMs: 5_000,
      fresh: true,
    });
    expect(longer.tryAcquire(4_999)).toBe(false);
    expect(longer.tryAcquire(5_010)).toBe(true);

    const shorter = new Pacer({ ...policy, baseMs: 2_000 });
    for (let t = 0; t < 5; t++) shorter.tryAcquire(t);
    expect(shorter.refused(10, 4, 500).cooldownMs).toBe(500);
    expect(shorter.refused(11, 3, 0).cooldownMs).toBe(100);
  });

  test('with nothing sent before the 429, probes back off from the base, doubling, and a success ends the limit', () => {
    const pacer = new Pacer({ baseMs: 100, maxMs: 350, floorMs: 100 });
    const waits: number[] = [];
    let t = 0;
    for (let i = 0; i < 4; i++) {
      t = pacer.nextFree(t);
      expect(pacer.tryAcquire(t)).toBe(true);
      waits.push(pacer.refused(t + 1, t).cooldownMs);
      t++;
    }
    expect(waits).toEqual([100, 200, 350, 350]);
    t = pacer.nextFree(t);
    pacer.tryAcquire(t);
    pacer.admitted(t + 1, t);
    expect(pacer.nextFree(t + 1)).toBeLessThanOrEqual(t + 1);
    expect(pacer.estimates.limit).toBeUndefined();
  });

  test('a stray 429 after 3 sends teaches no limit: the real one is learned when it comes', () => {
    const pacer = new Pacer(policy);
    const server = new Stray(100, 1_000, [4]);
    const { end, refused } = drive(pacer, server, 600);
    const { limit, windowMs } = pacer.estimates;
    // Before: L stayed 3 (per a learned 31 ms), 2.1–2.7× the budget's time for the whole run.
    expect(limit).toBeGreaterThanOrEqual(95);
    expect(limit).toBeLessThanOrEqual(105);
    expect(windowMs).toBeGreaterThanOrEqual(1_000);
    expect(windowMs).toBeLessThanOrEqual(1_020);
    expect(refused).toBeLessThanOrEqual(25);
    expect(end).toBeLessThanOrEqual(1.3 * budgetBound(600, 100, 1_000));
  });

  test.each([
    ['a stray 429 after 20 sends (L 20 per a learned 0.5 s)', 100, [21]],
    ['the limit rising from 20 to 100 mid-run', 20, []],
  ])(
    'limit probes raise L again after %s: later runs go at the speed the budget allows',
    (_name, firstLimit, stray) => {
      const pacer = new Pacer(policy);
      const server = new Stray(firstLimit, 1_000, stray);
      let start = drive(pacer, server, 60).end;
      server.limit = 100;
      const runs = Array.from({ length: 5 }, () => {
        const run = drive(pacer, server, 200, { start });
        const took = run.end - start;
        start = run.end;
        return { took, refused: run.refused };
      });
      // Before: 20 per window stayed (10 s for each 200), or 23 per 0.55 s (4.5–5 s).
      // Each run of 200 takes two windows at best (one of them waiting for the last).
      const bound = 3 * (budgetBound(200, 100, 1_000) + 1_000);
      const took = runs.slice(2).reduce((ms, r) => ms + r.took, 0);
      expect(took).toBeLessThan(1.2 * bound);
      const refused = runs.reduce((n, r) => n + r.refused, 0);
      expect(refused).toBeLessThanOrEqual(40);
    },
  );

  test('at a real limit, limit probes cost at most one 429 per window, then fewer', () => {
    const pacer = new Pacer(policy);
    const server = new Window(20, 1_000);
    const first = drive(pacer, server, 100);
    const later = drive(pacer, server, 600, { start: first.end });
    const windows = (later.end - first.end) / 1_000;
    expect(later.refused).toBeLessThanOrEqual(Math.ceil(windows / 2));
    expect(pacer.estimates.limit).toBeGreaterThanOrEqual(20);
    expect(pacer.estimates.limit).toBeLessThanOrEqual(22);
    expect(later.end - first.end).toBeLessThanOrEqual(
      1.1 * budgetBound(600, 20, 1_000) + 1_000,
    );
  });
});
