import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';

import { Failures, reasonOf } from './failures';

const rateLimited = (repo: string) =>
  new IntegrationProviderAPIError({
    endpoint: `/2.0/repositories/ws/${repo}/pullrequests`,
    status: 429,
    statusText: 'stayed rate limited for the wait bound (5 s)',
  });

describe('Failures', () => {
  it('logs one error line per reason, with the count and five examples', () => {
    const logger = createMockIntegrationLogger();
    const error = jest.spyOn(logger, 'error');
    const debug = jest.spyOn(logger, 'debug');
    const failures = new Failures({
      logger,
      what: 'the pull requests of',
      unit: ['repository', 'repositories'],
    });
    for (let i = 1; i <= 17; i++)
      failures.add(`ws/r${i}`, rateLimited(`r${i}`));
    failures.add('ws/odd', new Error('socket hang up'));

    expect(error).not.toHaveBeenCalled();
    expect(debug).toHaveBeenCalledTimes(18);
    expect(debug.mock.calls[0][1]).toBe(
      'Could not read the pull requests of ws/r1: 429 stayed rate limited for the wait bound (5 s)',
    );

    failures.log();
    expect(error.mock.calls.map((call) => call[1] as string)).toEqual([
      'Could not read the pull requests of 17 repositories (ws/r1, ws/r2, ws/r3, ws/r4, ws/r5, …): 429 stayed rate limited for the wait bound (5 s)',
      'Could not read the pull requests of 1 repository (ws/odd): socket hang up',
    ]);
    expect(error.mock.calls[0][0]).toEqual({
      failed: 17,
      examples: ['ws/r1', 'ws/r2', 'ws/r3', 'ws/r4', 'ws/r5'],
    });
    expect(failures.size).toBe(18);
    expect(failures.items[17]).toBe('ws/odd');
  });

  it('says nothing when nothing failed', () => {
    const logger = createMockIntegrationLogger();
    const error = jest.spyOn(logger, 'error');
    const failures = new Failures({
      logger,
      what: 'the permissions of',
      unit: ['project', 'projects'],
    });
    failures.log();
    expect(error).not.toHaveBeenCalled();
    expect(failures.size).toBe(0);
  });

  it('takes the reason without the endpoint, so failures on many items group', () => {
    expect(reasonOf(rateLimited('a'))).toBe(reasonOf(rateLimited('b')));
    expect(reasonOf(rateLimited('a'))).not.toContain('/2.0/');
    expect(reasonOf(new Error('boom'))).toBe('boom');
    expect(reasonOf('text')).toBe('text');
  });
});
