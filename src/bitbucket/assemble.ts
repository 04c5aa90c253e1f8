/** Builds the client's layers from its settings, each given only the layers below it. */
import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

import { Accounting } from './accounting';
import { Breakers } from './breaker';
import { CredentialState } from './credentials';
import { Discovery, DiscoveryLayers } from './discovery';
import { Call, Dispatcher } from './dispatch';
import { Paginator } from './pagination';
import { RateLimiter } from './ratelimit';
import { Routing } from './routing';
import { ClientSettings, ClientTuning, ClientWords } from './settings';
import { Tokens } from './tokens';
import { Transport } from './transport';

export interface Assembly {
  settings: ClientSettings;
  tuning: ClientTuning;
  words: ClientWords;
  apiBase: string;
  accounting: Accounting;
  logger: IntegrationLogger;
  workspaceCall: (workspace: string) => Call;
  nameWorkspace: DiscoveryLayers['nameWorkspace'];
}

export function assemble(a: Assembly) {
  const { settings, tuning, accounting } = a;
  // Inside a step, its own logger; the run's otherwise.
  const log = () => accounting.scopeLogger() ?? a.logger;
  const transport = new Transport(
    settings.maxConcurrency,
    settings.requestTimeoutMs,
  );
  const breakers = new Breakers(
    tuning.breakerThreshold,
    tuning.breakerMinSpanMs,
  );
  const tokens = new Tokens(transport, settings.tokenUrl, breakers, () =>
    accounting.tokenRequest(),
  );
  const pacing = {
    baseMs: tuning.cooldownBaseMs,
    maxMs: tuning.cooldownMaxMs,
    floorMs: tuning.retryAfterFloorMs,
  };
  const routing = new Routing(
    settings.credentials.map((c) => new CredentialState(c, pacing)),
  );
  const limiter = new RateLimiter(
    routing,
    {
      maxWaitMs: settings.rateLimitMaxWaitMs,
      logEveryMs: tuning.waitLogEveryMs,
    },
    accounting,
    log,
    a.words.rateLimitAdvice,
  );
  const dispatcher = new Dispatcher({
    transport,
    tokens,
    routing,
    limiter,
    breakers,
    accounting,
    retry: {
      retries: tuning.retries,
      minMs: tuning.retryMinMs,
      maxMs: tuning.retryMaxMs,
    },
    log,
    workspaceCall: a.workspaceCall,
  });
  const paginator = new Paginator(
    dispatcher,
    new URL(a.apiBase).origin,
    (fields, message) => log().warn(fields, message),
  );
  const discovery = new Discovery({
    dispatcher,
    tokens,
    routing,
    retry: {
      retries: tuning.retries,
      minMs: Math.min(tuning.retryMinMs, tuning.validationRetryMs),
      maxMs: tuning.retryMaxMs,
    },
    quickRetries: tuning.validationRetries,
    timeoutMs: tuning.validationTimeoutMs,
    apiBase: a.apiBase,
    tokenUrl: settings.tokenUrl,
    logger: a.logger,
    accounting,
    workspaceCall: a.workspaceCall,
    nameWorkspace: a.nameWorkspace,
  });
  return { routing, dispatcher, paginator, discovery };
}
