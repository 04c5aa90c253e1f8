/**
 * Where Bitbucket's answers differ from the official OpenAPI spec, written by hand, each field
 * with the evidence that it is real. Everything else in `./types.ts` is derived from the
 * generated `./generated/bitbucket-cloud.ts`. `test/contract/api-extensions.test.ts` checks each
 * piece of evidence against the spec and the recordings in `../shared/bitbucket/recordings/`, so
 * an extension cannot outlive its reason (or be added without one).
 */
import type { components } from './generated/bitbucket-cloud';

type Schemas = components['schemas'];

/** The spec's `link`, whose `href` is optional there; every recorded link has one. */
export type Link = Schemas['link'] & { href: string };

/**
 * The spec gives every `links` object a closed list of names; the API sends more (recorded:
 * workspace `hooks`/`html_overview`, project `self`/`repositories`, repository
 * `branches`/`tags`/`source`, account `html`/`self`), so links are read as an open map.
 */
export type Links = Record<string, Link | Link[] | undefined>;

/** The workspace roles the spec's descriptions of the permission endpoints list. */
export type WorkspaceRole =
  'owner' | 'create-project' | 'collaborator' | 'member';

/** Fields the spec's schemas lack, or declare wrongly, keyed by schema name. */
export interface ApiExtensions {
  account: { links?: Links };
  workspace: { links?: Links };
  workspace_membership: {
    /** Sent by `/workspaces/{ws}/permissions` (and `/user/workspaces/{ws}/permission`) only. */
    permission?: WorkspaceRole;
  };
  project: {
    /** The spec declares a string; a project without one answers `null`. */
    description?: string | null;
    workspace?: Schemas['workspace'];
    links?: Links;
  };
  repository: {
    slug?: string;
    website?: string | null;
    workspace?: Schemas['workspace'];
    /** Whether the repository overrides its project's settings of the same names. */
    override_settings?: {
      default_merge_strategy?: boolean;
      branching_model?: boolean;
    };
    /** Declared non-null; a repository that is not a fork answers `null`. */
    parent?: Schemas['repository'] | null;
    /** Declared non-null; an empty repository answers `null`. */
    mainbranch?: Schemas['branch'] | null;
    links?: Links;
  };
  group: {
    /** Only `null` has been recorded. */
    default_permission?: string | null;
    /** Only `null` has been recorded. */
    account_privilege?: string | null;
    email_forwarding_disabled?: boolean | null;
  };
  branchrestriction: {
    /** Declared an integer; kinds that take no number (`push`, `delete`, …) answer `null`. */
    value?: number | null;
  };
  participant: {
    /** The spec's own description: "or null if they have not commented". */
    participated_on?: string | null;
  };
}

/**
 * Where each extension is shown to be real: a recording (`at` is a path into each recorded
 * body, `[]` stepping into every element of an array), an example in the spec's operation, or
 * the schema's own description contradicting its type.
 */
export type Evidence =
  | { recording: string; at: string }
  | { specExample: string; at: string }
  | { specDescription: string; says: string };

export const EXTENSION_EVIDENCE: {
  [S in keyof ApiExtensions]: { [F in keyof ApiExtensions[S]]-?: Evidence };
} = {
  account: {
    links: { recording: 'fetch-users.har', at: 'values[].user.links' },
  },
  workspace: {
    links: { recording: 'fetch-workspaces.har', at: 'links' },
  },
  workspace_membership: {
    permission: {
      specExample: 'GET /workspaces/{workspace}/permissions',
      at: 'values[].permission',
    },
  },
  project: {
    description: {
      recording: 'fetch-projects.har',
      at: 'values[].description',
    },
    workspace: { recording: 'fetch-projects.har', at: 'values[].workspace' },
    links: { recording: 'fetch-projects.har', at: 'values[].links' },
  },
  repository: {
    slug: { recording: 'fetch-repos.har', at: 'values[].slug' },
    website: { recording: 'fetch-repos.har', at: 'values[].website' },
    workspace: { recording: 'fetch-repos.har', at: 'values[].workspace' },
    override_settings: {
      recording: 'fetch-repos.har',
      at: 'values[].override_settings',
    },
    parent: { recording: 'fetch-repos.har', at: 'values[].parent' },
    mainbranch: { recording: 'getAllRepos.har', at: 'values[].mainbranch' },
    links: { recording: 'fetch-repos.har', at: 'values[].links' },
  },
  group: {
    default_permission: {
      recording: 'fetch-repo-permissions.har',
      at: 'values[].group.default_permission',
    },
    account_privilege: {
      recording: 'fetch-repo-permissions.har',
      at: 'values[].group.account_privilege',
    },
    email_forwarding_disabled: {
      recording: 'fetch-repo-permissions.har',
      at: 'values[].group.email_forwarding_disabled',
    },
  },
  branchrestriction: {
    value: {
      recording: 'fetch-repo-branch-restrictions.har',
      at: 'values[].value',
    },
  },
  participant: {
    participated_on: {
      specDescription: 'participant.participated_on',
      says: 'null if they have not commented',
    },
  },
};

/**
 * The legacy `GET /1.0/groups/{workspace}` is not in the 2.0 spec at all (it is the only
 * endpoint that lists a group's members); these follow the recorded answers
 * (`fetch-repo-permissions.har`, `fetch-repo-branch-restrictions.har`) and `../shared/docs/bitbucket-cloud-api.md`.
 */
export interface BitbucketV1GroupMember {
  uuid: string;
  account_id: string | null;
  display_name: string;
  nickname: string;
  is_active?: boolean;
  is_team?: boolean;
  is_staff?: boolean;
  avatar?: string;
  resource_uri?: string;
}

/** One element of the bare array `/1.0/groups/{workspace}` answers. */
export interface BitbucketV1Group {
  name: string;
  slug: string;
  auto_add: boolean;
  permission: string | null;
  email_forwarding_disabled?: boolean | null;
  owner: BitbucketV1GroupMember;
  members: BitbucketV1GroupMember[];
}
