import {
  installCompactRelationshipKeys,
  TESTED_RUNTIME_VERSION,
} from './install';

/** A runtime as `require` would load it: its package.json and its job state module. */
function runtime(version: string, jobState: Record<string, unknown>) {
  return (id: string): unknown =>
    id.endsWith('/package.json') ? { version } : jobState;
}

describe('installCompactRelationshipKeys', () => {
  const createStepJobState = () => ({});

  test('wraps createStepJobState of the tested release, once', () => {
    const jobState: Record<string, unknown> = { createStepJobState };
    const load = runtime(TESTED_RUNTIME_VERSION, jobState);
    expect(installCompactRelationshipKeys(load)).toEqual({ installed: true });
    const wrapped = jobState.createStepJobState;
    expect(wrapped).not.toBe(createStepJobState);
    expect(installCompactRelationshipKeys(load)).toEqual({ installed: true });
    expect(jobState.createStepJobState).toBe(wrapped);
  });

  test('leaves another release alone and says why in one line', () => {
    const jobState: Record<string, unknown> = { createStepJobState };
    const result = installCompactRelationshipKeys(runtime('9.0.0', jobState));
    expect(result).toEqual({
      installed: false,
      reason: `the SDK runtime is 9.0.0, the compact key check was tested on ${TESTED_RUNTIME_VERSION}; relationship keys are kept the SDK way (more memory)`,
    });
    expect(jobState.createStepJobState).toBe(createStepJobState);
  });

  test('leaves a runtime of another shape alone', () => {
    const result = installCompactRelationshipKeys(
      runtime(TESTED_RUNTIME_VERSION, {}),
    );
    expect(result.installed).toBe(false);
    expect(result).toMatchObject({
      reason: expect.stringMatching(/has no createStepJobState/) as unknown,
    });
  });
});
