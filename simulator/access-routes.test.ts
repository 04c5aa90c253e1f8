import { ALICE, BOB, fixtureDataset } from './fixture';
import { generateDataset } from './dataset';
import { Dataset } from './model';
import { RunningSimulator, SimulatorOptions, startSimulator } from './server';

const basic = (user: string, pass: string) =>
  `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

interface Page {
  values: Array<Record<string, unknown>>;
  pagelen: number;
  size: number;
  page: number;
  next?: string;
  previous?: string;
}

const ALL_OAUTH = [
  'account',
  'project',
  'repository',
  'pullrequest',
  'project:admin',
  'repository:admin',
];

describe('simulator access endpoints', () => {
  let sim: RunningSimulator;
  const tokens: Record<string, string> = {};

  async function start(
    dataset: Dataset = fixtureDataset(),
    extra: Partial<SimulatorOptions> = {},
  ) {
    sim = await startSimulator({
      dataset,
      credentials: {
        oauth: [
          { clientId: 'admin', secret: 's', scopes: ALL_OAUTH },
          {
            clientId: 'plain',
            secret: 's',
            scopes: ['account', 'project', 'repository', 'pullrequest'],
          },
          { clientId: 'notadmin', secret: 's', scopes: ALL_OAUTH },
        ],
        accessTokens: [
          {
            token: 'wat-1',
            // Every scope, so the refusals below are about the credential kind alone.
            scopes: ALL_OAUTH,
            workspace: dataset.workspaces[0].slug,
          },
        ],
        apiTokens: [
          {
            email: 'auditor@x.test',
            token: 'ATAT-full',
            scopes: [
              'read:workspace:bitbucket',
              'read:project:bitbucket',
              'read:repository:bitbucket',
              'admin:repository:bitbucket',
            ],
          },
          {
            email: 'reader@x.test',
            token: 'ATAT-read',
            scopes: ['read:repository:bitbucket'],
          },
        ],
      },
      access: { notAdmin: ['oauth:notadmin'] },
      ...extra,
    });
    for (const id of ['admin', 'plain', 'notadmin']) {
      const res = await fetch(sim.tokenUrl, {
        method: 'POST',
        headers: {
          Authorization: basic(id, 's'),
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      tokens[id] = (
        (await res.json()) as { access_token: string }
      ).access_token;
    }
  }
  afterEach(() => sim?.close());

  const get = async <T = Page>(
    path: string,
    auth: string = `Bearer ${tokens.admin}`,
  ) => {
    const res = await fetch(
      path.startsWith('http') ? path : `${sim.apiBaseUrl}${path}`,
      { headers: { Authorization: auth } },
    );
    return { status: res.status, body: (await res.json()) as T, res };
  };
  const errorMessage = (body: unknown) =>
    (body as { error: { message: string } }).error.message;

  describe('on the fixture', () => {
    beforeEach(() => start());

    it('lists memberships with their workspace permission, filterable by BBQL', async () => {
      const all = await get('/workspaces/acme/permissions');
      expect(all.status).toBe(200);
      expect(all.res.headers.get('x-accepted-oauth-scopes')).toBe('account');
      expect(all.body.pagelen).toBe(50);
      expect(
        all.body.values.map((v) => [
          (v.user as { account_id: string }).account_id,
          v.permission,
          v.type,
        ]),
      ).toEqual([
        [ALICE, 'owner', 'workspace_membership'],
        [BOB, 'member', 'workspace_membership'],
      ]);
      const owners = await get(
        `/workspaces/acme/permissions?q=${encodeURIComponent('permission="owner"')}`,
      );
      expect(owners.body.values).toHaveLength(1);
      expect(owners.body.size).toBe(1);
      const bad = await get(
        `/workspaces/acme/permissions?q=${encodeURIComponent('workspace.slug="acme"')}`,
      );
      expect(bad.status).toBe(400);
    });

    it('serves explicit repository grants for users and groups, `none` included', async () => {
      const users = await get(
        '/repositories/acme/api.gateway/permissions-config/users',
      );
      expect(users.status).toBe(200);
      expect(users.res.headers.get('x-accepted-oauth-scopes')).toBe(
        'repository:admin',
      );
      expect(
        users.body.values.map((v) => [
          (v.user as { account_id: string }).account_id,
          v.permission,
        ]),
      ).toEqual([
        [ALICE, 'admin'],
        [BOB, 'read'],
      ]);
      const groups = await get(
        '/repositories/acme/api.gateway/permissions-config/groups',
      );
      expect(groups.body.values[0]).toMatchObject({
        type: 'repository_group_permission',
        permission: 'write',
        group: {
          slug: 'administrators',
          full_slug: 'acme:administrators',
          account_privilege: 'admin',
          default_permission: 'admin',
        },
      });
      const none = await get(
        '/repositories/acme/infra_tools/permissions-config/users',
      );
      expect(none.body.values.map((v) => v.permission)).toEqual(['none']);
      const empty = await get(
        '/repositories/acme/infra_tools/permissions-config/groups',
      );
      expect(empty.body).toEqual({
        values: [],
        pagelen: 10,
        size: 0,
        page: 1,
      });
    });

    it('serves project grants, by key in any case, and 404 for an unknown project', async () => {
      const users = await get(
        '/workspaces/acme/projects/sec/permissions-config/users',
      );
      expect(users.status).toBe(200);
      expect(users.res.headers.get('x-accepted-oauth-scopes')).toBe(
        'project:admin',
      );
      expect(users.body.values).toEqual([
        expect.objectContaining({
          type: 'project_user_permission',
          permission: 'create-repo',
        }),
      ]);
      const groups = await get(
        '/workspaces/acme/projects/SEC/permissions-config/groups',
      );
      expect(groups.body.values[0]).toMatchObject({
        type: 'project_group_permission',
        permission: 'admin',
        group: { slug: 'administrators' },
      });
      const missing = await get(
        '/workspaces/acme/projects/NOPE/permissions-config/users',
      );
      expect(missing.status).toBe(404);
    });

    it('pages branch restrictions at 10 by default, 50 at most, newest first, with exempt users and groups', async () => {
      const first = await get(
        '/repositories/acme/api.gateway/branch-restrictions',
      );
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ pagelen: 10, size: 12, page: 1 });
      expect(first.body.values.map((v) => v.id)).toEqual([
        112, 111, 110, 109, 108, 107, 106, 105, 104, 103,
      ]);
      const second = await get(String(first.body.next));
      expect(second.body.values.map((v) => v.id)).toEqual([102, 101]);
      expect(second.body.next).toBeUndefined();
      const push = second.body.values[1];
      expect(push).toMatchObject({
        kind: 'push',
        branch_match_kind: 'glob',
        pattern: 'main',
        value: null,
        type: 'branchrestriction',
      });
      expect(push).not.toHaveProperty('branch_type');
      expect((push.users as Array<{ account_id: string }>)[0].account_id).toBe(
        BOB,
      );
      expect((push.groups as Array<{ slug: string }>)[0].slug).toBe(
        'administrators',
      );
      const model = first.body.values.find((v) => v.id === 110);
      expect(model).toMatchObject({
        branch_match_kind: 'branching_model',
        branch_type: 'development',
        pattern: '',
        value: 5,
      });
      expect(
        (
          await get(
            '/repositories/acme/api.gateway/branch-restrictions?pagelen=50',
          )
        ).body.values,
      ).toHaveLength(12);
      expect(
        (
          await get(
            '/repositories/acme/api.gateway/branch-restrictions?pagelen=51',
          )
        ).status,
      ).toBe(400);
      const force = await get(
        '/repositories/acme/api.gateway/branch-restrictions?kind=force',
      );
      expect(force.body.values.map((v) => v.id)).toEqual([111, 102]);
      const release = await get(
        `/repositories/acme/api.gateway/branch-restrictions?pattern=${encodeURIComponent('release/*')}`,
      );
      expect(release.body.values.map((v) => v.id)).toEqual([108]);
    });

    it('serves the branching model: enabled types only, production only when enabled, default for others', async () => {
      const model = await get<Record<string, unknown>>(
        '/repositories/acme/api.gateway/branching-model',
      );
      expect(model.status).toBe(200);
      expect(model.res.headers.get('x-accepted-oauth-scopes')).toBe(
        'repository',
      );
      expect(model.body).toMatchObject({
        type: 'branching_model',
        development: {
          name: 'develop',
          use_mainbranch: false,
          branch: { type: 'branch', name: 'develop' },
        },
        production: { name: 'main', use_mainbranch: true },
      });
      expect(
        (model.body.branch_types as Array<{ kind: string }>).map((b) => b.kind),
      ).toEqual(['feature', 'bugfix', 'release']);
      // An empty repository with the default model: no branch, no production.
      const empty = await get<Record<string, unknown>>(
        '/repositories/acme/infra_tools/effective-branching-model',
      );
      expect(empty.body.development).toEqual({
        name: null,
        use_mainbranch: true,
      });
      expect(empty.body).not.toHaveProperty('production');
      expect(empty.body.branch_types).toHaveLength(4);
      const narrowed = await get<Record<string, unknown>>(
        '/repositories/acme/api.gateway/branching-model?fields=development.name',
      );
      expect(narrowed.body).toEqual({ development: { name: 'develop' } });
    });

    it('serves effective permissions: the highest level from any source, members with none left out', async () => {
      const repo = await get(
        '/workspaces/acme/permissions/repositories/infra_tools',
      );
      expect(repo.status).toBe(200);
      // Alice owns the workspace; Bob's direct `none` is outranked by his project create-repo.
      expect(
        repo.body.values.map((v) => [
          (v.user as { account_id: string }).account_id,
          v.permission,
        ]),
      ).toEqual([
        [ALICE, 'admin'],
        [BOB, 'write'],
      ]);
      const all = await get(
        `/workspaces/acme/permissions/repositories?q=${encodeURIComponent('permission="write"')}`,
      );
      expect(
        all.body.values.map(
          (v) => (v.repository as { full_name: string }).full_name,
        ),
      ).toEqual(['acme/api.gateway', 'acme/infra_tools']);
    });

    it('refuses access tokens on every permission endpoint, but not on branch restrictions', async () => {
      const at = 'Bearer wat-1';
      for (const path of [
        '/workspaces/acme/permissions',
        '/workspaces/acme/permissions/repositories',
        '/workspaces/acme/permissions/repositories/api.gateway',
        '/repositories/acme/api.gateway/permissions-config/users',
        '/repositories/acme/api.gateway/permissions-config/groups',
        '/workspaces/acme/projects/SEC/permissions-config/users',
        '/workspaces/acme/projects/SEC/permissions-config/groups',
      ]) {
        const res = await get(path, at);
        expect([path, res.status]).toEqual([path, 403]);
        expect(errorMessage(res.body)).toMatch(/access token/i);
      }
      const restrictions = await get(
        '/repositories/acme/api.gateway/branch-restrictions',
        at,
      );
      expect(restrictions.status).toBe(200);
      expect(
        (await get('/repositories/acme/api.gateway/branching-model', at))
          .status,
      ).toBe(200);
      // The members list stays open to access tokens.
      expect((await get('/workspaces/acme/members', at)).status).toBe(200);
    });

    it('needs the admin scopes for OAuth and the documented granular scopes for API tokens', async () => {
      const plain = `Bearer ${tokens.plain}`;
      for (const [path, required] of [
        [
          '/repositories/acme/api.gateway/permissions-config/users',
          'repository:admin',
        ],
        [
          '/repositories/acme/api.gateway/branch-restrictions',
          'repository:admin',
        ],
        [
          '/workspaces/acme/projects/SEC/permissions-config/groups',
          'project:admin',
        ],
      ]) {
        const res = await get(path, plain);
        expect([path, res.status]).toEqual([path, 403]);
        expect(
          (res.body as unknown as { error: { detail: { required: string[] } } })
            .error.detail.required,
        ).toEqual([required]);
      }
      // The plain consumer still reads the workspace permissions (account) and branching model.
      expect((await get('/workspaces/acme/permissions', plain)).status).toBe(
        200,
      );
      expect(
        (await get('/repositories/acme/api.gateway/branching-model', plain))
          .status,
      ).toBe(200);

      const full = basic('auditor@x.test', 'ATAT-full');
      for (const path of [
        '/workspaces/acme/permissions',
        '/repositories/acme/api.gateway/permissions-config/users',
        '/workspaces/acme/projects/SEC/permissions-config/users',
        '/repositories/acme/api.gateway/branch-restrictions',
      ]) {
        expect([path, (await get(path, full)).status]).toEqual([path, 200]);
      }
      const reader = basic('reader@x.test', 'ATAT-read');
      const denied = await get(
        '/repositories/acme/api.gateway/branch-restrictions',
        reader,
      );
      expect(denied.status).toBe(403);
      expect(
        (
          denied.body as unknown as {
            error: { detail: { required: string[] } };
          }
        ).error.detail.required,
      ).toEqual(['admin:repository:bitbucket']);
      expect(
        (
          await get(
            '/repositories/acme/api.gateway/permissions-config/groups',
            reader,
          )
        ).status,
      ).toBe(200);
    });

    it('answers 403 to a credential whose user administers nothing, after the 404 for a missing repository', async () => {
      const notAdmin = `Bearer ${tokens.notadmin}`;
      const res = await get(
        '/repositories/acme/api.gateway/permissions-config/users',
        notAdmin,
      );
      expect(res.status).toBe(403);
      expect(errorMessage(res.body)).toBe(
        "The requesting user isn't an admin of the repository.",
      );
      expect(
        errorMessage(
          (
            await get(
              '/workspaces/acme/projects/SEC/permissions-config/users',
              notAdmin,
            )
          ).body,
        ),
      ).toBe("The requesting user isn't an admin of the project.");
      expect(
        (await get('/repositories/acme/gone/branch-restrictions', notAdmin))
          .status,
      ).toBe(404);
      // Not admin-only: memberships and the branching model.
      expect((await get('/workspaces/acme/permissions', notAdmin)).status).toBe(
        200,
      );
      expect(
        (await get('/repositories/acme/api.gateway/branching-model', notAdmin))
          .status,
      ).toBe(200);
    });

    it('answers 404 for a repository deleted after it was listed', async () => {
      const listed = await get('/repositories/acme');
      expect(listed.body.values.map((v) => v.slug)).toContain('api.gateway');
      const ws = sim.dataset.workspaces[0];
      ws.repositories = ws.repositories.filter((r) => r.slug !== 'api.gateway');
      for (const path of [
        '/repositories/acme/api.gateway/permissions-config/users',
        '/repositories/acme/api.gateway/permissions-config/groups',
        '/repositories/acme/api.gateway/branch-restrictions',
        '/repositories/acme/api.gateway/branching-model',
        '/workspaces/acme/permissions/repositories/api.gateway',
      ]) {
        const res = await get(path);
        expect([path, res.status]).toEqual([path, 404]);
        expect(errorMessage(res.body)).toBe(
          'Repository acme/api.gateway not found',
        );
      }
    });

    it('refuses BBQL on permissions-config and counts each endpoint under its own label', async () => {
      const q = await get(
        `/repositories/acme/api.gateway/permissions-config/users?q=${encodeURIComponent('permission="admin"')}`,
      );
      expect(q.status).toBe(400);
      const stats = sim.stats();
      expect(
        stats.byEndpoint[
          'GET /2.0/repositories/{workspace}/{repo_slug}/permissions-config/users'
        ],
      ).toBe(1);
    });
  });

  describe('on a generated workspace', () => {
    it('pages memberships at 100 and permissions-config at the default 10', async () => {
      const dataset = generateDataset({
        seed: 3,
        now: '2026-11-23T12:00:00Z',
        size: 'medium',
      });
      await start(dataset);
      const ws = dataset.workspaces[0];
      const page = await get(`/workspaces/${ws.slug}/permissions?pagelen=100`);
      expect(page.body.size).toBe(ws.memberAccountIds.length);
      expect(page.body.values).toHaveLength(100);
      expect(
        (await get(`/workspaces/${ws.slug}/permissions?pagelen=101`)).status,
      ).toBe(400);
      const owners = await get(
        `/workspaces/${ws.slug}/permissions?q=${encodeURIComponent('permission="owner"')}`,
      );
      expect(
        owners.body.values.map(
          (v) => (v.user as { account_id: string }).account_id,
        ),
      ).toEqual(
        ws.memberAccountIds.filter((id) => ws.ownerAccountIds?.includes(id)),
      );
      // The workspace-wide effective listing renders only the page asked for when it can;
      // the pages must be those a filter that keeps everything gives.
      const everything = encodeURIComponent('permission != "none"');
      for (const page of [1, 2, 7]) {
        const lazy = await get(
          `/workspaces/${ws.slug}/permissions/repositories?pagelen=5&page=${page}`,
        );
        const full = await get(
          `/workspaces/${ws.slug}/permissions/repositories?pagelen=5&page=${page}&q=${everything}`,
        );
        expect(lazy.body.values).toHaveLength(5);
        expect(lazy.body.values).toEqual(full.body.values);
        expect(lazy.body.size).toBe(full.body.size);
      }
      const repo = ws.repositories[1];
      const restrictions = await get(
        `/repositories/${ws.slug}/${repo.slug}/branch-restrictions?pagelen=50`,
      );
      expect(restrictions.body.size).toBe(repo.branchRestrictions?.length);
      expect(
        (
          await get(
            `/repositories/${ws.slug}/${repo.slug}/permissions-config/users?pagelen=100`,
          )
        ).status,
      ).toBe(200);
    });
  });
});
