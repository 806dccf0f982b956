import { PUBLIC_KEY_FAMILIES, RAW_RECORD_FAMILY } from '@sme-credit-ledger/contract';

/**
 * World-state key prefixes (composite keys) and the raw-record key of the raw-records collections: the
 * contract's key layout (state-keys.ts), which the verifier checks blocks against. Consents, accesses and
 * applications are in private collections: business-store.ts, financing-store.ts.
 */
export const KEY_PREFIXES = { ...PUBLIC_KEY_FAMILIES, rawRecord: RAW_RECORD_FAMILY } as const;

export { versionKeyPart } from '@sme-credit-ledger/contract';
