/**
 * The Bitbucket Cloud responses this integration reads, derived from the types generated from
 * the official OpenAPI spec (`./generated/bitbucket-cloud.ts`, `npm run generate:types`), with
 * the fields the spec lacks or gets wrong taken from `./api-extensions.ts` (each with its
 * evidence). Two adjustments are made here, and only these:
 * - the spec declares every field optional; the fields a step keys on or names an entity by
 *   are required here (`With<…>`), because an object without them could not be put in the graph
 *   anyway, and every recorded and documented object has them;
 * - embedded objects are typed as the richer types below where the code reads them.
 */
import type { components } from './generated/bitbucket-cloud';
import type { ApiExtensions, Link } from './api-extensions';

export type {
  BitbucketV1Group,
  BitbucketV1GroupMember,
  Link,
  Links,
  WorkspaceRole,
} from './api-extensions';

type Schemas = components['schemas'];

/** A generated schema with its hand-written extensions in place of the fields they replace. */
type Schema<S extends keyof Schemas> = S extends keyof ApiExtensions
  ? Omit<Schemas[S], keyof ApiExtensions[S]> & ApiExtensions[S]
  : Schemas[S];

/** `T` with the fields `K` present. */
type With<T, K extends keyof T> = Omit<T, K> & Required<Pick<T, K>>;

/** `T` with the fields `R` replaced. */
type Replace<T, R> = Omit<T, keyof R> & R;

/** A spec `links` object whose links all carry an `href`, as every recorded link does. */
type LinksOf<L> = {
  [K in keyof L]?: NonNullable<L[K]> extends Array<infer E>
    ? Array<E & Link>
    : NonNullable<L[K]> & Link;
};

/**
 * A user, app user (an access token or app acting as a principal) or team. The spec's
 * `account` is their abstract base: its discriminator makes the generated `type` the literal
 * "account", which no object carries, so `type` is the union of the three and their own fields
 * are optional here.
 */
export type BitbucketAccount = With<
  Omit<Schema<'account'>, 'type'> &
    Partial<
      Pick<Schemas['user'], 'account_id' | 'account_status' | 'nickname'>
    > &
    Partial<Pick<Schemas['app_user'], 'kind'>>,
  'uuid'
> & { type: (Schemas['user'] | Schemas['app_user'] | Schemas['team'])['type'] };

export type BitbucketWorkspace = With<
  Schema<'workspace'>,
  'uuid' | 'name' | 'slug'
>;

export type BitbucketWorkspaceMembership = With<
  Replace<
    Schema<'workspace_membership'>,
    { user?: BitbucketAccount; workspace?: BitbucketWorkspace }
  >,
  'user'
>;

/** A member as `GET /workspaces/{workspace}/permissions` lists them: with their role. */
export type BitbucketWorkspacePermission = With<
  BitbucketWorkspaceMembership,
  'permission'
>;

export type BitbucketProject = With<
  Replace<
    Schema<'project'>,
    { owner?: BitbucketAccount; workspace?: BitbucketWorkspace }
  >,
  'uuid' | 'key' | 'name'
>;

export type BitbucketRepository = With<
  Replace<
    Schema<'repository'>,
    {
      owner?: BitbucketAccount;
      /** The embedded summary; its uuid keys the project HAS repository relationship. */
      project?: With<Schema<'project'>, 'uuid'>;
    }
  >,
  'uuid' | 'name' | 'full_name'
>;

export type BitbucketPullRequestEndpoint = Schemas['pullrequest_endpoint'];

export type BitbucketParticipant = With<
  Replace<Schema<'participant'>, { user?: BitbucketAccount }>,
  'user'
>;

export type BitbucketPullRequest = With<
  Replace<
    Schemas['pullrequest'],
    {
      author?: BitbucketAccount;
      closed_by?: BitbucketAccount;
      /** Present on the list only when `fields=%2Bvalues.reviewers` asks for it. */
      reviewers?: BitbucketAccount[];
      /** Present on the list only when `fields=%2Bvalues.participants` asks for it. */
      participants?: BitbucketParticipant[];
      links?: LinksOf<NonNullable<Schemas['pullrequest']['links']>>;
    }
  >,
  | 'id'
  | 'title'
  | 'state'
  | 'source'
  | 'destination'
  | 'created_on'
  | 'updated_on'
>;

/** The envelope every paginated listing shares (the spec repeats it per item type). */
export type Paginated<T> = Omit<Schemas['paginated_accounts'], 'values'> & {
  values: T[];
};

/** A 2.0 group, as permissions and branch restrictions embed it; keyed by its slug. */
export type BitbucketGroup = With<
  Replace<Schema<'group'>, { owner?: BitbucketAccount }>,
  'slug'
>;

type GrantSchema = `${'repository' | 'project'}_${'user' | 'group'}_permission`;

/** A `permissions-config` grant: its permission and grantee are what make it a grant. */
type Grant<S extends GrantSchema> = Omit<
  Schemas[S],
  'user' | 'group' | 'permission'
> &
  Required<Pick<Schemas[S], 'permission'>> &
  (S extends `${string}_user_permission`
    ? { user: BitbucketAccount }
    : { group: BitbucketGroup });

export type BitbucketRepositoryUserPermission =
  Grant<'repository_user_permission'>;
export type BitbucketRepositoryGroupPermission =
  Grant<'repository_group_permission'>;
export type BitbucketProjectUserPermission = Grant<'project_user_permission'>;
export type BitbucketProjectGroupPermission = Grant<'project_group_permission'>;

/** Users and groups on a restriction are exempt from it (only `push` and `restrict_merges`). */
export type BitbucketBranchRestriction = With<
  Replace<
    Schema<'branchrestriction'>,
    { users?: BitbucketAccount[]; groups?: BitbucketGroup[] }
  >,
  'id'
>;

export type BitbucketBranchingModel = Schemas['branching_model'];
