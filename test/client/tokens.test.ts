/** OAuth grants against the simulator's token endpoint: shared, cached, dropped only once. */
import { Breakers } from '../../src/bitbucket/breaker';
import { CredentialState } from '../../src/bitbucket/credentials';
import { Tokens } from '../../src/bitbucket/tokens';
import { Transport } from '../../src/bitbucket/transport';
import { fixtureDataset } from '../../simulator/fixture';
import { RunningSimulator, startSimulator } from '../../simulator';

const CONSUMER = {
  clientId: 'tokens-1',
  secret: 's3cr3t-tokens-zq',
  scopes: ['account'],
};

describe('Tokens', () => {
  let sim: RunningSimulator;
  let tokens: Tokens;
  let state: CredentialState;
  beforeEach(async () => {
    sim = await startSimulator({
      dataset: fixtureDataset(),
      credentials: { oauth: [CONSUMER] },
    });
    tokens = new Tokens(
      new Transport(4, 2000),
      sim.tokenUrl,
      new Breakers(8, 0),
      () => undefined,
    );
    state = new CredentialState({
      kind: 'oauth',
      position: 1,
      clientId: CONSUMER.clientId,
      clientSecret: CONSUMER.secret,
    });
  });
  afterEach(() => sim.close());

  it('concurrent requests share one grant', async () => {
    const headers = await Promise.all(
      Array.from({ length: 5 }, () => tokens.authorization(state)),
    );
    expect(new Set(headers).size).toBe(1);
    expect(sim.stats().tokenRequests).toBe(1);
    expect(tokens.grantedScopes(state)).toEqual(['account']);
  });

  it('a late 401 for a token already replaced does not throw the fresh one away', async () => {
    const first = await tokens.authorization(state);
    // Two requests went out with the first token and both come back 401.
    tokens.invalidate(state, first);
    const second = await tokens.authorization(state);
    expect(second).not.toBe(first);
    tokens.invalidate(state, first);
    expect(await tokens.authorization(state)).toBe(second);
    expect(sim.stats().tokenRequests).toBe(2);
    // A 401 for the current token does refresh it.
    tokens.invalidate(state, second);
    expect(await tokens.authorization(state)).not.toBe(second);
    expect(sim.stats().tokenRequests).toBe(3);
  });
});
