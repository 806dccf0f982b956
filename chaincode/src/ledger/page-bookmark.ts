import { BOOKMARK_PATTERN } from '@sme-credit-ledger/contract';
import { fail } from '../domain/errors';
import type { PageOptions } from '../domain/input';
import { isInRange, type KeyRange } from './key-range';
import type { KeyValuePage } from './ledger-port';

/**
 * Bookmarks of paginated queries, opaque to callers and confined to the queried range.
 *
 * The peer starts a paginated range scan at the bookmark it is given and keeps only the end key (Fabric
 * v3.1.1 `core/chaincode/handler.go`, `HandleGetStateByRange`: `startKey = metadata.Bookmark`). A bookmark
 * passed through from a caller could therefore start the scan at any key below the end of the range: other
 * companies' and banks' entries, or, past the end key, a goleveldb panic that takes the peer down. So callers
 * never see or send keys: a bookmark is the base64url of the next key without the part every key of the range
 * shares, a bookmark that does not decode to a key inside the range is refused, and entries outside the range
 * are dropped even if a peer returned them.
 */

const TOKEN = new RegExp(BOOKMARK_PATTERN);
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The part every key of the range starts with, less its last character, so that no key's token is empty
 * (an empty bookmark means the first page in requests and the end of the list in responses).
 */
function tokenBase(range: KeyRange): string {
  const start = [...range.start];
  const end = [...range.end];
  let shared = 0;
  while (shared < start.length && shared < end.length && start[shared] === end[shared]) {
    shared += 1;
  }
  return start.slice(0, Math.max(0, shared - 1)).join('');
}

/** The caller's bookmark for the next page, starting at `nextKey` (a key inside `range`). */
export function bookmarkToken(range: KeyRange, nextKey: string): string {
  return Buffer.from(nextKey.slice(tokenBase(range).length), 'utf8').toString('base64url');
}

/**
 * The key the peer should start the scan at for a caller's bookmark: '' for the first page, otherwise a key
 * inside `range`, or VALIDATION_FAILED.
 */
export function bookmarkStartKey(range: KeyRange, token: string): string {
  if (token === '') {
    return '';
  }
  const bytes = TOKEN.test(token) ? Buffer.from(token, 'base64url') : Buffer.alloc(0);
  const suffix = bytes.length > 0 && bytes.toString('base64url') === token ? decodeUtf8(bytes) : undefined;
  const key = suffix === undefined ? undefined : `${tokenBase(range)}${suffix}`;
  if (key === undefined || !isInRange(key, range)) {
    return fail(
      'VALIDATION_FAILED',
      'bookmark does not belong to this list; pass the bookmark the previous page returned, unchanged',
    );
  }
  return key;
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * One page of `range` for the caller's `page`: `scan` runs the peer's paginated query from a key inside the
 * range (or from its start for ''), and answers with the peer's own bookmark, the next key or ''.
 */
export async function pageWithinRange(
  range: KeyRange,
  page: PageOptions,
  scan: (peerBookmark: string) => Promise<KeyValuePage>,
): Promise<KeyValuePage> {
  const peerPage = await scan(bookmarkStartKey(range, page.bookmark));
  const next = peerPage.bookmark;
  return {
    items: peerPage.items.filter((item) => isInRange(item.key, range)),
    bookmark: next !== '' && isInRange(next, range) ? bookmarkToken(range, next) : '',
  };
}
