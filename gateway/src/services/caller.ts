import { ApiError } from '../errors/problem';
import type { IdentityProfile, IdentityRole } from '../identity/profile';

/** The authenticated caller: the Fabric identity its bearer token is bound to. */
export type Caller = IdentityProfile;

/**
 * Early role check so a wrong-role call is refused without a Fabric round trip. The chaincode checks the
 * certificate attributes again (NOT_AUTHORIZED); this check never grants more than the chaincode would.
 * @throws ApiError FORBIDDEN
 */
export function requireRole(caller: Caller, roles: readonly IdentityRole[], action: string): void {
  if (!roles.includes(caller.role)) {
    throw new ApiError(
      'FORBIDDEN',
      `${caller.role} identities cannot ${action}; this needs role ${roles.join(' or ')}`,
    );
  }
}

/** The company's own USCC, from its certificate attribute. */
export function companyUscc(caller: Caller): string {
  if (caller.uscc === undefined) {
    throw new ApiError(
      'FORBIDDEN',
      `identity ${caller.key} has no uscc attribute; re-enroll it with --attr uscc=…`,
    );
  }
  return caller.uscc;
}
