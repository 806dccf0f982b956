import { AUDITOR_MSP, GOV_MSP, type Role } from '@sme-credit-ledger/contract';
import { fail } from './errors';
import { parseUscc, type Uscc } from './uscc';

export { AUDITOR_MSP, GOV_MSP };

const DEPARTMENT_CODE = /^[A-Z][A-Z0-9_]{1,15}$/;

/** What the certificate says: the MSP that issued it and its `role`, `dept`, `uscc` attributes. */
export interface CallerIdentity {
  mspId: string;
  role: string | null;
  dept: string | null;
  uscc: string | null;
}

export type Caller =
  | { role: 'department'; mspId: string; dept: string }
  | { role: 'company'; mspId: string; uscc: Uscc }
  | { role: 'bank'; mspId: string }
  | { role: 'auditor'; mspId: string }
  | { role: 'catalog-admin'; mspId: string };

export type CallerOf<R extends Role> = Extract<Caller, { role: R }>;

/**
 * Grants a role only when the issuing MSP and the certificate attributes agree; anything else fails closed
 * with NOT_AUTHORIZED (a bank certificate claiming a department role is refused, not downgraded).
 */
export function resolveCaller(identity: CallerIdentity): Caller {
  const { mspId, role } = identity;
  switch (role) {
    case 'department':
      requireMsp(identity, mspId === GOV_MSP);
      if (identity.dept === null || !DEPARTMENT_CODE.test(identity.dept)) {
        return fail(
          'NOT_AUTHORIZED',
          'department identities need a dept attribute (e.g. TAX) in their certificate',
        );
      }
      return { role, mspId, dept: identity.dept };
    case 'company':
      requireMsp(identity, mspId === GOV_MSP);
      if (identity.uscc === null) {
        return fail('NOT_AUTHORIZED', 'company identities need a uscc attribute in their certificate');
      }
      return { role, mspId, uscc: parseUscc(identity.uscc) };
    case 'catalog-admin':
      requireMsp(identity, mspId === GOV_MSP);
      return { role, mspId };
    case 'bank':
      // Which other organizations are banks is on the ledger (a business collection each), checked by
      // `requireBank` in the transaction layer: network/topology.json decides, not this code.
      requireMsp(identity, mspId !== GOV_MSP && mspId !== AUDITOR_MSP);
      return { role, mspId };
    case 'auditor':
      requireMsp(identity, mspId === AUDITOR_MSP);
      return { role, mspId };
    default:
      return fail(
        'NOT_AUTHORIZED',
        'the certificate has no recognised role attribute; enroll with role:ecert',
      );
  }
}

function requireMsp(identity: CallerIdentity, isAllowed: boolean): void {
  if (!isAllowed) {
    fail(
      'NOT_AUTHORIZED',
      `role ${identity.role ?? ''} is not honoured from ${identity.mspId}; use an identity of the right organization`,
    );
  }
}

/** Narrows the caller to one of the roles allowed to perform `action`, else NOT_AUTHORIZED. */
export function requireRole<R extends Role>(
  caller: Caller,
  roles: readonly R[],
  action: string,
): CallerOf<R> {
  if (!(roles as readonly Role[]).includes(caller.role)) {
    return fail(
      'NOT_AUTHORIZED',
      `${caller.role} identities cannot ${action}; this needs role ${roles.join(' or ')}`,
    );
  }
  return caller as CallerOf<R>;
}

/** A company acts only for its own USCC. */
export function requireOwnCompany(caller: CallerOf<'company'>, uscc: Uscc): void {
  if (caller.uscc !== uscc) {
    fail(
      'NOT_AUTHORIZED',
      `company ${caller.uscc} cannot act for ${uscc}; a company acts only for its own USCC`,
    );
  }
}

/** Companies see only their own data; auditors see all; other roles are refused. */
export function requireCompanyOrAuditor(caller: Caller, uscc: Uscc, action: string): void {
  const reader = requireRole(caller, ['company', 'auditor'], action);
  if (reader.role === 'company') {
    requireOwnCompany(reader, uscc);
  }
}

/** Fabric's NodeOU classes; a certificate is valid only with exactly one (msp/mspimpl.go, validateIdentityOUsV142). */
const NODE_OUS = ['client', 'peer', 'admin', 'orderer'];

/**
 * An organization admin by Fabric's NodeOU rules: its certificate's only NodeOU is `admin`. The peer has
 * already checked that the organization's CA issued it, so the OU cannot be self-assigned.
 */
export function isOrganizationAdmin(organizationalUnits: readonly string[]): boolean {
  const nodeOus = organizationalUnits.filter((ou) => NODE_OUS.includes(ou));
  return nodeOus.length === 1 && nodeOus[0] === 'admin';
}

/**
 * Operator actions (heartbeats) are for any identity with a resolved role, or an organization admin (what
 * Fabric's `peer` CLI signs with); anyone else gets NOT_AUTHORIZED.
 */
export function requireRoleOrAdmin(
  identity: CallerIdentity,
  organizationalUnits: readonly string[],
  action: string,
): void {
  if (isOrganizationAdmin(organizationalUnits)) return;
  try {
    resolveCaller(identity);
  } catch {
    fail(
      'NOT_AUTHORIZED',
      `only identities with a role or an organization admin may ${action}; ${identity.mspId} certificate has neither`,
    );
  }
}
