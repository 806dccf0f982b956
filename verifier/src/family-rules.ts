import { createHash } from 'node:crypto';
import {
  attestationRule,
  erasureRule,
  headRule,
  objectionRule,
  openObjectionDeleteProblem,
  openObjectionRule,
  saltUseRule,
} from './attestation-write-rules';
import {
  categoryRule,
  institutionRule,
  matchingShardDeleteProblem,
  matchingShardRule,
  productRule,
} from './financing-write-rules';
import { indexRule } from './index-rule';
import { KEY_FAMILIES as K, versionKeyPart } from './key-families';
import {
  describe,
  integer,
  isDepartment,
  text,
  type AuthorizationCode,
  type Fields,
  type ParsedWrite,
  type TxView,
} from './rule-context';

/**
 * How one key family may be written. A new family is one entry of `FAMILY_RULES`; a write whose key
 * matches none is a finding, and no family allows deletes unless it says so.
 */
export interface FamilyRule {
  code: AuthorizationCode;
  /** The key's attributes as the value determines them (key and value must agree). */
  key?: (value: Fields) => string[];
  /**
   * Write-once: `txIdAttribute` names the key attribute that holds the creating transaction's id (unique, so
   * no second write can hit the key); `tracked` keys are remembered across blocks and a second write flagged.
   */
  writeOnce?: { txIdAttribute: number } | 'tracked';
  /** Set when the chaincode deletes keys of this family: what is wrong with a delete, if anything. */
  checkDelete?: (tx: TxView, write: ParsedWrite) => string | undefined;
  /** Returns what is wrong with the write (its value as an object; index entries read `write.value`). */
  check(value: Fields, tx: TxView, write: ParsedWrite): string | undefined;
}

/** `request` keys hold sha256(mspId \n clientId) of their creator, as chaincode/src/contracts/transaction.ts. */
function requestRule(value: Fields, tx: TxView, write: ParsedWrite): string | undefined {
  const digest = createHash('sha256').update(`${tx.creator.mspId}\n${tx.creator.clientId}`).digest('hex');
  if (write.attributes[0] !== digest) {
    return `request ${write.attributes[1] ?? ''} filed under another identity's key by ${describe(tx.creator)}`;
  }
  if (text(value, 'txId') !== tx.txId || text(value, 'invocation') !== tx.functionName) {
    return `request record names ${text(value, 'invocation')} in ${text(value, 'txId')}, not this transaction`;
  }
  return undefined;
}

export const FAMILY_RULES: Record<string, FamilyRule> = {
  [K.category]: { code: 'AUTHZ_CATALOG', key: (value) => [text(value, 'code')], check: categoryRule },
  [K.institution]: { code: 'AUTHZ_OTHER', key: (value) => [text(value, 'mspId')], check: institutionRule },
  [K.product]: {
    code: 'AUTHZ_OTHER',
    key: (value) => [text(value, 'bankMspId'), text(value, 'productId')],
    check: productRule,
  },
  [K.productVersion]: {
    code: 'AUTHZ_OTHER',
    key: (value) => [
      text(value, 'bankMspId'),
      text(value, 'productId'),
      versionKeyPart(integer(value, 'version')),
    ],
    writeOnce: 'tracked',
    check: (value, tx) =>
      tx.functionName === 'product:PublishProduct'
        ? productRule(value, tx)
        : `product version rewritten by ${tx.functionName}`,
  },
  [K.matchingShard]: {
    code: 'AUTHZ_OTHER',
    key: (value) => [text(value, 'bankMspId'), text(value, 'shard')],
    check: matchingShardRule,
    checkDelete: matchingShardDeleteProblem,
  },
  [K.company]: {
    code: 'AUTHZ_COMPANY',
    key: (value) => [text(value, 'uscc')],
    writeOnce: 'tracked',
    check: (value, tx) =>
      isDepartment(tx, 'SAMR') && text(value, 'txId') === tx.txId
        ? undefined
        : `company ${text(value, 'uscc')} registered by ${describe(tx.creator)}, not SAMR in this transaction`,
  },
  [K.attestation]: {
    code: 'AUTHZ_ATTESTATION',
    key: (value) => [text(value, 'uscc'), text(value, 'category'), versionKeyPart(integer(value, 'version'))],
    writeOnce: 'tracked',
    check: attestationRule,
  },
  [K.attestationHead]: {
    code: 'AUTHZ_ATTESTATION_HEAD',
    key: (value) => [text(value, 'uscc'), text(value, 'category')],
    check: headRule,
  },
  [K.saltUse]: { code: 'AUTHZ_SALT_USE', writeOnce: 'tracked', check: saltUseRule },
  [K.erasure]: {
    code: 'AUTHZ_OTHER',
    key: (value) => [text(value, 'uscc'), text(value, 'erasureId')],
    writeOnce: { txIdAttribute: 1 },
    check: erasureRule,
  },
  [K.objection]: { code: 'AUTHZ_OTHER', key: (value) => [text(value, 'objectionId')], check: objectionRule },
  [K.objectionByCompany]: {
    code: 'AUTHZ_INDEX',
    writeOnce: { txIdAttribute: 1 },
    check: indexRule(K.objection, 'objectionId', 'uscc'),
  },
  [K.openObjection]: {
    code: 'AUTHZ_OTHER',
    check: openObjectionRule,
    checkDelete: openObjectionDeleteProblem,
  },
  [K.request]: { code: 'AUTHZ_REQUEST', writeOnce: 'tracked', check: requestRule },
  [K.heartbeat]: {
    code: 'AUTHZ_OTHER',
    key: (value) => [text(value, 'heartbeatId')],
    check: (value, tx) => {
      // chaincode/src/domain/roles.ts requireRoleOrAdmin: a resolved role, or an organization admin.
      if (tx.role === undefined && !tx.creator.isAdmin) {
        return `heartbeat written by ${describe(tx.creator)}, neither a role nor an organization admin`;
      }
      return text(value, 'mspId') === tx.creator.mspId && text(value, 'txId') === tx.txId
        ? undefined
        : `heartbeat names ${text(value, 'mspId')} in ${text(value, 'txId')}, written by ${describe(tx.creator)}`;
    },
  },
};
