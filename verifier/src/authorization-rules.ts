import { isDeepStrictEqual } from 'node:util';
import type { KvWrite } from './block-decoder';
import { FAMILY_RULES, type FamilyRule } from './family-rules';
import { definesCategory } from './financing-write-rules';
import type { TrustedIdentity } from './identity-verifier';
import { isConfidentialKey, KEY_FAMILIES as K, parseKey, printableKey } from './key-families';
import {
  asFields,
  callerRole,
  describe,
  text,
  type AuthorizationFinding,
  type Catalog,
  type ParsedWrite,
  type TxView,
} from './rule-context';
import type { TrackedState } from './tracked-state';

export type { AuthorizationFinding, Catalog } from './rule-context';

/**
 * The chaincode's own rules, re-checked from the creator certificate and the write set in the block. They
 * mirror `chaincode/src/domain` and the contracts; a write that breaks them is a forgery even when every
 * signature is good (an organization running a modified chaincode can endorse anything).
 */
export interface WriteContext {
  txId: string;
  functionName: string;
  creator: TrustedIdentity;
  catalog: Catalog;
  /** Write-once keys learned from earlier blocks; updated with this transaction's writes. */
  state: TrackedState;
  /** The banks of the chaincode definition in force (`banksOf`). */
  banks: ReadonlySet<string>;
}

const NOT_JSON = Symbol('not JSON');

function parseWrite(write: KvWrite): ParsedWrite {
  let value: unknown = undefined;
  if (!write.isDelete) {
    try {
      value = JSON.parse(Buffer.from(write.value).toString('utf8')) as unknown;
    } catch {
      value = NOT_JSON;
    }
  }
  return { ...parseKey(write.key), key: write.key, value, isDelete: write.isDelete };
}

const where = (write: ParsedWrite): string => `${write.family} [${write.attributes.join(', ')}]`;

function onceFindings(rule: FamilyRule, write: ParsedWrite, tx: TxView): AuthorizationFinding[] {
  const once = rule.writeOnce;
  if (once === 'tracked') {
    return tx.state.hasKey(write.key)
      ? [
          {
            code: 'AUTHZ_REWRITE',
            message: `${where(write)} written again by ${describe(tx.creator)}; it is write-once`,
          },
        ]
      : [];
  }
  const keyedTo = once === undefined ? tx.txId : write.attributes[once.txIdAttribute];
  return keyedTo === tx.txId
    ? []
    : [
        {
          code: 'AUTHZ_REWRITE',
          message: `${where(write)} is keyed to transaction ${keyedTo}, not to ${tx.txId} writing it`,
        },
      ];
}

function checkWrite(write: ParsedWrite, tx: TxView): AuthorizationFinding[] {
  if (isConfidentialKey(write)) {
    return [
      {
        code: 'AUTHZ_CONFIDENTIAL_IN_PUBLIC_STATE',
        message: `${write.isDelete ? 'delete' : 'write'} of ${printableKey(write.key)} in public state by ${describe(tx.creator)} (${tx.functionName}); bank business belongs in its private collection`,
      },
    ];
  }
  const rule = FAMILY_RULES[write.family];
  if (rule === undefined || !write.composite) {
    return [
      {
        code: 'AUTHZ_UNKNOWN_KEY',
        message: `write to ${printableKey(write.key)}, a key of no family of the chaincode, by ${describe(tx.creator)}`,
      },
    ];
  }
  if (write.isDelete) {
    const problem =
      rule.checkDelete === undefined
        ? `delete of ${where(write)} by ${describe(tx.creator)}; the family is append-only`
        : rule.checkDelete(tx, write);
    return problem === undefined ? [] : [{ code: 'AUTHZ_DELETE', message: problem }];
  }
  if (write.value === NOT_JSON) return [{ code: rule.code, message: `${where(write)} value is not JSON` }];
  const findings = onceFindings(rule, write, tx);
  const value = asFields(write.value);
  const expectedKey = rule.key?.(value);
  if (expectedKey !== undefined && !isDeepStrictEqual(expectedKey, write.attributes)) {
    findings.push({
      code: rule.code,
      message: `${where(write)} holds the value of [${expectedKey.join(', ')}]`,
    });
  }
  const problem = rule.check(value, tx, write);
  if (problem !== undefined) findings.push({ code: rule.code, message: problem });
  return findings;
}

/** What later blocks are judged by: the catalog in force, the write-once keys. */
function learn(tx: TxView): void {
  for (const write of tx.writes) {
    const value = asFields(write.value);
    if (write.family === K.category && definesCategory(tx, value) && Array.isArray(value.departments)) {
      tx.catalog[text(value, 'code')] = value.departments.filter(
        (department): department is string => typeof department === 'string',
      );
    }
    if (FAMILY_RULES[write.family]?.writeOnce === 'tracked' && !write.isDelete) tx.state.addKey(write.key);
  }
}

/**
 * Checks the chaincode writes of one valid transaction against the rules of their key families and returns
 * what breaks them; then learns from them (catalog, write-once keys), in block order, so later
 * transactions are judged by the state in force. Private writes are judged by `checkPrivateWrites`.
 */
export function checkAuthorization(
  writes: readonly KvWrite[],
  context: WriteContext,
): AuthorizationFinding[] {
  const tx: TxView = {
    ...context,
    role: callerRole(context.creator, context.banks),
    writes: writes.map(parseWrite),
  };
  const seen = new Set<string>();
  const findings = tx.writes
    .flatMap((write) => checkWrite(write, tx))
    .filter((finding) => {
      const key = `${finding.code} ${finding.message}`;
      return !seen.has(key) && Boolean(seen.add(key));
    });
  learn(tx);
  return findings;
}
