/**
 * Sends one HTTP request with node-fetch under the run's concurrency bound and one timeout that
 * covers the headers and the whole body. A connection closed before its body is complete fails
 * at once: node-fetch 2 notices that only for chunked bodies, and a body with Content-Length
 * would otherwise wait for the timeout.
 */
import { AsyncLocalStorage } from 'async_hooks';
import diagnostics from 'diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'http';

import fetch, { Headers } from 'node-fetch';

import { RetryableError } from './errors';
import { Semaphore } from './semaphore';

export interface Sent {
  status: number;
  statusText: string;
  headers: Headers;
  /** The whole body, read inside the timeout. */
  body: string;
}

export interface Outgoing {
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Replaces the transport's timeout (validation asks quickly). */
  timeoutMs?: number;
  /** Called once the request holds a concurrency slot, just before it goes out. */
  onSend?: () => void;
  /**
   * Asked once the request holds a slot: false withdraws it unsent (its credential became
   * rate limited while it waited in the queue), rejecting with `Withdrawn`.
   */
  stillWanted?: () => boolean;
  /** Called with the answer while the request still holds its slot. */
  onAnswer?: (res: Sent) => void;
}

/** A request withdrawn before it was sent: nothing was spent on it. */
export class Withdrawn extends Error {
  constructor() {
    super('withdrawn before sending');
    this.name = 'Withdrawn';
  }
}

/** The request being sent in this async context, so the HTTP layer can report a cut to it. */
const inFlight = new AsyncLocalStorage<(reason: string) => void>();
let watching = false;

/** Reports a response that closes before its body is complete to the request that sent it. */
function watchForCuts(): void {
  if (watching) return;
  watching = true;
  diagnostics.subscribe('http.client.request.start', (message) => {
    const cut = inFlight.getStore();
    if (!cut) return;
    const { request } = message as { request: ClientRequest };
    request.once('response', (response: IncomingMessage) => {
      response.once('close', () => {
        if (!response.complete) cut('connection closed mid-body');
      });
    });
  });
}

export class Transport {
  private readonly semaphore: Semaphore;

  constructor(
    maxConcurrency: number,
    private readonly timeoutMs: number,
  ) {
    this.semaphore = new Semaphore(maxConcurrency);
    watchForCuts();
  }

  /** Rejects with RetryableError (status `network`) when no complete answer arrives. */
  async send(url: string, outgoing: Outgoing): Promise<Sent> {
    const release = await this.semaphore.acquire();
    if (outgoing.stillWanted?.() === false) {
      release();
      throw new Withdrawn();
    }
    const timeoutMs = Math.min(outgoing.timeoutMs ?? Infinity, this.timeoutMs);
    const controller = new AbortController();
    let failure: string | undefined;
    let body: { destroy(err: Error): void } | undefined;
    // Before the headers, abort the request; after them, end the body with the reason (an
    // abort then would make node-fetch settle its already-settled promise a second time).
    const fail = (reason: string) => {
      failure ??= reason;
      if (body) body.destroy(new Error(reason));
      else controller.abort();
    };
    const timer = setTimeout(
      () => fail(`no complete answer within ${timeoutMs} ms`),
      timeoutMs,
    );
    try {
      outgoing.onSend?.();
      return await inFlight.run(fail, async () => {
        const res = await fetch(url, {
          method: outgoing.method ?? 'GET',
          headers: outgoing.headers,
          body: outgoing.body,
          signal: controller.signal,
        });
        body = res.body as unknown as { destroy(err: Error): void };
        if (failure) body.destroy(new Error(failure));
        const text = await res.text();
        const sent = {
          status: res.status,
          statusText: res.statusText,
          headers: res.headers,
          body: text,
        };
        outgoing.onAnswer?.(sent);
        return sent;
      });
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const name = typeof code === 'string' ? code : (err as Error).name;
      throw new RetryableError(
        failure ?? `network error (${name})`,
        'network',
        undefined,
        failure ? undefined : name,
      );
    } finally {
      clearTimeout(timer);
      release();
    }
  }
}

/** The JSON object a body holds; undefined when it is not valid JSON or not an object. */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
