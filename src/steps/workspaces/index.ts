import { IntegrationStep } from '@jupiterone/integration-sdk-core';

import { getClient, getParsedConfig } from '../../client-registry';
import { IntegrationConfig } from '../../config';
import { Entities, Steps } from '../constants';
import { createWorkspaceEntity } from './converter';

export const workspaceSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.WORKSPACES.id,
    name: Steps.WORKSPACES.name,
    entities: [Entities.WORKSPACE],
    relationships: [],
    async executionHandler(context) {
      const client = getClient(context);
      for (const slug of getParsedConfig(context.instance.config).workspaces) {
        await context.jobState.addEntity(
          createWorkspaceEntity(await client.getWorkspace(slug)),
        );
      }
    },
  },
];
