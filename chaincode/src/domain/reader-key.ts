import type { KeyObject } from 'node:crypto';
import {
  parseReaderKey,
  sealRawRecords,
  SealingError,
  type RawRecord,
  type SealedBox,
  TRANSIENT_FIELDS,
} from '@sme-credit-ledger/contract';
import { fail } from './errors';

/** The reader's public key from transient data; a read without one is refused, so no raw value leaves in clear. */
export function requireReaderKey(text: string | undefined): KeyObject {
  try {
    return parseReaderKey(text);
  } catch (error) {
    return refuse(error);
  }
}

/**
 * Runs a sealing step, reporting an unusable key as VALIDATION_FAILED. Sealing uses node:crypto's
 * randomness, which chaincode otherwise avoids: the endorsement policy is OR('GovMSP.peer'), so no second
 * endorsement has to match (see chaincode/README.md for what a two-endorser policy would need).
 */
export function sealed(seal: () => SealedBox): SealedBox {
  try {
    return seal();
  } catch (error) {
    return refuse(error);
  }
}

/** Seals the raw records of a read to the reader, bound to the access they belong to. */
export function sealForReader(
  raw: RawRecord[],
  readerKey: KeyObject,
  read: { accessId: string; uscc: string; consentId: string },
): SealedBox {
  return sealed(() => sealRawRecords(raw, readerKey, read));
}

function refuse(error: unknown): never {
  if (error instanceof SealingError) {
    fail('VALIDATION_FAILED', `transient field "${TRANSIENT_FIELDS.readerKey}": ${error.message}`);
  }
  throw error;
}
