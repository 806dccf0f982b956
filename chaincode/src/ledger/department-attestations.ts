import type { Attestation } from '@sme-credit-ledger/contract';
import type { PageOptions } from '../domain/input';
import { KEY_PREFIXES as K } from './keys';
import type { LedgerPort } from './ledger-port';

/** At most this many attestation keys are read per call, however few of them are the department's. */
export const MAX_SCANNED_ATTESTATIONS = 1000;

/**
 * One page of a department's attestations, read by scanning the `attestation` family in key order and
 * keeping the department's. There is no index by department: one would add a write to every attestation
 * (batches are sized by their writes) for a list that only the department's own console reads. A call
 * reads at most MAX_SCANNED_ATTESTATIONS keys, so a page can hold fewer than `pageSize` items while the
 * bookmark is not empty: follow it.
 */
export async function pageDepartmentAttestations(
  ledger: LedgerPort,
  department: string,
  page: PageOptions,
): Promise<{ items: Attestation[]; bookmark: string }> {
  const items: Attestation[] = [];
  let bookmark = page.bookmark;
  let scanned = 0;
  do {
    const pageSize = Math.min(page.pageSize - items.length, MAX_SCANNED_ATTESTATIONS - scanned);
    const scan = await ledger.listPage(K.attestation, [], { pageSize, bookmark });
    scanned += scan.items.length;
    for (const entry of scan.items) {
      const attestation = JSON.parse(entry.value) as Attestation;
      if (attestation.department === department) {
        items.push(attestation);
      }
    }
    bookmark = scan.bookmark;
  } while (bookmark !== '' && items.length < page.pageSize && scanned < MAX_SCANNED_ATTESTATIONS);
  return { items, bookmark };
}
