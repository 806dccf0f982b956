import { LIMITS, type AccessRecord, type Consent } from '../api';
import { fail } from './errors';
import { effectiveStatus, type AccessAttempt, type Refusal } from './consent-rules';

/** The append-only access record; refusals are records too, so auditors see attempts. */
export function accessRecord(
  attempt: AccessAttempt & { consentId: string },
  refusal: Refusal | undefined,
  tx: { txId: string; txTime: string },
): AccessRecord {
  return {
    accessId: tx.txId,
    bankMspId: attempt.bankMspId,
    uscc: attempt.uscc,
    categories: attempt.categories,
    consentId: attempt.consentId,
    purpose: attempt.purpose,
    outcome: refusal === undefined ? 'granted' : 'refused',
    ...(refusal === undefined ? {} : { refusalCode: refusal.code, refusalDetail: refusal.detail }),
    txId: tx.txId,
    recordedAt: tx.txTime,
  };
}

/**
 * A raw read is allowed only on a granted access record of the caller's own bank, within
 * accessReadWindowSeconds of recording, while the consent has not been revoked or expired since.
 */
export function requireReadableAccess(
  access: AccessRecord,
  consent: Consent | undefined,
  callerMspId: string,
  now: string,
): void {
  if (access.bankMspId !== callerMspId) {
    fail('NOT_AUTHORIZED', `access ${access.accessId} belongs to another bank`);
  }
  if (access.outcome !== 'granted') {
    fail('NOT_AUTHORIZED', `access ${access.accessId} was refused (${access.refusalCode ?? 'unknown'})`);
  }
  const ageMs = Date.parse(now) - Date.parse(access.recordedAt);
  if (ageMs > LIMITS.accessReadWindowSeconds * 1000) {
    fail(
      'ACCESS_EXPIRED',
      `access ${access.accessId} is older than ${LIMITS.accessReadWindowSeconds} s; record a new access`,
    );
  }
  const status = consent === undefined ? 'revoked' : effectiveStatus(consent, now);
  if (status === 'revoked') {
    fail('CONSENT_REVOKED', `consent ${access.consentId} was revoked after the access was recorded`);
  }
  if (status === 'expired') {
    fail('CONSENT_EXPIRED', `consent ${access.consentId} expired after the access was recorded`);
  }
}
