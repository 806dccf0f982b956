import {
  CONSENT_PURPOSES,
  consentNotAuthorisedDetail,
  isMspId,
  LIMITS,
  NO_SUCH_CONSENT_DETAIL,
  type Consent,
  type ConsentPurpose,
  type ConsentReceipt,
  type ConsentTerms as ApiConsentTerms,
  type ConsentStatus,
  type ErrorCode,
} from '@sme-credit-ledger/contract';
import { canonicalJson } from './canonical-json';
import { parseCategoryCode } from './catalog';
import { fail } from './errors';
import { sha256Hex } from './hashing';
import { optionalInteger, optionalString, requireIsoTime, requireList, type RequestFields } from './input';
import { latestRealTime } from './proposal-time';
import { parseUscc, type Uscc } from './uscc';

const MAX_USAGE_LIMIT = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The api's consent terms, with the company code checked. */
export type ConsentTerms = Omit<ApiConsentTerms, 'uscc'> & { uscc: Uscc };

export interface Refusal {
  code: ErrorCode;
  detail: string;
}

export function parsePurpose(value: unknown): ConsentPurpose {
  if (typeof value !== 'string' || !(CONSENT_PURPOSES as readonly string[]).includes(value)) {
    return fail('VALIDATION_FAILED', `purpose must be one of ${CONSENT_PURPOSES.join(', ')}`);
  }
  return value as ConsentPurpose;
}

/** An MSP id's form (Fabric's MSP ids; whether it is a bank's is on the ledger: BusinessStore.requireBank). */
export function parseBankMspId(value: unknown): string {
  if (typeof value !== 'string' || !isMspId(value)) {
    return fail('VALIDATION_FAILED', 'bankMspId must be the MSP id of a bank organization, e.g. Bank1MSP');
  }
  return value;
}

export function parseCategoryList(fields: RequestFields): string[] {
  return requireList(fields, 'categories', LIMITS.maxCategoriesPerConsent, parseCategoryCode).sort();
}

/** Consent terms; the window must be ordered, at most maxConsentDays long and not already over. */
export function parseConsentTerms(fields: RequestFields, txTime: string): ConsentTerms {
  const validFrom = requireIsoTime(fields, 'validFrom');
  const validUntil = requireIsoTime(fields, 'validUntil');
  if (validUntil <= validFrom) {
    fail('VALIDATION_FAILED', 'validUntil must be after validFrom');
  }
  if (Date.parse(validUntil) - Date.parse(validFrom) > LIMITS.maxConsentDays * DAY_MS) {
    fail('LIMIT_EXCEEDED', `a consent may last at most ${LIMITS.maxConsentDays} days`);
  }
  if (validUntil <= txTime) {
    fail('VALIDATION_FAILED', 'validUntil is already in the past');
  }
  const usageLimit = optionalInteger(fields, 'usageLimit', 1, MAX_USAGE_LIMIT);
  const replacesConsentId = optionalString(fields, 'replacesConsentId', 128);
  return {
    uscc: parseUscc(fields.uscc),
    categories: parseCategoryList(fields),
    purpose: parsePurpose(fields.purpose),
    validFrom,
    validUntil,
    ...(usageLimit === undefined ? {} : { usageLimit }),
    ...(replacesConsentId === undefined ? {} : { replacesConsentId }),
  };
}

export function newConsent(
  terms: ConsentTerms,
  bankMspId: string,
  status: 'requested' | 'authorised',
  tx: { txId: string; txTime: string },
): Consent {
  return {
    consentId: tx.txId,
    ...terms,
    bankMspId,
    usageCount: 0,
    status,
    history: [{ status, txId: tx.txId, at: tx.txTime }],
  };
}

/** The status as of `now`: a requested or authorised consent past its window is expired. */
export function effectiveStatus(consent: Consent, now: string): ConsentStatus {
  const isOpen = consent.status === 'requested' || consent.status === 'authorised';
  return isOpen && now >= consent.validUntil ? 'expired' : consent.status;
}

/** The consent as a reader should see it at `now` (status made effective). */
export function viewConsent(consent: Consent, now: string): Consent {
  return { ...consent, status: effectiveStatus(consent, now) };
}

function transition(
  consent: Consent,
  status: ConsentStatus,
  tx: { txId: string; txTime: string },
  reason?: string,
): Consent {
  return {
    ...consent,
    status,
    history: [
      ...consent.history,
      { status, txId: tx.txId, at: tx.txTime, ...(reason === undefined ? {} : { reason }) },
    ],
  };
}

function requireStatus(consent: Consent, now: string, allowed: ConsentStatus[], action: string): void {
  const status = effectiveStatus(consent, now);
  if (!allowed.includes(status)) {
    const code: ErrorCode =
      status === 'expired' ? 'CONSENT_EXPIRED' : status === 'revoked' ? 'CONSENT_REVOKED' : 'CONFLICT';
    fail(
      code,
      `consent ${consent.consentId} is ${status}; only a ${allowed.join(' or ')} consent can be ${action}`,
    );
  }
}

export function receiptOf(consent: Consent, tx: { txId: string; txTime: string }): ConsentReceipt {
  return {
    consentId: consent.consentId,
    uscc: consent.uscc,
    bankMspId: consent.bankMspId,
    categories: consent.categories,
    purpose: consent.purpose,
    validFrom: consent.validFrom,
    validUntil: consent.validUntil,
    ...(consent.usageLimit === undefined ? {} : { usageLimit: consent.usageLimit }),
    ...(consent.replacesConsentId === undefined ? {} : { replacesConsentId: consent.replacesConsentId }),
    authorisedTxId: tx.txId,
    authorisedAt: tx.txTime,
  };
}

/** Authorises a pending request (requested -> authorised) and fixes the receipt hash. */
export function authorise(
  consent: Consent,
  tx: { txId: string; txTime: string },
): { consent: Consent; receipt: ConsentReceipt } {
  requireStatus(consent, tx.txTime, ['requested'], 'authorised');
  return withReceipt(transition(consent, 'authorised', tx), tx);
}

/** A consent the company grants directly: created authorised, so only the receipt hash is added. */
export function grant(
  consent: Consent,
  tx: { txId: string; txTime: string },
): { consent: Consent; receipt: ConsentReceipt } {
  return withReceipt(consent, tx);
}

function withReceipt(
  consent: Consent,
  tx: { txId: string; txTime: string },
): { consent: Consent; receipt: ConsentReceipt } {
  const receipt = receiptOf(consent, tx);
  return { consent: { ...consent, receiptHash: sha256Hex(canonicalJson(receipt)) }, receipt };
}

export function reject(consent: Consent, tx: { txId: string; txTime: string }, reason?: string): Consent {
  requireStatus(consent, tx.txTime, ['requested'], 'rejected');
  return transition(consent, 'rejected', tx, reason);
}

/** A consumed consent can be revoked too: revocation also closes the read window of its accesses. */
export function revoke(consent: Consent, tx: { txId: string; txTime: string }, reason?: string): Consent {
  requireStatus(consent, tx.txTime, ['authorised', 'requested', 'consumed'], 'revoked');
  return transition(consent, 'revoked', tx, reason);
}

/** The consent a new one replaces must be the same company's and bank's, and still open. */
export function requireReplaceable(replaced: Consent, replacement: Consent, now: string): void {
  if (replaced.uscc !== replacement.uscc || replaced.bankMspId !== replacement.bankMspId) {
    fail(
      'VALIDATION_FAILED',
      `consent ${replaced.consentId} belongs to another company or bank; it cannot be replaced`,
    );
  }
  requireStatus(replaced, now, ['authorised', 'requested'], 'replaced');
}

export interface AccessAttempt {
  bankMspId: string;
  uscc: string;
  categories: string[];
  purpose: ConsentPurpose;
}

/**
 * Why `consent` does not cover `attempt` at `now`, or undefined when it does: the consent must be the
 * bank's own, for this company, authorised, inside its window, not used up, and cover every category and
 * the purpose. `now` is the client-chosen proposal time, so the consent must still be valid at the latest
 * real time it may stand for: an access within the tolerance of `validUntil` is CONSENT_EXPIRED.
 */
export function refuseAccess(
  consent: Consent | undefined,
  attempt: AccessAttempt,
  now: string,
): Refusal | undefined {
  if (consent === undefined) {
    return { code: 'CONSENT_REQUIRED', detail: NO_SUCH_CONSENT_DETAIL };
  }
  if (consent.bankMspId !== attempt.bankMspId) {
    return { code: 'NOT_AUTHORIZED', detail: `consent ${consent.consentId} was given to another bank` };
  }
  if (consent.uscc !== attempt.uscc) {
    return {
      code: 'CONSENT_REQUIRED',
      detail: `consent ${consent.consentId} is not for company ${attempt.uscc}`,
    };
  }
  return refuseByStatus(consent, now) ?? refuseByScope(consent, attempt);
}

function refuseByStatus(consent: Consent, now: string): Refusal | undefined {
  const status = effectiveStatus(consent, latestRealTime(now));
  switch (status) {
    case 'authorised':
      return now < consent.validFrom
        ? {
            code: 'CONSENT_NOT_ACTIVE',
            detail: `consent ${consent.consentId} starts at ${consent.validFrom}`,
          }
        : undefined;
    case 'revoked':
      return { code: 'CONSENT_REVOKED', detail: `consent ${consent.consentId} was revoked by the company` };
    case 'expired':
      return {
        code: 'CONSENT_EXPIRED',
        detail: `consent ${consent.consentId} is valid until ${consent.validUntil}, which the transaction time ${now} plus the ${LIMITS.proposalTimeToleranceSeconds} s proposal time tolerance reaches`,
      };
    case 'consumed':
      return { code: 'CONSENT_CONSUMED', detail: `consent ${consent.consentId} reached its usage limit` };
    default:
      return {
        code: 'CONSENT_REQUIRED',
        detail: consentNotAuthorisedDetail(consent.consentId, status),
      };
  }
}

function refuseByScope(consent: Consent, attempt: AccessAttempt): Refusal | undefined {
  const uncovered = attempt.categories.filter((category) => !consent.categories.includes(category));
  if (uncovered.length > 0) {
    return {
      code: 'CONSENT_REQUIRED',
      detail: `consent ${consent.consentId} does not cover ${uncovered.join(', ')}`,
    };
  }
  if (attempt.purpose !== consent.purpose) {
    return {
      code: 'CONSENT_REQUIRED',
      detail: `consent ${consent.consentId} is for purpose ${consent.purpose}`,
    };
  }
  return undefined;
}

/**
 * Counts one granted access against the usage limit; the use that reaches it consumes the consent. Without
 * a limit there is nothing to count (the access log holds every use) and it answers undefined: the consent
 * is then not rewritten, so a bank's concurrent reads under one consent commit together instead of all but
 * one failing with an MVCC read conflict on the consent key.
 */
export function recordUse(consent: Consent, tx: { txId: string; txTime: string }): Consent | undefined {
  if (consent.usageLimit === undefined) {
    return undefined;
  }
  const used = { ...consent, usageCount: consent.usageCount + 1 };
  return used.usageLimit !== undefined && used.usageCount >= used.usageLimit
    ? transition(used, 'consumed', tx, 'usage limit reached')
    : used;
}
