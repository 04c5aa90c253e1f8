/**
 * Each step through the SDK's testing runtime (`executeStepWithDependencies`) against the
 * simulator over real HTTP: metadata, data-model schemas, and the exact keys the dataset implies.
 */
import {
  createMockStepExecutionContext,
  executeStepWithDependencies,
} from '@jupiterone/integration-sdk-testing';

import { IntegrationInvocationConfig } from '@jupiterone/integration-sdk-core';

import { invocationConfig as typedInvocationConfig } from '../../src';
import { IntegrationConfig } from '../../src/config';
import { Entities, Relationships, Steps } from '../../src/steps/constants';
import { groupSteps } from '../../src/steps/groups';
import { repositorySteps } from '../../src/steps/repositories';
import { userKey } from '../../src/steps/users/converter';
import { clearWindowBoundary, expectedGraph } from '../e2e/expected-graph';
import {
  relationshipSignatures,
  CollectedRelationship,
} from '../helpers/graph-files';
import { generateDataset } from '../../simulator/dataset';
import { Dataset } from '../../simulator/model';
import { RunningSimulator, startSimulator } from '../../simulator';

/** The SDK's test helpers take the untyped invocation config. */
const invocationConfig =
  typedInvocationConfig as unknown as IntegrationInvocationConfig;

describe('steps', () => {
  let sim: RunningSimulator;
  let dataset: Dataset;
  let instanceConfig: IntegrationConfig;
  const now = new Date();

  beforeAll(async () => {
    dataset = generateDataset({ seed: 21, now, size: 'small' });
    clearWindowBoundary(dataset, new Date(now.getTime() - 24 * 3_600_000));
    sim = await startSimulator({ dataset });
    instanceConfig = {
      workspace: dataset.workspaces[0].slug,
      oauthKey: 'sim-client-id',
      oauthSecret: 'sim-client-secret',
      apiBaseUrl: sim.apiBaseUrl,
      tokenUrl: sim.tokenUrl,
      // The issue-1 graph; the access steps have their own tests.
      ingestPermissions: false,
      ingestPullRequests: true,
      enrichedPrs: true,
    };
  });
  afterAll(() => sim?.close());

  const expected = () =>
    expectedGraph(dataset, {
      workspaces: [dataset.workspaces[0].slug],
      ingestPullRequests: true,
      enrichedPrs: true,
      windowStart: new Date(now.getTime() - 24 * 3_600_000),
    });

  const run = (stepId: string) =>
    executeStepWithDependencies({ stepId, invocationConfig, instanceConfig });

  /** Signatures of the relationships of some `_type`s, as the expected graph writes them. */
  const signaturesOf = (relationships: unknown[], types: string[]) =>
    relationshipSignatures(
      (relationships as CollectedRelationship[]).filter((r) =>
        types.includes(r._type),
      ),
    );
  const expectedSignatures = (pattern: RegExp) =>
    expected().relationships.filter((s) => pattern.test(s));
  const keysOf = (entities: Array<{ _key: string }>) =>
    entities.map((e) => e._key).sort();

  /* toMatchStepMetadata refuses steps that declare mapped relationships: entities and direct relationships go through it without them; mapped ones are checked by signature below. */
  const withoutMapped = (result: Awaited<ReturnType<typeof run>>) => ({
    ...result,
    collectedRelationships: result.collectedRelationships.filter(
      (r) => !r._mapping,
    ),
  });
  const directOnly = {
    ...invocationConfig,
    integrationSteps: invocationConfig.integrationSteps.map((step) => ({
      ...step,
      mappedRelationships: undefined,
    })),
  };

  /**
   * Runs a step with its dependencies and checks what every step test checks: the step's
   * metadata, the data-model schema of its entities (with `required` properties), and that
   * their keys are exactly the ones the dataset implies.
   */
  const runChecked = async (
    stepId: string,
    entity?: { _type: string; _class: string | string[] },
    required: string[] = [],
    checkMetadata = true,
  ) => {
    const result = await run(stepId);
    const declaresMapped = invocationConfig.integrationSteps.some(
      (s) => s.id === stepId && (s.mappedRelationships ?? []).length > 0,
    );
    if (!checkMetadata) {
      // Checked in access-steps.test.ts, where the types it declares are all produced.
    } else if (declaresMapped) {
      expect(withoutMapped(result)).toMatchStepMetadata({
        stepId,
        invocationConfig: directOnly,
        instanceConfig,
      });
    } else {
      expect(result).toMatchStepMetadata({
        stepId,
        invocationConfig,
        instanceConfig,
      });
    }
    const entities = entity
      ? result.collectedEntities.filter((e) => e._type === entity._type)
      : [];
    if (entity) {
      expect(entities).toMatchGraphObjectSchema({
        _class: entity._class,
        schema: { required },
      });
      expect(keysOf(entities)).toEqual(expected().entities[entity._type]);
    }
    return { result, entities };
  };

  it('fetch-workspaces', async () => {
    const { result } = await runChecked(
      Steps.WORKSPACES.id,
      Entities.WORKSPACE,
      ['slug', 'isPrivate', 'webLink'],
    );
    expect(keysOf(result.collectedEntities)).toEqual([
      `bitbucket_workspace:${dataset.workspaces[0].uuid}`,
    ]);
  });

  it('fetch-users', async () => {
    const { result } = await runChecked(Steps.USERS.id, Entities.USER, [
      'accountId',
      'active',
      'username',
      'webLink',
    ]);
    expect(
      signaturesOf(result.collectedRelationships, [
        Relationships.WORKSPACE_HAS_USER._type,
      ]),
    ).toEqual(
      expectedSignatures(/^bitbucket_workspace:.*\|HAS\|bitbucket_user:/),
    );
  });

  it('fetch-groups', async () => {
    const { result } = await runChecked(Steps.GROUPS.id, Entities.GROUP, [
      'slug',
      'autoAdd',
      'webLink',
    ]);
    expect(
      signaturesOf(result.collectedRelationships, [
        Relationships.WORKSPACE_HAS_GROUP._type,
        Relationships.GROUP_HAS_USER._type,
        Relationships.USER_OWNS_GROUP._type,
      ]),
    ).toEqual(expectedSignatures(/bitbucket_group:/));
    expect(
      signaturesOf(result.collectedRelationships, [
        Relationships.USER_OWNS_GROUP._type,
      ]).length,
    ).toBeGreaterThan(0);
  });

  it('fetch-groups: people a group lists but the member list did not get no edge, and a warning', async () => {
    // Bitbucket makes every group member a workspace member; someone who leaves between the
    // Users step's read and the Groups step's read is in a group but not in the graph. Here:
    // the owner of a user-owned group and a member of another group leave.
    const ws = dataset.workspaces[0];
    const owned = ws.groups.find((g) => g.owner.kind === 'user');
    if (owned?.owner.kind !== 'user')
      throw new Error('dataset has no user-owned group');
    const joined = ws.groups.find(
      (g) => g !== owned && g.memberAccountIds.length > 0,
    )!;
    const leaverIds = [owned.owner.accountId, joined.memberAccountIds[0]];
    const leaverKeys = dataset.accounts
      .filter((a) => leaverIds.includes(a.accountId))
      .map((a) => userKey(a.uuid));
    const notMembers = (g: (typeof ws.groups)[number]) =>
      g.memberAccountIds.filter((id) => leaverIds.includes(id)).length;
    const affected = ws.groups.filter((g) => g === owned || notMembers(g) > 0);

    // executeStepWithDependencies returns only the named step's own objects.
    const graph = [
      ...(await run(Steps.WORKSPACES.id)).collectedEntities,
      ...(await run(Steps.USERS.id)).collectedEntities,
    ];
    const context = createMockStepExecutionContext<IntegrationConfig>({
      instanceConfig: { ...instanceConfig },
      entities: graph.filter((e) => !leaverKeys.includes(e._key)),
    });
    const warn = jest.spyOn(context.logger, 'warn');
    await groupSteps[0].executionHandler(context);

    expect(
      signaturesOf(context.jobState.collectedRelationships, [
        Relationships.GROUP_HAS_USER._type,
        Relationships.USER_OWNS_GROUP._type,
      ]),
    ).toEqual(
      expectedSignatures(/bitbucket_group:/).filter(
        (s) =>
          !s.startsWith('bitbucket_workspace:') &&
          !leaverKeys.some((key) => s.includes(key)),
      ),
    );
    expect(leaverKeys).toHaveLength(2);
    expect(notMembers(joined)).toBeGreaterThan(0);
    expect(warn.mock.calls.map(([fields]) => fields as object)).toEqual(
      affected.map((g) => ({
        group: g.slug,
        workspace: ws.slug,
        notMembers: notMembers(g),
        ownerNotMember: g === owned,
      })),
    );
  });

  it('fetch-projects', async () => {
    await runChecked(Steps.PROJECTS.id, Entities.PROJECT, [
      'key',
      'public',
      'webLink',
    ]);
  });

  it('fetch-repos', async () => {
    const { result, entities: repos } = await runChecked(
      Steps.REPOS.id,
      Entities.REPO,
      ['fullName', 'public', 'forkPolicy', 'projectKey', 'isFork', 'webLink'],
      // With permissions off it writes no branch restriction (nor any posture).
      false,
    );
    expect(
      result.collectedEntities.filter(
        (e) => e._type === Entities.BRANCH_RESTRICTION._type,
      ),
    ).toEqual([]);
    expect(repos.some((r) => 'mainBranchPushRestricted' in r)).toBe(false);
    expect(
      signaturesOf(result.collectedRelationships, [
        Relationships.WORKSPACE_OWNS_REPO._type,
        Relationships.PROJECT_HAS_REPO._type,
      ]),
    ).toEqual(expectedSignatures(/\|(OWNS|HAS)\|bitbucket_repo:/));
    const gateway = repos.find((r) => r.slug === 'api.gateway');
    expect(gateway).toMatchObject({
      fullName: `${dataset.workspaces[0].slug}/api.gateway`,
    });
  });

  it('fetch-pull-requests', async () => {
    const { result, entities: prs } = await runChecked(
      Steps.PULL_REQUESTS.id,
      Entities.PULL_REQUEST,
      [
        'title',
        'state',
        'source',
        'target',
        'repository',
        'authorId',
        'approved',
        'reviewerIds',
        'approverIds',
        'webLink',
      ],
    );
    const own = [
      Relationships.REPO_HAS_PULL_REQUEST._type,
      Relationships.USER_OPENED_PULL_REQUEST._type,
      Relationships.USER_APPROVED_PULL_REQUEST._type,
    ];
    expect(signaturesOf(result.collectedRelationships, own)).toEqual(
      expectedSignatures(/\|(HAS|OPENED|APPROVED)\|/).filter((s) =>
        s.includes('bitbucket_pullrequest:'),
      ),
    );
    expect(expectedSignatures(/\|APPROVED\|/).length).toBeGreaterThan(0);
    // A pull request opened by someone who is not a member is kept with their identity.
    const external = prs.find(
      (p) =>
        !result.collectedEntities.some(
          (e) => e._type === 'bitbucket_user' && e.accountId === p.authorId,
        ),
    );
    expect(external).toMatchObject({
      authorId: expect.any(String),
      author: expect.any(String),
    });
  });

  it('build-pull-request-review-relationships', async () => {
    const { result } = await runChecked(Steps.PR_REVIEWS.id);
    const types = [Relationships.USER_REVIEWED_PULL_REQUEST._type];
    expect(signaturesOf(result.collectedRelationships, types)).toEqual(
      expectedSignatures(/\|REVIEWED\|/),
    );
    expect(
      (result.collectedRelationships as CollectedRelationship[]).filter(
        (r) => types.includes(r._type) && !r._mapping,
      ),
    ).toMatchDirectRelationshipSchema({});
  });
});

describe('fetch-repos while a repository is deleted during the listing', () => {
  let sim: RunningSimulator;
  afterAll(() => sim?.close());

  it('reads the shifted listing again and collects every repository once', async () => {
    const now = new Date();
    const dataset = generateDataset({ seed: 22, now, size: 'medium' });
    const ws = dataset.workspaces[0];
    // Three pages of 100: deleting one while page 1 is processed shifts an item past page 2.
    expect(ws.repositories.length).toBeGreaterThan(200);
    sim = await startSimulator({ dataset });
    const instanceConfig: IntegrationConfig = {
      workspace: ws.slug,
      oauthKey: 'sim-client-id',
      oauthSecret: 'sim-client-secret',
      apiBaseUrl: sim.apiBaseUrl,
      tokenUrl: sim.tokenUrl,
      // The issue-1 graph; the access steps have their own tests.
      ingestPermissions: false,
    };
    const before = expectedGraph(dataset, {
      workspaces: [ws.slug],
      ingestPullRequests: false,
      enrichedPrs: false,
      windowStart: now,
    });
    const dependencies = [
      ...(
        await executeStepWithDependencies({
          stepId: Steps.PROJECTS.id,
          invocationConfig,
          instanceConfig,
        })
      ).collectedEntities,
      ...(
        await executeStepWithDependencies({
          stepId: Steps.WORKSPACES.id,
          invocationConfig,
          instanceConfig,
        })
      ).collectedEntities,
    ];
    const context = createMockStepExecutionContext<IntegrationConfig>({
      instanceConfig,
      entities: dependencies,
    });
    const addEntity = context.jobState.addEntity.bind(context.jobState);
    let deleted = false;
    jest.spyOn(context.jobState, 'addEntity').mockImplementation((entity) => {
      if (!deleted) {
        deleted = true;
        // The repository just read is deleted in Bitbucket: it was collected, and stays.
        ws.repositories.shift();
      }
      return addEntity(entity);
    });
    await repositorySteps[0].executionHandler(context);

    expect(deleted).toBe(true);
    expect(
      context.jobState.collectedEntities
        .filter((e) => e._type === Entities.REPO._type)
        .map((e) => e._key)
        .sort(),
    ).toEqual(before.entities[Entities.REPO._type]);
  });
});
