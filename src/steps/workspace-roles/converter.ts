/** `owner` or `member`: the deprecated `collaborator`, and anything else, is a member. */
export function roleOf(permission: string | undefined): 'owner' | 'member' {
  return permission === 'owner' ? 'owner' : 'member';
}

/** `workspaceRoles` on a user: `<workspace slug>:<role>`, sorted; unset when none was read. */
export function workspaceRolesProperty(
  roles: Iterable<string>,
): string[] | undefined {
  const sorted = [...new Set(roles)].sort();
  return sorted.length > 0 ? sorted : undefined;
}
