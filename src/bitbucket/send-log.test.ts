import { MEMORY_MS, SendLog } from './send-log';

describe('SendLog', () => {
  test('remembers an hour of sends (or two learned windows), not the whole run', () => {
    const log = new SendLog();
    // One send a second for three hours, window unknown.
    for (let t = 0; t < 3 * MEMORY_MS; t += 1_000) log.push(t, undefined, 0);
    expect(log.length).toBeLessThanOrEqual(MEMORY_MS / 1_000 + 65);
    expect(log.length).toBeGreaterThanOrEqual(MEMORY_MS / 1_000);
  });

  test('keeps the newest L sends however old, and counts only those not refused', () => {
    const log = new SendLog();
    for (let t = 0; t < 200; t++) log.push(t * MEMORY_MS, 5_000, 150);
    expect(log.length).toBeGreaterThanOrEqual(150);
    expect(log.oldestOf(150)).toBe(50 * MEMORY_MS);
    log.remove(199 * MEMORY_MS);
    expect(log.countAfter(197 * MEMORY_MS)).toBe(1);
  });
});
