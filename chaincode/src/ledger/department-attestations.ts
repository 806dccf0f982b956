import type { Attestation } from '@sme-credit-ledger/contract';
import type { PageOptions } from '../domain/input';
import { MAX_SCANNED_KEYS, pageFilteredFamily } from './filtered-scan';
import { KEY_PREFIXES as K } from './keys';
import type { LedgerPort } from './ledger-port';

/** At most this many attestation keys are read per call, however few of them are the department's. */
export const MAX_SCANNED_ATTESTATIONS = MAX_SCANNED_KEYS;

/**
 * One page of a department's attestations, in key order (company, category, version); there is no index by
 * department (filtered-scan.ts says why), so a page may be short while the bookmark is not empty.
 */
export function pageDepartmentAttestations(
  ledger: LedgerPort,
  department: string,
  page: PageOptions,
): Promise<{ items: Attestation[]; bookmark: string }> {
  return pageFilteredFamily<Attestation>(
    ledger,
    K.attestation,
    page,
    (attestation) => attestation.department === department,
  );
}
