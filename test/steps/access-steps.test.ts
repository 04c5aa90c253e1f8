/**
 * The access steps through the SDK's testing runtime against the simulator: metadata, schemas,
 * and the exact relationships the oracle (test/e2e/expected-access.ts) computes from the dataset.
 */
import {
  createMockStepExecutionContext,
  executeStepWithDependencies,
} from '@jupiterone/integration-sdk-testing';
import {
  IntegrationInvocationConfig,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';

import { invocationConfig as typedInvocationConfig } from '../../src';
import { IntegrationConfig } from '../../src/config';
import { Entities, Relationships, Steps } from '../../src/steps/constants';
import { repoPermissionSteps } from '../../src/steps/repo-permissions';
import { expectedAccess } from '../e2e/expected-access';
import {
  CollectedRelationship,
  relationshipSignatures,
} from '../helpers/graph-files';
import { generateDataset } from '../../simulator/dataset';
import { Dataset } from '../../simulator/model';
import { RunningSimulator, startSimulator } from '../../simulator';

const invocationConfig =
  typedInvocationConfig as unknown as IntegrationInvocationConfig;

describe('access steps', () => {
  let sim: RunningSimulator;
  let dataset: Dataset;
  let instanceConfig: IntegrationConfig;
  const now = new Date();

  beforeAll(async () => {
    dataset = generateDataset({ seed: 41, now, size: 'small' });
    sim = await startSimulator({ dataset });
    instanceConfig = {
      workspace: dataset.workspaces[0].slug,
      oauthKey: 'sim-client-id',
      oauthSecret: 'sim-client-secret',
      apiBaseUrl: sim.apiBaseUrl,
      tokenUrl: sim.tokenUrl,
      ingestPullRequests: false,
    };
  });
  afterAll(() => sim?.close());

  const expected = () =>
    expectedAccess(dataset, {
      workspaces: [dataset.workspaces[0].slug],
      ingestPermissions: true,
      ingestPullRequests: false,
      windowStart: now,
    });

  const check = async (stepId: string, types: StepRelationshipMetadata[]) => {
    const result = await executeStepWithDependencies({
      stepId,
      invocationConfig,
      instanceConfig,
    });
    expect(result).toMatchStepMetadata({
      stepId,
      invocationConfig,
      instanceConfig,
    });
    const own = (
      result.collectedRelationships as CollectedRelationship[]
    ).filter((r) => types.some((t) => t._type === r._type));
    expect(own).toMatchDirectRelationshipSchema({});
    const pattern = new RegExp(
      types
        .map((t) => `^${t.sourceType}:[^|]+\\|${t._class}\\|${t.targetType}:`)
        .join('|'),
    );
    const wanted = expected().relationships.filter((s) => pattern.test(s));
    expect(wanted.length).toBeGreaterThan(0);
    expect(relationshipSignatures(own)).toEqual(wanted);
    return result;
  };

  it('fetch-repos with permissions on: the posture, and only the repository types', async () => {
    const result = await executeStepWithDependencies({
      stepId: Steps.REPOS.id,
      invocationConfig,
      instanceConfig,
    });
    expect(result).toMatchStepMetadata({
      stepId: Steps.REPOS.id,
      invocationConfig,
      instanceConfig,
    });
    expect(
      result.collectedEntities.some(
        (e) => e._type === Entities.BRANCH_RESTRICTION._type,
      ),
    ).toBe(false);
    expect(
      result.collectedEntities.some(
        (e) =>
          e._type === Entities.REPO._type &&
          e.mainBranchPushRestricted === true,
      ),
    ).toBe(true);
  });

  it('fetch-branch-restrictions: the restrictions fetch-repos read, and HAS', async () => {
    const result = await check(Steps.BRANCH_RESTRICTIONS.id, [
      Relationships.REPO_HAS_BRANCH_RESTRICTION,
    ]);
    const restrictions = result.collectedEntities.filter(
      (e) => e._type === Entities.BRANCH_RESTRICTION._type,
    );
    expect(restrictions).toMatchGraphObjectSchema({
      _class: ['Rule', 'AccessPolicy'],
    });
    expect(restrictions.map((e) => e._key).sort()).toEqual(
      expected().entities.bitbucket_branch_restriction,
    );
  });

  it('fetch-users with permissions on: role on every membership', async () => {
    const result = await executeStepWithDependencies({
      stepId: Steps.USERS.id,
      invocationConfig,
      instanceConfig,
    });
    const memberships = result.collectedRelationships.filter(
      (r) => r._type === Relationships.WORKSPACE_HAS_USER._type,
    );
    expect(memberships.length).toBe(
      dataset.workspaces[0].memberAccountIds.length,
    );
    expect(new Set(memberships.map((r) => r.role))).toEqual(
      new Set(['owner', 'member']),
    );
  });

  it('build-user-workspace-relationships', () =>
    check(Steps.WORKSPACE_MANAGERS.id, [Relationships.USER_MANAGES_WORKSPACE]));

  it('fetch-project-permissions', () =>
    check(Steps.PROJECT_PERMISSIONS.id, [
      Relationships.PROJECT_ALLOWS_USER,
      Relationships.PROJECT_ALLOWS_GROUP,
    ]));

  it('fetch-repo-permissions', () =>
    check(Steps.REPO_PERMISSIONS.id, [
      Relationships.REPO_ALLOWS_USER,
      Relationships.REPO_ALLOWS_GROUP,
    ]));

  it('build-branch-restriction-exemption-relationships', () =>
    check(Steps.BRANCH_RESTRICTION_EXEMPTIONS.id, [
      Relationships.BRANCH_RESTRICTION_ALLOWS_USER,
      Relationships.BRANCH_RESTRICTION_ALLOWS_GROUP,
    ]));

  it('a repository deleted between the listing and its permission read is skipped with a warning', async () => {
    // What fetch-repo-permissions depends on, each step's own output.
    const runs = await Promise.all(
      [
        Steps.WORKSPACES.id,
        Steps.USERS.id,
        Steps.GROUPS.id,
        Steps.REPOS.id,
        Steps.PROJECT_PERMISSIONS.id,
      ].map((stepId) =>
        executeStepWithDependencies({
          stepId,
          invocationConfig,
          instanceConfig,
        }),
      ),
    );
    const context = createMockStepExecutionContext<IntegrationConfig>({
      instanceConfig,
      entities: runs.flatMap((r) => r.collectedEntities),
      relationships: runs.flatMap((r) => r.collectedRelationships),
      // Project grants and owners, as the earlier steps handed them on.
      setData: Object.assign({}, ...runs.map((r) => r.collectedData)) as Record<
        string,
        unknown
      >,
    });
    const ws = dataset.workspaces[0];
    const gone = ws.repositories.shift();
    if (!gone) throw new Error('dataset has no repository');
    const warn = jest.spyOn(context.logger, 'publishWarnEvent');
    await repoPermissionSteps[0].executionHandler(context);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        description: expect.stringContaining(
          `(${gone.uuid}) was not found when its permissions were read`,
        ),
      }),
    );
    const edges = context.jobState.collectedRelationships.filter(
      (r) => r._type === Relationships.REPO_ALLOWS_USER._type,
    );
    expect(edges.length).toBeGreaterThan(0);
    expect(
      edges.some((r) => r._fromEntityKey === `bitbucket_repo:${gone.uuid}`),
    ).toBe(false);
  });
});
