import type { KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { open, seal, SealingError, type SealedBox } from './sealed-records';
import type {
  AuthorizedRecord,
  OpenedAuthorizedRecords,
  RawRecord,
  ReadAuthorizedRecordsResponse,
} from './types';

/** What the sealed part of a read is bound to: a box cannot be moved to another access's response. */
export function readAssociatedData(read: { accessId: string; uscc: string; consentId: string }): string {
  return canonicalJson({ accessId: read.accessId, consentId: read.consentId, uscc: read.uscc });
}

/** The chaincode's half: the raw records, sealed to the reader's key for this access. */
export function sealRawRecords(
  raw: RawRecord[],
  readerKey: KeyObject,
  read: { accessId: string; uscc: string; consentId: string },
): SealedBox {
  return seal(canonicalJson(raw), readerKey, readAssociatedData(read));
}

/**
 * The reader's half: opens the sealed part with the private key whose public half went as `readerKey`, and
 * puts each raw record and salt back beside its proof fields.
 * @throws SealingError for another key, a box of another access, or raw records the proofs do not list.
 */
export function openAuthorizedRecords(
  read: ReadAuthorizedRecordsResponse,
  privateKey: KeyObject,
): OpenedAuthorizedRecords {
  const raw = JSON.parse(open(read.sealed, privateKey, readAssociatedData(read))) as RawRecord[];
  const byCategory = new Map(raw.map((item) => [item.category, item]));
  const available = new Set(read.records.filter((item) => item.available).map((item) => item.category));
  if (raw.length !== available.size || raw.some((item) => !available.has(item.category))) {
    throw new SealingError('the sealed records do not match the available records of the read');
  }
  return {
    accessId: read.accessId,
    uscc: read.uscc,
    consentId: read.consentId,
    missingCategories: read.missingCategories,
    records: read.records.map((item: AuthorizedRecord) => {
      const found = byCategory.get(item.category);
      return found === undefined ? item : { ...item, record: found.record, salt: found.salt };
    }),
  };
}
