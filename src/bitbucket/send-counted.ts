/**
 * One GET with a credential, counted against it, whose answer teaches the credential's rate
 * limit: the part of a request that the rate limiter must see, apart from the dispatcher's
 * retries and choice of credential. No retry.
 */
import { CredentialState } from './credentials';
import type { Call, Layers } from './dispatch';
import { Sent, Withdrawn } from './transport';

export interface Counted {
  res: Sent;
  authorization: string;
  sentAt: number;
}

/** `whileReady`: it takes a paced slot as it leaves the queue, or is withdrawn. */
export async function sendCounted(
  l: Pick<Layers, 'tokens' | 'transport' | 'accounting' | 'limiter'>,
  state: CredentialState,
  call: Call,
  timeoutMs?: number,
  whileReady = false,
): Promise<Counted> {
  const authorization = await l.tokens.authorization(state, { timeoutMs });
  let sentAt = Date.now();
  const res = await l.transport
    .send(call.url, {
      headers: { Authorization: authorization, Accept: 'application/json' },
      timeoutMs,
      // Checked and taken in one synchronous step, so a released crowd takes only free slots.
      stillWanted: whileReady
        ? () => state.tryAcquire((sentAt = Date.now()))
        : undefined,
      onSend: () => {
        if (!whileReady) state.recordCall((sentAt = Date.now()));
        l.accounting.call(call.endpoint, state.label);
      },
      // Before the slot is freed, so the next request in the queue already sees the limit.
      onAnswer: (answer) => l.limiter.answered(state, call, sentAt, answer),
    })
    .catch((err: unknown) => {
      if (!(err instanceof Withdrawn)) l.limiter.unanswered(state, sentAt);
      throw err;
    });
  return { res, authorization, sentAt };
}
