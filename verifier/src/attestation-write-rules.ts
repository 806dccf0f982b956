import { isLoanCategory, lenderCodeOf } from '@sme-credit-ledger/contract';
import { isLenderReport } from './financing-write-rules';
import { KEY_FAMILIES as K, compositeKey, versionKeyPart } from './key-families';
import {
  describe,
  integer,
  isCompanyOf,
  isDepartment,
  recordsOf,
  text,
  type Fields,
  type ParsedWrite,
  type TxView,
} from './rule-context';

const hasAttestation = (tx: TxView, uscc: string, category: string, version: number): boolean =>
  tx.state.hasKey(compositeKey(K.attestation, [uscc, category, versionKeyPart(version)]));

/** Who may attest: a department allowed for the category in the catalog in force, in its own name. */
function attestingDepartment(value: Fields, tx: TxView): string | undefined {
  const category = text(value, 'category');
  const department = text(value, 'department');
  if (isLenderReport(tx, category)) {
    return department === lenderCodeOf(tx.creator.mspId)
      ? undefined
      : `loan outcome names attester ${department}, not ${describe(tx.creator)}`;
  }
  if (tx.role !== 'department' || isLoanCategory(category)) {
    return `attestation of ${category} created by ${describe(tx.creator)}, not ${isLoanCategory(category) ? 'its lending bank' : 'a department'}`;
  }
  if (tx.creator.attributes.dept !== department) {
    return `attestation names department ${department} but was created by ${describe(tx.creator)}`;
  }
  const allowed = tx.catalog[category];
  if (allowed === undefined) {
    return `attestation of ${category}, a category not defined on the ledger`;
  }
  return allowed.includes(department)
    ? undefined
    : `department ${department} may not attest ${category} (allowed: ${allowed.join(', ')})`;
}

/**
 * An attestation: by an allowed department, the next version after the latest one on the ledger, with its
 * head pointing to it and one salt-use mark per attestation in the same transaction.
 */
export function attestationRule(value: Fields, tx: TxView): string | undefined {
  const uscc = text(value, 'uscc');
  const category = text(value, 'category');
  const version = integer(value, 'version');
  const who = attestingDepartment(value, tx);
  if (who !== undefined) return who;
  if (text(value, 'txId') !== tx.txId) return `attestation carries txId ${text(value, 'txId')}`;
  if (version > 1 && !hasAttestation(tx, uscc, category, version - 1)) {
    return `attestation version ${version} of ${uscc}/${category} skips version ${version - 1}`;
  }
  const heads = recordsOf(tx, K.attestationHead).filter(
    (head) => text(head, 'uscc') === uscc && text(head, 'category') === category,
  );
  if (heads.length === 0) return `attestation ${uscc}/${category} v${version} written without its head`;
  const salts = recordsOf(tx, K.saltUse).length;
  const attestations = recordsOf(tx, K.attestation).length;
  return salts === attestations
    ? undefined
    : `${attestations} attestation(s) written with ${salts} salt-use mark(s): each needs its own salt`;
}

/**
 * The head of (company, category) agrees with the record written with it: the attestation it now points
 * to, the objection it opens or closes, or the erasure it records. Anything else leaves the version alone.
 */
export function headRule(value: Fields, tx: TxView): string | undefined {
  const uscc = text(value, 'uscc');
  const category = text(value, 'category');
  const latest = integer(value, 'latestVersion');
  const where = `head of ${uscc}/${category}`;
  const attestation = recordsOf(tx, K.attestation).find(
    (record) => text(record, 'uscc') === uscc && text(record, 'category') === category,
  );
  if (attestation !== undefined) {
    const latestTxId = value.latestTxId;
    if (integer(attestation, 'version') !== latest || (latestTxId !== undefined && latestTxId !== tx.txId)) {
      return `${where} points to version ${latest}, not to version ${integer(attestation, 'version')} written with it`;
    }
    return tx.role === 'department' || isLenderReport(tx, category)
      ? undefined
      : `${where} advanced by ${describe(tx.creator)}`;
  }
  if (!hasAttestation(tx, uscc, category, latest) || hasAttestation(tx, uscc, category, latest + 1)) {
    return `${where} rewritten to version ${latest}, which is not the latest attestation on the ledger`;
  }
  const objection = recordsOf(tx, K.objection).find(
    (record) => text(record, 'uscc') === uscc && text(record, 'category') === category,
  );
  return objection === undefined ? erasureHead(value, tx, where) : objectionHead(value, objection, tx, where);
}

/**
 * Raising an objection marks it open under its own key (`openObjection`); resolving removes that key. Heads
 * written before the keys existed list open ids themselves (`openObjectionIds`), and lose the list when next
 * touched, which is why a resolution need not delete a key.
 */
function objectionHead(value: Fields, objection: Fields, tx: TxView, where: string): string | undefined {
  const id = text(objection, 'objectionId');
  const listed = Array.isArray(value.openObjectionIds) && value.openObjectionIds.includes(id);
  const marked = tx.writes.some(
    (write) =>
      write.family === K.openObjection &&
      !write.isDelete &&
      write.attributes.join('/') === `${text(value, 'uscc')}/${text(value, 'category')}/${id}`,
  );
  if (text(objection, 'status') === 'open') {
    if (!isCompanyOf(tx, text(value, 'uscc')))
      return `${where} gains an objection by ${describe(tx.creator)}`;
    return marked || listed ? undefined : `${where} does not mark objection ${id} raised with it open`;
  }
  if (!isDepartment(tx, text(objection, 'department'))) {
    return `${where} loses objection ${id} by ${describe(tx.creator)}`;
  }
  return marked || listed ? `${where} still marks objection ${id} resolved with it open` : undefined;
}

/**
 * `openObjection [uscc, category, objectionId]` (value: the id): written beside the head of that record and
 * an objection of the same company and category (the one raised, or, moving a legacy head's list to keys,
 * the one resolved).
 */
export function openObjectionRule(_value: Fields, tx: TxView, write: ParsedWrite): string | undefined {
  const [uscc = '', category = '', id = ''] = write.attributes;
  const sameRecord = (record: Fields): boolean =>
    text(record, 'uscc') === uscc && text(record, 'category') === category;
  if (write.value !== id) return `open-objection mark ${id} names another objection`;
  if (!recordsOf(tx, K.attestationHead).some(sameRecord) || !recordsOf(tx, K.objection).some(sameRecord)) {
    return `open-objection mark ${id} of ${uscc}/${category} written without its objection and head`;
  }
  return undefined;
}

/** Only the resolution of that objection, by the department that resolves it, removes its open mark. */
export function openObjectionDeleteProblem(tx: TxView, write: ParsedWrite): string | undefined {
  const id = write.attributes[2] ?? '';
  const resolved = recordsOf(tx, K.objection).find(
    (record) => text(record, 'objectionId') === id && text(record, 'status') !== 'open',
  );
  return resolved !== undefined && isDepartment(tx, text(resolved, 'department'))
    ? undefined
    : `open-objection mark ${id} removed by ${describe(tx.creator)} without resolving it`;
}

function erasureHead(value: Fields, tx: TxView, where: string): string | undefined {
  const erasure = recordsOf(tx, K.erasure).find((record) => text(record, 'uscc') === text(value, 'uscc'));
  if (erasure === undefined) {
    return `${where} rewritten by ${describe(tx.creator)} with no attestation, objection or erasure in the same transaction`;
  }
  const purged = (erasure.purged ?? {}) as Record<string, unknown>;
  const erased = integer(value, 'erasedThroughVersion');
  if (!isCompanyOf(tx, text(value, 'uscc'))) return `${where} marked erased by ${describe(tx.creator)}`;
  return purged[text(value, 'category')] === erased && erased === integer(value, 'latestVersion')
    ? undefined
    : `${where} marks version ${erased} erased, the erasure written with it says ${String(purged[text(value, 'category')])}`;
}

/** A salt-use mark exists only beside the attestation whose salt it consumes. */
export function saltUseRule(value: Fields, tx: TxView): string | undefined {
  if (text(value, 'txId') !== tx.txId) return `salt-use mark carries txId ${text(value, 'txId')}`;
  return recordsOf(tx, K.attestation).length > 0
    ? undefined
    : `salt-use mark written by ${describe(tx.creator)} without an attestation in the same transaction`;
}

/** An objection: raised open by the company itself, resolved by the department that made the attestation. */
export function objectionRule(value: Fields, tx: TxView): string | undefined {
  const uscc = text(value, 'uscc');
  const id = text(value, 'objectionId');
  const hasHead = recordsOf(tx, K.attestationHead).some(
    (head) => text(head, 'uscc') === uscc && text(head, 'category') === text(value, 'category'),
  );
  if (!hasHead)
    return `objection ${id} written without updating the head of ${uscc}/${text(value, 'category')}`;
  if (text(value, 'status') === 'open') {
    if (!isCompanyOf(tx, uscc)) return `objection of company ${uscc} raised by ${describe(tx.creator)}`;
    return id === tx.txId && text(value, 'raisedTxId') === tx.txId
      ? undefined
      : `objection ${id} raised in transaction ${tx.txId} under another id`;
  }
  if (!isDepartment(tx, text(value, 'department'))) {
    return `objection ${id} of company ${uscc} resolved by ${describe(tx.creator)}`;
  }
  return text(value.resolution, 'txId') === tx.txId
    ? undefined
    : `objection ${id} resolution carries another txId`;
}

/** An erasure record: by the company itself, for the heads it rewrites in the same transaction. */
export function erasureRule(value: Fields, tx: TxView): string | undefined {
  const uscc = text(value, 'uscc');
  return isCompanyOf(tx, uscc) && text(value, 'txId') === tx.txId
    ? undefined
    : `erasure for company ${uscc} by ${describe(tx.creator)}`;
}
