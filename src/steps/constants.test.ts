import { createDirectRelationship } from '@jupiterone/integration-sdk-core';

import { Entities, MappedRelationships, Relationships } from './constants';

describe('metadata', () => {
  test('relationship _types are the ones the SDK generates', () => {
    for (const r of Object.values(Relationships)) {
      const generated = createDirectRelationship({
        _class: r._class,
        fromKey: 'from-key-0001',
        fromType: r.sourceType,
        toKey: 'to-key-00001',
        toType: r.targetType,
      });
      expect(generated._type).toBe(r._type);
    }
    expect(Relationships.USER_OPENED_PULL_REQUEST._type).toBe(
      'bitbucket_user_opened_pullrequest',
    );
    expect(Relationships.PROJECT_HAS_REPO._type).toBe(
      'bitbucket_project_has_repo',
    );
    expect(Relationships.WORKSPACE_HAS_USER._type).toBe(
      'bitbucket_workspace_has_user',
    );
  });

  test('only pull request types are partial', () => {
    const partial = [
      ...Object.values(Entities),
      ...Object.values(Relationships),
      ...Object.values(MappedRelationships),
    ]
      .filter((m) => 'partial' in m && m.partial)
      .map((m) => m._type);
    expect([...new Set(partial)].sort()).toEqual([
      'bitbucket_pullrequest',
      'bitbucket_repo_has_pullrequest',
      'bitbucket_user_approved_pullrequest',
      'bitbucket_user_opened_pullrequest',
      'bitbucket_user_reviewed_pullrequest',
    ]);
  });

  test('mapped relationships share the direct _type and point back from the pull request', () => {
    for (const [name, m] of Object.entries(MappedRelationships)) {
      const direct = Relationships[name as keyof typeof MappedRelationships];
      expect(m).toMatchObject({
        _type: direct._type,
        _class: direct._class,
        sourceType: 'bitbucket_pullrequest',
        targetType: 'bitbucket_user',
        direction: 'REVERSE',
        partial: true,
      });
    }
  });
});
