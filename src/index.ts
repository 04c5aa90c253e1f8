import { IntegrationInvocationConfig } from '@jupiterone/integration-sdk-core';

import { IntegrationConfig, instanceConfigFields } from './config';
import { getStepStartStates } from './getStepStartStates';
import { integrationSteps } from './steps';
import { validateInvocation } from './validateInvocation';

export const invocationConfig: IntegrationInvocationConfig<IntegrationConfig> =
  {
    instanceConfigFields,
    validateInvocation,
    getStepStartStates,
    integrationSteps,
  };
