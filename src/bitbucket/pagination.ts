/**
 * Streams every item of a listing, following `next` only while it is new and stays on the API
 * host. All pages of one listing come from one credential while it has budget (then another
 * that may serve it continues).
 */
import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';

import { Call, Dispatcher, Session } from './dispatch';
import { RetryableError } from './errors';
import { Paginated } from './types';

export type ItemCallback<T> = (item: T) => void | Promise<void>;

export class Paginator {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly apiOrigin: string,
    private readonly warn: (fields: object, message: string) => void,
  ) {}

  /**
   * Bitbucket pages by offset, so an item removed from a page already read shifts the rest up
   * and one item crosses the page boundary unread; the only sign is `size` going down. Then the
   * listing is read once more from the start (callbacks see items twice and must be
   * idempotent); a second shrink is reported, never taken as complete.
   */
  async paginate<T>(listing: Call, callback: ItemCallback<T>): Promise<void> {
    for (let reading = 1; ; reading++) {
      const { read, size, shrankFrom } = await this.readListing(
        listing,
        callback,
      );
      if (shrankFrom === undefined) {
        if (size !== undefined && read < size) {
          throw new IntegrationProviderAPIError({
            endpoint: listing.endpoint,
            status: 200,
            statusText: `Incomplete listing: read ${read} of the ${size} items Bitbucket reported`,
          });
        }
        return;
      }
      const change = `went from ${shrankFrom} to ${size} items while it was read`;
      if (reading === 2) {
        throw new IntegrationProviderAPIError({
          endpoint: listing.endpoint,
          status: 200,
          statusText: `Incomplete listing: it ${change}, twice; items may have been skipped`,
        });
      }
      this.warn(
        { endpoint: listing.endpoint, from: shrankFrom, to: size },
        `The listing ${listing.endpoint} ${change}, so an item may have shifted past a page boundary unread; reading it again`,
      );
    }
  }

  /** One pass over a listing: items read, the last `size`, and the `size` before any drop. */
  private async readListing<T>(
    listing: Call,
    callback: ItemCallback<T>,
  ): Promise<{ read: number; size?: number; shrankFrom?: number }> {
    const seen = new Set<string>();
    const session: Session = {};
    let next: string | undefined = listing.url;
    let read = 0;
    let size: number | undefined;
    let shrankFrom: number | undefined;
    while (next) {
      const pageUrl: string = next;
      const page = await this.dispatcher.request<Paginated<T>>(
        { ...listing, url: pageUrl },
        {
          session,
          validate: (body) =>
            this.checkPage(listing.endpoint, pageUrl, body, seen),
        },
      );
      for (const item of page.values) await callback(item);
      read += page.values.length;
      if (typeof page.size === 'number') {
        if (size !== undefined && page.size < size) shrankFrom ??= size;
        size = page.size;
      }
      next = page.next;
    }
    return { read, size, shrankFrom };
  }

  /** A page is usable only if its `next` is new and stays on the API host; else fetch it again. */
  private checkPage(
    endpoint: string,
    pageUrl: string,
    body: unknown,
    seen: Set<string>,
  ): void {
    const page = body as Partial<Paginated<unknown>> | null;
    seen.add(normalizeUrl(pageUrl));
    if (page && typeof page.page === 'number') {
      // The same page may be addressed with or without an explicit `page=`.
      const explicit = new URL(pageUrl);
      explicit.searchParams.set('page', String(page.page));
      seen.add(normalizeUrl(explicit.toString()));
    }
    if (!page || !Array.isArray(page.values)) {
      throw new RetryableError(
        `${endpoint}: response is not a page of values`,
        200,
      );
    }
    if (page.next === undefined) return;
    let nextUrl: URL;
    try {
      nextUrl = new URL(page.next);
    } catch {
      throw new RetryableError(`${endpoint}: malformed next link`, 200);
    }
    if (nextUrl.origin !== this.apiOrigin) {
      // Never sent again: a host change is a configuration or proxy problem, not a blip.
      throw new IntegrationProviderAPIError({
        endpoint,
        status: 200,
        statusText: `Refusing to follow a next link to another host (${nextUrl.host})`,
      });
    }
    if (seen.has(normalizeUrl(page.next))) {
      throw new RetryableError(
        `${endpoint}: next link repeats a page already read`,
        200,
      );
    }
  }
}

/** Query parameters in a stable order, so the same page compares equal however it is written. */
function normalizeUrl(url: string): string {
  const u = new URL(url);
  u.searchParams.sort();
  return u.toString();
}
