import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';

import { Progress, startProgress } from './progress';

function fakeClient() {
  const stats = { totalCalls: 0, rateLimited: 0 };
  return { stats, getStats: () => ({ ...stats }) };
}

describe('progress', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('stays quiet for 10 s, then logs at most once per 15 s until stopped', async () => {
    const logger = createMockIntegrationLogger();
    const info = jest.spyOn(logger, 'info');
    const client = fakeClient();
    const progress = startProgress({
      logger,
      client,
      label: 'Pull requests',
      unit: 'repositories',
      total: 4,
      items: 'pull requests',
    });
    const task = progress.track(async (n: number) => {
      progress.item(n);
      client.stats.totalCalls += 2;
      await Promise.resolve();
    });
    await task(3);
    jest.advanceTimersByTime(9_999);
    expect(info).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(info).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0][1]).toBe(
      'Pull requests: 1/4 repositories, 3 pull requests, 2 call(s), 0 answered 429; about 30 s left',
    );
    jest.advanceTimersByTime(14_999);
    expect(info).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1);
    expect(info).toHaveBeenCalledTimes(2);
    await task(1);
    await task(0);
    await task(0);
    jest.advanceTimersByTime(60_000);
    expect(info).toHaveBeenCalledTimes(2);
  });

  it('stops when a tracked task throws', async () => {
    const logger = createMockIntegrationLogger();
    const info = jest.spyOn(logger, 'info');
    const progress = startProgress({
      logger,
      client: fakeClient(),
      label: 'Repositories',
      unit: 'workspaces',
      total: 2,
      items: 'repositories',
    });
    await expect(
      progress.track(() => Promise.reject(new Error('boom')))(),
    ).rejects.toThrow('boom');
    jest.advanceTimersByTime(60_000);
    expect(info).not.toHaveBeenCalled();
  });

  it('says when the estimate includes rate-limit waits, and that credentials shorten them', () => {
    let now = 0;
    const client = fakeClient();
    const progress = new Progress({
      logger: createMockIntegrationLogger(),
      client,
      label: 'Pull requests',
      unit: 'repositories',
      total: 100,
      items: 'pull requests',
      now: () => now,
    });
    expect(progress.line()).toMatch(/time left not known yet$/);
    void progress.track(() => Promise.resolve())();
    client.stats.rateLimited = 3;
    client.stats.totalCalls = 1000;
    now = 120_000;
    return Promise.resolve().then(() => {
      expect(progress.line()).toMatch(
        /1\/100 repositories, .*3 answered 429; about 99\.0 h left \(rate limited after about 1000 calls: Bitbucket gives that budget back over its documented one-hour window; each credential added to OAUTH_KEY, ACCESS_TOKENS or API_TOKEN brings its own and shortens the wait\)$/,
      );
    });
  });

  it('estimates the time left with the window the client learned, and says so', () => {
    let now = 0;
    const stats = {
      totalCalls: 0,
      rateLimited: 0,
      byCredential: {} as Record<string, { windowMs?: number }>,
    };
    const progress = new Progress({
      logger: createMockIntegrationLogger(),
      client: { getStats: () => structuredClone(stats) },
      label: 'Pull requests',
      unit: 'repositories',
      total: 100,
      items: 'pull requests',
      now: () => now,
    });
    void progress.track(() => Promise.resolve())();
    stats.rateLimited = 3;
    stats.totalCalls = 1000;
    stats.byCredential = {
      'OAuth consumer #1 (key k1)': { windowMs: 2_000 },
      'OAuth consumer #2 (key k2)': { windowMs: 5_000 },
      'OAuth consumer #3 (key k3)': {},
    };
    now = 1_000;
    return Promise.resolve().then(() => {
      // 99 budgets of 1,000 calls left, one per learned 5 s window (not 99 hours).
      expect(progress.line()).toMatch(
        /; about 8 min left \(rate limited after about 1000 calls: Bitbucket gives that budget back over its rolling window, learned as about 5 s; each credential added to OAUTH_KEY, ACCESS_TOKENS or API_TOKEN brings its own and shortens the wait\)$/,
      );
    });
  });

  it('records the budget when the first 429 arrives, not when the line is written', async () => {
    const client = fakeClient();
    const logger = createMockIntegrationLogger();
    const info = jest.spyOn(logger, 'info');
    const progress = startProgress({
      logger,
      client,
      label: 'Pull requests',
      unit: 'repositories',
      total: 10,
      items: 'pull requests',
    });
    await progress.track(() => Promise.resolve())();
    client.stats.totalCalls = 400;
    client.stats.rateLimited = 1;
    jest.advanceTimersByTime(1_000);
    // The window came back and the step went on before the first line.
    client.stats.totalCalls = 900;
    jest.advanceTimersByTime(9_000);
    expect(info).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0][1]).toContain(
      '(rate limited after about 400 calls:',
    );
    progress.stop();
  });

  it('gives the advice on credentials once per run, however many lines and steps', async () => {
    const client = fakeClient();
    const logger = createMockIntegrationLogger();
    const info = jest.spyOn(logger, 'info');
    const step = (label: string) =>
      startProgress({
        logger,
        client,
        label,
        unit: 'repositories',
        total: 10,
        items: 'items',
      });
    const first = step('Pull requests');
    await first.track(() => Promise.resolve())();
    client.stats.totalCalls = 100;
    client.stats.rateLimited = 2;
    jest.advanceTimersByTime(10_000 + 15_000 * 3);
    first.stop();
    const second = step('Repository permissions');
    client.stats.rateLimited = 5;
    await second.track(() => Promise.resolve())();
    jest.advanceTimersByTime(10_000);
    second.stop();

    const lines = info.mock.calls.map((call) => call[1] as string);
    expect(lines).toHaveLength(5);
    expect(lines.filter((l) => l.includes('OAUTH_KEY'))).toHaveLength(1);
    expect(lines[0]).toContain('OAUTH_KEY');
    expect(lines.slice(1)).toEqual(
      lines
        .slice(1)
        .map(
          () =>
            expect.stringMatching(
              /\(rate limited after about 100 calls\)$/,
            ) as string,
        ),
    );
  });
});
