import { bankOfCollection } from '@sme-credit-ledger/contract';
import type { TrustedIdentity } from './identity-verifier';
import type { ParsedKey } from './key-families';
import type { TrackedState } from './tracked-state';

// Which MSP may hold each role; mirrors resolveCaller in chaincode/src/domain/roles.ts. The banks are the
// MSPs the chaincode definition gives a business collection (`banksOf`), as the chaincode asks the peer.
const GOV_MSP = 'GovMSP';

/** The MSPs with a business collection among a chaincode definition's collections. */
export function banksOf(collections: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  return new Set(
    Object.keys(collections)
      .map((name) => bankOfCollection(name))
      .filter((mspId): mspId is string => mspId !== undefined),
  );
}

/** Category code -> departments allowed to attest it, as defined on the ledger so far. */
export type Catalog = Record<string, string[]>;

export type AuthorizationCode =
  | 'AUTHZ_ATTESTATION'
  | 'AUTHZ_ATTESTATION_HEAD'
  | 'AUTHZ_SALT_USE'
  | 'AUTHZ_INDEX'
  | 'AUTHZ_CATALOG'
  | 'AUTHZ_COMPANY'
  | 'AUTHZ_REQUEST'
  | 'AUTHZ_DELETE'
  | 'AUTHZ_REWRITE'
  | 'AUTHZ_UNKNOWN_KEY'
  | 'AUTHZ_CONFIDENTIAL_IN_PUBLIC_STATE'
  | 'AUTHZ_CONFIDENTIAL_ARGUMENT'
  | 'AUTHZ_PRIVATE_WRITE'
  | 'AUTHZ_OTHER';

export interface AuthorizationFinding {
  code: AuthorizationCode;
  message: string;
}

/** One write of the transaction, its key split into family and attributes and its value parsed. */
export interface ParsedWrite extends ParsedKey {
  key: string;
  value: unknown;
  isDelete: boolean;
}

/** A transaction as the rules see it: who created it, every write it makes, what the ledger held before. */
export interface TxView {
  txId: string;
  functionName: string;
  creator: TrustedIdentity;
  /** The creator's role as the chaincode resolves it, undefined when the certificate claims none validly. */
  role: string | undefined;
  catalog: Catalog;
  state: TrackedState;
  writes: ParsedWrite[];
}

/** The caller as the chaincode resolves it: a role is honoured only from its organization. */
export function callerRole(creator: TrustedIdentity, banks: ReadonlySet<string>): string | undefined {
  const role = creator.attributes.role;
  switch (role) {
    case 'department':
    case 'company':
    case 'catalog-admin':
      return creator.mspId === GOV_MSP ? role : undefined;
    case 'bank':
      return banks.has(creator.mspId) ? role : undefined;
    case 'auditor':
      return creator.mspId === 'AuditorMSP' ? role : undefined;
    default:
      return undefined;
  }
}

export const describe = (creator: TrustedIdentity): string =>
  `${creator.mspId} ${creator.attributes.role ?? 'no-role'}` +
  `${creator.attributes.dept === undefined ? '' : ` dept=${creator.attributes.dept}`}` +
  `${creator.attributes.uscc === undefined ? '' : ` uscc=${creator.attributes.uscc}`}`;

export type Fields = Record<string, unknown>;

export const asFields = (value: unknown): Fields =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : {};

export const text = (value: unknown, name: string): string => {
  const field = asFields(value)[name];
  return typeof field === 'string' ? field : '';
};

export const integer = (value: unknown, name: string): number => {
  const field = asFields(value)[name];
  return typeof field === 'number' && Number.isInteger(field) ? field : Number.NaN;
};

/** The values this transaction writes (not deletes) to `family`. */
export const recordsOf = (tx: TxView, family: string): Fields[] =>
  tx.writes
    .filter((write) => write.family === family && !write.isDelete)
    .map((write) => asFields(write.value));

export const isCompanyOf = (tx: TxView, uscc: string): boolean =>
  tx.role === 'company' && tx.creator.attributes.uscc === uscc;

export const isDepartment = (tx: TxView, dept: string): boolean =>
  tx.role === 'department' && tx.creator.attributes.dept === dept;

export const isBank = (tx: TxView, bankMspId: string): boolean =>
  tx.role === 'bank' && tx.creator.mspId === bankMspId;
