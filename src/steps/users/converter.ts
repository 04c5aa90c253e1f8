import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';

import { BitbucketAccount } from '../../bitbucket/types';
import { Entities } from '../constants';
import { epochMs, htmlLink } from '../links';

export const userKey = (uuid: string) => `${Entities.USER._type}:${uuid}`;

export function createUserEntity(account: BitbucketAccount): Entity {
  const name = account.display_name ?? account.nickname ?? account.uuid;
  return createIntegrationEntity({
    entityData: {
      source: account,
      assign: {
        _key: userKey(account.uuid),
        _type: Entities.USER._type,
        _class: Entities.USER._class,
        id: account.uuid,
        uuid: account.uuid,
        accountId: account.account_id ?? undefined,
        name,
        displayName: name,
        username: account.nickname,
        nickname: account.nickname,
        accountType: account.type,
        accountStatus: account.account_status,
        // Bitbucket omits account_status for most members; a listed member is an active one.
        active: account.account_status
          ? account.account_status === 'active'
          : true,
        webLink:
          htmlLink(account.links) ??
          `https://bitbucket.org/${encodeURIComponent(account.uuid)}/`,
        createdOn: epochMs(account.created_on),
      },
    },
  });
}
