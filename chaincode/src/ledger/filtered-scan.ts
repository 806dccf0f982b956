import type { PageOptions } from '../domain/input';
import type { LedgerPort } from './ledger-port';

/** At most this many keys of a family are read per call, however few of them the caller keeps. */
export const MAX_SCANNED_KEYS = 1000;

/**
 * One page of the values of a public key family that `keep` accepts, read by scanning the family in key
 * order. For lists with no index of their own (a department's attestations or objections): an index would
 * add a write to every record for a list only its owner's console reads. A call reads at most
 * MAX_SCANNED_KEYS keys, so a page can hold fewer than `pageSize` items while the bookmark is not empty:
 * follow it.
 */
export async function pageFilteredFamily<T>(
  ledger: LedgerPort,
  prefix: string,
  page: PageOptions,
  keep: (value: T) => boolean,
): Promise<{ items: T[]; bookmark: string }> {
  const items: T[] = [];
  let bookmark = page.bookmark;
  let scanned = 0;
  do {
    const pageSize = Math.min(page.pageSize - items.length, MAX_SCANNED_KEYS - scanned);
    const scan = await ledger.listPage(prefix, [], { pageSize, bookmark });
    scanned += scan.items.length;
    for (const entry of scan.items) {
      const value = JSON.parse(entry.value) as T;
      if (keep(value)) {
        items.push(value);
      }
    }
    bookmark = scan.bookmark;
  } while (bookmark !== '' && items.length < page.pageSize && scanned < MAX_SCANNED_KEYS);
  return { items, bookmark };
}
