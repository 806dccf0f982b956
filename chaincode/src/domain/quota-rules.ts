import { LIMITS } from '@sme-credit-ledger/contract';
import { fail } from './errors';

/**
 * Per-bank quotas on what a bank can make the ledger store about a company without the company's say:
 * open consent requests and refused accesses. Both are counted per (bank, company), never in one counter
 * per bank: Fabric validates each transaction's reads at commit, so a counter every request of a bank read
 * would fail all but one of its concurrent transactions with MVCC_READ_CONFLICT.
 */

/** The pending requests still open at `now`, and the expired ones whose quota keys can be dropped. */
export function splitPendingRequests<T extends { validUntil: string }>(
  pending: readonly T[],
  now: string,
): { open: T[]; expired: T[] } {
  return {
    open: pending.filter((request) => request.validUntil > now),
    expired: pending.filter((request) => request.validUntil <= now),
  };
}

export function requirePendingRequestRoom(openCount: number, bankMspId: string, uscc: string): void {
  const max = LIMITS.maxPendingConsentRequestsPerCompany;
  if (openCount >= max) {
    fail(
      'LIMIT_EXCEEDED',
      `${bankMspId} already has ${max} pending consent requests to company ${uscc}; wait for the company's decision or let one expire`,
    );
  }
}

export function requireRefusalRoom(refusedToday: number, bankMspId: string, uscc: string, day: string): void {
  const max = LIMITS.maxRefusedAccessesPerCompanyPerDay;
  if (refusedToday >= max) {
    fail(
      'LIMIT_EXCEEDED',
      `${bankMspId} already has ${max} refused accesses to company ${uscc} on ${day} (UTC); obtain a consent that covers the access`,
    );
  }
}
