/**
 * Who may call what is the chaincode's rule (chaincode/src/domain/roles.ts); these are the facts both sides
 * name: the roles a certificate's `role` attribute may carry and the MSPs that issue them.
 */
export const ROLES = ['department', 'company', 'bank', 'auditor', 'catalog-admin'] as const;
export type Role = (typeof ROLES)[number];

/** Issues department, company and catalog-admin identities; the only endorser; holds the raw records. */
export const GOV_MSP = 'GovMSP';
/** Issues auditor identities. Every other organization of the channel is a bank (its business collection). */
export const AUDITOR_MSP = 'AuditorMSP';

/** The form of an MSP id (Fabric's); whether one is a bank is on the ledger, not in this pattern. */
export const MSP_ID_PATTERN = '^[A-Za-z][A-Za-z0-9.-]{0,63}$';

export function isMspId(value: string): boolean {
  return new RegExp(MSP_ID_PATTERN).test(value);
}
