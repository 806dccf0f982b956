import type { KvWrite } from './block-decoder';
import type { TrustedIdentity } from './identity-verifier';

/**
 * The chaincode's own authorization rules, re-checked from the creator certificate in the block. They mirror
 * `chaincode/src/domain/roles.ts` and the contracts; a write that breaks them is a forgery even when every
 * signature is good (an organization running a modified chaincode can endorse anything).
 */

// Which MSP may hold each role; mirrors resolveCaller in chaincode/src/domain/roles.ts.
const GOV_MSP = 'GovMSP';
const BANK_MSPS: readonly string[] = ['Bank1MSP', 'Bank2MSP'];

/** Key prefixes of chaincode/src/ledger/keys.ts the rules look at. */
const PREFIX = {
  category: 'category',
  company: 'company',
  attestation: 'attestation',
  erasure: 'erasure',
  consent: 'consent',
  access: 'access',
  accessByCompany: 'accessByCompany',
  accessByBank: 'accessByBank',
  objection: 'objection',
} as const;
const ACCESS_BY_TIME_PREFIX = 'accessByTime|';

/** Category code -> departments allowed to attest it, as defined on the ledger so far. */
export type Catalog = Record<string, string[]>;

export interface AuthorizationFinding {
  code:
    | 'AUTHZ_ATTESTATION'
    | 'AUTHZ_CONSENT'
    | 'AUTHZ_ACCESS'
    | 'AUTHZ_CATALOG'
    | 'AUTHZ_COMPANY'
    | 'AUTHZ_OTHER';
  message: string;
}

export interface WriteContext {
  txId: string;
  functionName: string;
  creator: TrustedIdentity;
  catalog: Catalog;
}

/** The caller as the chaincode resolves it: a role is honoured only from its organization. */
function callerRole(creator: TrustedIdentity): string | undefined {
  const role = creator.attributes.role;
  switch (role) {
    case 'department':
    case 'company':
    case 'catalog-admin':
      return creator.mspId === GOV_MSP ? role : undefined;
    case 'bank':
      return BANK_MSPS.includes(creator.mspId) ? role : undefined;
    case 'auditor':
      return creator.mspId === 'AuditorMSP' ? role : undefined;
    default:
      return undefined;
  }
}

/** Splits a composite key (`\0prefix\0attr\0...\0`); simple keys return their prefix up to `|`. */
export function keyPrefix(key: string): string {
  if (key.startsWith('\u0000')) {
    return key.slice(1).split('\u0000')[0] ?? '';
  }
  return key.startsWith(ACCESS_BY_TIME_PREFIX) ? ACCESS_BY_TIME_PREFIX : key;
}

const describe = (creator: TrustedIdentity): string =>
  `${creator.mspId} ${creator.attributes.role ?? 'no-role'}` +
  `${creator.attributes.dept === undefined ? '' : ` dept=${creator.attributes.dept}`}` +
  `${creator.attributes.uscc === undefined ? '' : ` uscc=${creator.attributes.uscc}`}`;

type Rule = (
  value: Record<string, unknown>,
  context: WriteContext,
  role: string | undefined,
) => string | undefined;

const stringField = (value: Record<string, unknown>, name: string): string =>
  typeof value[name] === 'string' ? value[name] : '';

const attestationRule: Rule = (value, { creator, catalog, txId }, role) => {
  const category = stringField(value, 'category');
  const department = stringField(value, 'department');
  if (role !== 'department') {
    return `attestation of ${category} created by ${describe(creator)}, not a department`;
  }
  if (creator.attributes.dept !== department) {
    return `attestation names department ${department} but was created by ${describe(creator)}`;
  }
  const allowed = catalog[category];
  if (allowed === undefined) {
    return `attestation of ${category}, a category not defined on the ledger`;
  }
  if (!allowed.includes(department)) {
    return `department ${department} may not attest ${category} (allowed: ${allowed.join(', ')})`;
  }
  return stringField(value, 'txId') === txId
    ? undefined
    : `attestation carries txId ${stringField(value, 'txId')}`;
};

// RequestConsent is written by the bank it names; RecordAccess updates the consent's usage count.
const BANK_CONSENT_WRITES: readonly string[] = ['consent:RequestConsent', 'access:RecordAccess'];

const consentRule: Rule = (value, { creator, functionName }, role) => {
  const uscc = stringField(value, 'uscc');
  const bank = stringField(value, 'bankMspId');
  if (role === 'company' && creator.attributes.uscc === uscc) {
    return undefined;
  }
  const isRequest = functionName !== 'consent:RequestConsent' || stringField(value, 'status') === 'requested';
  if (role === 'bank' && creator.mspId === bank && BANK_CONSENT_WRITES.includes(functionName) && isRequest) {
    return undefined;
  }
  return `consent of company ${uscc} for ${bank} written by ${describe(creator)} (${functionName})`;
};

const accessRule: Rule = (value, { creator, txId }, role) => {
  const bank = stringField(value, 'bankMspId');
  if (role !== 'bank' || creator.mspId !== bank) {
    return `access record of ${bank} created by ${describe(creator)}`;
  }
  return stringField(value, 'txId') === txId
    ? undefined
    : `access record carries txId ${stringField(value, 'txId')}`;
};

const RULES: Record<string, { code: AuthorizationFinding['code']; rule: Rule }> = {
  [PREFIX.attestation]: { code: 'AUTHZ_ATTESTATION', rule: attestationRule },
  [PREFIX.consent]: { code: 'AUTHZ_CONSENT', rule: consentRule },
  [PREFIX.access]: { code: 'AUTHZ_ACCESS', rule: accessRule },
  [PREFIX.accessByCompany]: { code: 'AUTHZ_ACCESS', rule: accessRule },
  [PREFIX.accessByBank]: { code: 'AUTHZ_ACCESS', rule: accessRule },
  [ACCESS_BY_TIME_PREFIX]: { code: 'AUTHZ_ACCESS', rule: accessRule },
  [PREFIX.category]: {
    code: 'AUTHZ_CATALOG',
    rule: (value, { creator }, role) =>
      role === 'catalog-admin'
        ? undefined
        : `category ${stringField(value, 'code')} defined by ${describe(creator)}`,
  },
  [PREFIX.company]: {
    code: 'AUTHZ_COMPANY',
    rule: (value, { creator }, role) =>
      role === 'department' && creator.attributes.dept === 'SAMR'
        ? undefined
        : `company ${stringField(value, 'uscc')} registered by ${describe(creator)}, not SAMR`,
  },
  [PREFIX.erasure]: {
    code: 'AUTHZ_OTHER',
    rule: (value, { creator }, role) =>
      role === 'company' && creator.attributes.uscc === stringField(value, 'uscc')
        ? undefined
        : `erasure for company ${stringField(value, 'uscc')} by ${describe(creator)}`,
  },
  [PREFIX.objection]: {
    code: 'AUTHZ_OTHER',
    rule: (value, { creator }, role) => {
      const isCompany = role === 'company' && creator.attributes.uscc === stringField(value, 'uscc');
      const isDepartment =
        role === 'department' && creator.attributes.dept === stringField(value, 'department');
      return isCompany || isDepartment
        ? undefined
        : `objection of company ${stringField(value, 'uscc')} written by ${describe(creator)}`;
    },
  },
};

/**
 * Checks the chaincode writes of one valid transaction and returns what breaks the rules. Category writes
 * by the catalog admin update `context.catalog`, so later attestations are judged by the catalog in force.
 */
export function checkAuthorization(
  writes: readonly KvWrite[],
  context: WriteContext,
): AuthorizationFinding[] {
  const role = callerRole(context.creator);
  const findings: AuthorizationFinding[] = [];
  for (const write of writes) {
    const prefix = keyPrefix(write.key);
    const entry = RULES[prefix];
    if (entry === undefined || write.isDelete) {
      continue;
    }
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(Buffer.from(write.value).toString('utf8')) as Record<string, unknown>;
    } catch {
      findings.push({ code: entry.code, message: `${prefix} value is not JSON` });
      continue;
    }
    const problem = entry.rule(value, context, role);
    if (problem !== undefined) {
      findings.push({ code: entry.code, message: problem });
    } else if (prefix === PREFIX.category && Array.isArray(value.departments)) {
      context.catalog[stringField(value, 'code')] = value.departments.filter(
        (department): department is string => typeof department === 'string',
      );
    }
  }
  return findings;
}
