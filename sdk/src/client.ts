import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/gateway-api';
import { LedgerApiError, LedgerUnreachableError, problemOf } from './problem';

/** A typed client of one organization's service: `client.POST('/v1/consents', { body })` and so on. */
export type LedgerClient = Client<paths>;

export interface LedgerClientOptions {
  /** The service of the caller's own organization, e.g. `http://127.0.0.1:3001` for bank1's. */
  baseUrl: string;
  /**
   * The bearer token that service issued to the caller's identity; omit it only for the anonymous routes
   * (health, offline signing, whose messages the caller signs itself).
   */
  token?: string;
  /** Another fetch (tests, proxies); global fetch by default. */
  fetch?: typeof globalThis.fetch;
}

export function createLedgerClient(options: LedgerClientOptions): LedgerClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.token === undefined ? {} : { headers: { authorization: `Bearer ${options.token}` } }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  client.use({
    // Only a failed fetch lands here (no answer); answers with a problem go through `ok`.
    onError: ({ error }) => new LedgerUnreachableError(options.baseUrl, error),
  });
  return client;
}

/** What every call of an openapi-fetch client resolves to. */
interface Answer<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

/**
 * The body of a successful answer; a problem answer throws {@link LedgerApiError}, no answer
 * {@link LedgerUnreachableError}. `const { consent } = await ok(client.POST('/v1/consents', { body }))`.
 */
export async function ok<Data>(call: Promise<Answer<Data>>): Promise<Data> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) {
    throw new LedgerApiError(response.status, problemOf(error));
  }
  return data as Data;
}

/** One page of a list route: `{ items, bookmark }`, the bookmark empty on the last page. */
export interface Page<Item> {
  items?: Item[];
  bookmark?: string;
}

/**
 * Every item of a paginated list, following bookmarks to the last page:
 * `allPages((bookmark) => ok(client.GET('/v1/access', { params: { query: { uscc, bookmark } } })))`.
 */
export async function allPages<Item>(
  page: (bookmark: string | undefined) => Promise<Page<Item>>,
): Promise<Item[]> {
  const items: Item[] = [];
  let bookmark: string | undefined;
  do {
    const answer = await page(bookmark);
    const pageItems = answer.items ?? [];
    items.push(...pageItems);
    // An empty page ends the list even if a bookmark came back (a ledger query can answer so at its end).
    bookmark = pageItems.length === 0 || answer.bookmark === '' ? undefined : answer.bookmark;
  } while (bookmark !== undefined);
  return items;
}
