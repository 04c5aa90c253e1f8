import { BitbucketAccount } from '../../bitbucket/types';

/** A person on a pull request, by the ids the graph can use. */
export interface Actor {
  uuid: string;
  accountId: string;
  displayName: string;
  nickname?: string;
  type: string;
}

export function actorOf(account: BitbucketAccount): Actor {
  return {
    uuid: account.uuid,
    // Every user and app user has an Atlassian account id; the uuid is a last resort.
    accountId: account.account_id ?? account.uuid,
    displayName: account.display_name ?? account.nickname ?? account.uuid,
    nickname: account.nickname,
    type: account.type,
  };
}
