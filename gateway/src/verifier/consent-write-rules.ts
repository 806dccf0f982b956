import { isDeepStrictEqual } from 'node:util';
import { compositeKey, KEY_FAMILIES as K, versionKeyPart } from './key-families';
import {
  asFields,
  describe,
  integer,
  isBank,
  isCompanyOf,
  recordsOf,
  text,
  type Fields,
  type ParsedWrite,
  type TxView,
} from './rule-context';

// A consent never changes whose it is; the company changes its status, the bank only its usage.
const IDENTITY_FIELDS = ['consentId', 'uscc', 'bankMspId'] as const;

/**
 * A consent: created by its company (authorised) or by the bank it names (requested) under the id of its
 * transaction, with both index entries; afterwards changed by its company, or by its bank only through a
 * usage update (`usageUpdateProblem`).
 */
export function consentRule(value: Fields, tx: TxView): string | undefined {
  const id = text(value, 'consentId');
  const uscc = text(value, 'uscc');
  const bank = text(value, 'bankMspId');
  const previous = tx.state.consents.get(id);
  if (previous === undefined) return creationProblem(value, tx);
  const changed = IDENTITY_FIELDS.find((field) => previous[field] !== value[field]);
  if (changed !== undefined) return `consent ${id} changes its ${changed}`;
  if (tx.functionName === 'access:RecordAccess' || tx.role === 'bank') {
    return usageUpdateProblem(previous, value, tx);
  }
  return isCompanyOf(tx, uscc)
    ? undefined
    : `consent of company ${uscc} for ${bank} written by ${describe(tx.creator)} (${tx.functionName})`;
}

function creationProblem(value: Fields, tx: TxView): string | undefined {
  const id = text(value, 'consentId');
  const uscc = text(value, 'uscc');
  const bank = text(value, 'bankMspId');
  const status = text(value, 'status');
  const byCompany = isCompanyOf(tx, uscc) && status === 'authorised';
  const byBank = isBank(tx, bank) && status === 'requested';
  if (!byCompany && !byBank) {
    return `consent of company ${uscc} for ${bank} created ${status} by ${describe(tx.creator)} (${tx.functionName})`;
  }
  if (id !== tx.txId) return `new consent ${id} does not carry the id of its transaction ${tx.txId}`;
  const indexed = (family: string, owner: string): boolean =>
    tx.writes.some((write) => write.family === family && write.attributes.join('/') === `${owner}/${id}`);
  return indexed(K.consentByCompany, uscc) && indexed(K.consentByBank, bank)
    ? undefined
    : `new consent ${id} written without its company and bank index entries`;
}

/**
 * Inside RecordAccess a bank may only count one use of an authorised consent, and move it to `consumed`
 * (one history entry of this transaction) at its limit: everything else must equal the previous value.
 */
export function usageUpdateProblem(previous: Fields, next: Fields, tx: TxView): string | undefined {
  const id = text(next, 'consentId');
  if (!isBank(tx, text(next, 'bankMspId'))) {
    return `usage of consent ${id} of ${text(next, 'bankMspId')} recorded by ${describe(tx.creator)}`;
  }
  if (previous.status !== 'authorised')
    return `usage counted on consent ${id} while it is ${String(previous.status)}`;
  const expected: Fields = { ...previous, usageCount: integer(previous, 'usageCount') + 1 };
  const history: unknown[] = Array.isArray(previous.history) ? (previous.history as unknown[]) : [];
  const added = Array.isArray(next.history) ? (next.history.at(-1) as unknown) : undefined;
  if (next.status === 'consumed' && text(added, 'status') === 'consumed' && text(added, 'txId') === tx.txId) {
    Object.assign(expected, { status: 'consumed', history: [...history, added] });
  }
  const changed = [...new Set([...Object.keys(expected), ...Object.keys(next)])].filter(
    (field) => !isDeepStrictEqual(expected[field], next[field]),
  );
  if (changed.length > 0) {
    return `consent ${id} rewritten inside ${tx.functionName}: ${changed.join(', ')} differ from its previous value with one more use`;
  }
  const accessed = recordsOf(tx, K.access).some(
    (access) => text(access, 'consentId') === id && text(access, 'outcome') === 'granted',
  );
  return accessed ? undefined : `usage of consent ${id} counted without a granted access record naming it`;
}

/**
 * An index entry (value: the record's id) is written only with the record it names, created in the same
 * transaction for the same owner (company or bank).
 */
export const indexRule =
  (recordFamily: string, idField: string, ownerField: string) =>
  (_value: Fields, tx: TxView, write: ParsedWrite): string | undefined => {
    const [owner = '', id = ''] = write.attributes;
    const where = `${write.family} entry ${owner}/${id}`;
    const value = write.value;
    if (value !== id) return `${where} holds ${JSON.stringify(value)}, not the id in its key`;
    const record = recordsOf(tx, recordFamily).find((candidate) => text(candidate, idField) === id);
    if (record === undefined)
      return `${where} names ${recordFamily} ${id}, which this transaction does not write`;
    return text(record, ownerField) === owner
      ? undefined
      : `${where} files ${recordFamily} ${id} under ${owner}, it belongs to ${text(record, ownerField)}`;
  };

/** Access records and their indexes: by the bank they name, in their own transaction. */
export function accessRule(value: Fields, tx: TxView): string | undefined {
  const bank = text(value, 'bankMspId');
  if (!isBank(tx, bank)) return `access record of ${bank} created by ${describe(tx.creator)}`;
  if (text(value, 'txId') !== tx.txId) return `access record carries txId ${text(value, 'txId')}`;
  return attestedVersionsProblem(value, tx);
}

/** A granted access names the versions it read; each must be an attestation the ledger holds. */
function attestedVersionsProblem(value: Fields, tx: TxView): string | undefined {
  const versions = asFields(value.attestedVersions);
  const uscc = text(value, 'uscc');
  const missing = Object.entries(versions).find(
    ([category, version]) =>
      typeof version !== 'number' ||
      !tx.state.hasKey(compositeKey(K.attestation, [uscc, category, versionKeyPart(version)])),
  );
  return missing === undefined
    ? undefined
    : `access ${text(value, 'accessId')} names version ${String(missing[1])} of ${missing[0]}, which the ledger does not hold`;
}
