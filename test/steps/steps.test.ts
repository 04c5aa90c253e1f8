/**
 * Each step through the SDK's testing runtime (`executeStepWithDependencies`) against the
 * simulator over real HTTP: metadata, data-model schemas, and the exact keys the dataset implies.
 */
import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import { IntegrationInvocationConfig } from '@jupiterone/integration-sdk-core';

import { invocationConfig as typedInvocationConfig } from '../../src';
import { IntegrationConfig } from '../../src/config';
import { Entities, Relationships, Steps } from '../../src/steps/constants';
import { clearWindowBoundary, expectedGraph } from '../e2e/expected-graph';
import {
  relationshipSignatures,
  CollectedRelationship,
} from '../helpers/graph-files';
import { generateDataset } from '../simulator/dataset';
import { Dataset } from '../simulator/model';
import { RunningSimulator, startSimulator } from '../simulator';

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

  it('fetch-workspaces', async () => {
    const result = await run(Steps.WORKSPACES.id);
    expect(result).toMatchStepMetadata({
      stepId: Steps.WORKSPACES.id,
      invocationConfig,
      instanceConfig,
    });
    expect(result.collectedEntities).toMatchGraphObjectSchema({
      _class: Entities.WORKSPACE._class,
      schema: { required: ['slug', 'isPrivate', 'webLink'] },
    });
    expect(keysOf(result.collectedEntities)).toEqual([
      `bitbucket_workspace:${dataset.workspaces[0].uuid}`,
    ]);
  });

  it('fetch-users', async () => {
    const result = await run(Steps.USERS.id);
    expect(result).toMatchStepMetadata({
      stepId: Steps.USERS.id,
      invocationConfig,
      instanceConfig,
    });
    const users = result.collectedEntities.filter(
      (e) => e._type === Entities.USER._type,
    );
    expect(users).toMatchGraphObjectSchema({
      _class: Entities.USER._class,
      schema: { required: ['accountId', 'active', 'username', 'webLink'] },
    });
    expect(keysOf(users)).toEqual(expected().entities.bitbucket_user);
    expect(
      signaturesOf(result.collectedRelationships, [
        Relationships.WORKSPACE_HAS_USER._type,
      ]),
    ).toEqual(
      expectedSignatures(/^bitbucket_workspace:.*\|HAS\|bitbucket_user:/),
    );
  });

  it('fetch-groups', async () => {
    const result = await run(Steps.GROUPS.id);
    expect(result).toMatchStepMetadata({
      stepId: Steps.GROUPS.id,
      invocationConfig,
      instanceConfig,
    });
    const groups = result.collectedEntities.filter(
      (e) => e._type === Entities.GROUP._type,
    );
    expect(groups).toMatchGraphObjectSchema({
      _class: Entities.GROUP._class,
      schema: { required: ['slug', 'autoAdd', 'webLink'] },
    });
    expect(keysOf(groups)).toEqual(expected().entities.bitbucket_group);
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

  it('fetch-projects', async () => {
    const result = await run(Steps.PROJECTS.id);
    expect(result).toMatchStepMetadata({
      stepId: Steps.PROJECTS.id,
      invocationConfig,
      instanceConfig,
    });
    const projects = result.collectedEntities.filter(
      (e) => e._type === Entities.PROJECT._type,
    );
    expect(projects).toMatchGraphObjectSchema({
      _class: Entities.PROJECT._class,
      schema: { required: ['key', 'public', 'webLink'] },
    });
    expect(keysOf(projects)).toEqual(expected().entities.bitbucket_project);
  });

  it('fetch-repos', async () => {
    const result = await run(Steps.REPOS.id);
    expect(result).toMatchStepMetadata({
      stepId: Steps.REPOS.id,
      invocationConfig,
      instanceConfig,
    });
    const repos = result.collectedEntities.filter(
      (e) => e._type === Entities.REPO._type,
    );
    expect(repos).toMatchGraphObjectSchema({
      _class: Entities.REPO._class,
      schema: {
        required: [
          'fullName',
          'public',
          'forkPolicy',
          'projectKey',
          'isFork',
          'webLink',
        ],
      },
    });
    expect(keysOf(repos)).toEqual(expected().entities.bitbucket_repo);
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

  it('fetch-pull-requests', async () => {
    const result = await run(Steps.PULL_REQUESTS.id);
    expect(withoutMapped(result)).toMatchStepMetadata({
      stepId: Steps.PULL_REQUESTS.id,
      invocationConfig: directOnly,
      instanceConfig,
    });
    const prs = result.collectedEntities.filter(
      (e) => e._type === Entities.PULL_REQUEST._type,
    );
    expect(prs).toMatchGraphObjectSchema({
      _class: Entities.PULL_REQUEST._class,
      schema: {
        required: [
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
      },
    });
    expect(keysOf(prs)).toEqual(expected().entities.bitbucket_pullrequest);
    const own = [
      Relationships.REPO_HAS_PULL_REQUEST._type,
      Relationships.USER_OPENED_PULL_REQUEST._type,
    ];
    expect(signaturesOf(result.collectedRelationships, own)).toEqual(
      expectedSignatures(/\|(HAS|OPENED)\|/).filter((s) =>
        s.includes('bitbucket_pullrequest:'),
      ),
    );
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
    const result = await run(Steps.PR_REVIEWS.id);
    expect(withoutMapped(result)).toMatchStepMetadata({
      stepId: Steps.PR_REVIEWS.id,
      invocationConfig: directOnly,
      instanceConfig,
    });
    const types = [
      Relationships.USER_REVIEWED_PULL_REQUEST._type,
      Relationships.USER_APPROVED_PULL_REQUEST._type,
    ];
    expect(signaturesOf(result.collectedRelationships, types)).toEqual(
      expectedSignatures(/\|(REVIEWED|APPROVED)\|/),
    );
    expect(
      (result.collectedRelationships as CollectedRelationship[]).filter(
        (r) => types.includes(r._type) && !r._mapping,
      ),
    ).toMatchDirectRelationshipSchema({});
  });
});
