import { LIMITS, type AccessRecord, type Consent } from '@sme-credit-ledger/contract';
import { fail } from './errors';
import type { RequestFields } from './input';
import { effectiveStatus, type AccessAttempt, type Refusal } from './consent-rules';
import { latestRealTime } from './proposal-time';

/**
 * Transaction-time span in which a read may follow its access. Both timestamps are the client's, each up to
 * the tolerance away from real time, so a bank that dates its access late and its read early gains twice
 * the tolerance; taking it off keeps every read within accessReadWindowSeconds of real time.
 */
const READ_SPAN_MS = (LIMITS.accessReadWindowSeconds - 2 * LIMITS.proposalTimeToleranceSeconds) * 1000;

/** The append-only access record; refusals are records too, so auditors see attempts. */
export function accessRecord(
  attempt: AccessAttempt & { consentId: string },
  refusal: Refusal | undefined,
  tx: { txId: string; txTime: string },
  attestedVersions: Record<string, number> = {},
): AccessRecord {
  return {
    accessId: tx.txId,
    bankMspId: attempt.bankMspId,
    uscc: attempt.uscc,
    categories: attempt.categories,
    consentId: attempt.consentId,
    purpose: attempt.purpose,
    outcome: refusal === undefined ? 'granted' : 'refused',
    ...(refusal === undefined
      ? { attestedVersions }
      : { refusalCode: refusal.code, refusalDetail: refusal.detail }),
    txId: tx.txId,
    recordedAt: tx.txTime,
  };
}

/** The category -> version map a granted access logged: the head version of each attested category. */
export function attestedVersionsOf(
  categories: readonly string[],
  heads: readonly ({ latestVersion: number } | undefined)[],
): Record<string, number> {
  const versions: Record<string, number> = {};
  categories.forEach((category, i) => {
    const head = heads[i];
    if (head !== undefined) {
      versions[category] = head.latestVersion;
    }
  });
  return versions;
}

/**
 * The optional `versions` of a RecordAccess request: for categories of the request only, each a positive
 * integer version. Which versions exist is checked when the records are read.
 */
export function parseAttestedVersions(
  fields: RequestFields,
  categories: readonly string[],
): Record<string, number> {
  const value = fields.versions;
  if (value === undefined) {
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('VALIDATION_FAILED', 'versions must be an object of category -> attested version');
  }
  const versions: Record<string, number> = {};
  for (const [category, version] of Object.entries(value as Record<string, unknown>)) {
    if (!categories.includes(category)) {
      fail('VALIDATION_FAILED', `versions names ${category}, which is not among the requested categories`);
    }
    if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
      fail('VALIDATION_FAILED', `versions.${category} must be a positive integer`);
    }
    versions[category] = version;
  }
  return versions;
}

/**
 * A raw read is allowed only on a granted access record of the caller's own bank, within
 * accessReadWindowSeconds of recording (in real time, see READ_SPAN_MS), never timestamped before the access,
 * while the consent has not been revoked, nor expired by the latest real time the read may stand for.
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
  if (access.attestedVersions === undefined) {
    fail('ACCESS_EXPIRED', `access ${access.accessId} logged no attested versions; record a new access`);
  }
  const ageMs = Date.parse(now) - Date.parse(access.recordedAt);
  if (ageMs < 0) {
    fail(
      'VALIDATION_FAILED',
      `read time ${now} is before access ${access.accessId} was recorded (${access.recordedAt}); propose with the current time`,
    );
  }
  if (ageMs > READ_SPAN_MS) {
    fail(
      'ACCESS_EXPIRED',
      `access ${access.accessId} is older than ${READ_SPAN_MS / 1000} s of transaction time (${LIMITS.accessReadWindowSeconds} s less twice the proposal time tolerance); record a new access`,
    );
  }
  const status = consent === undefined ? 'revoked' : effectiveStatus(consent, latestRealTime(now));
  if (status === 'revoked') {
    fail('CONSENT_REVOKED', `consent ${access.consentId} was revoked after the access was recorded`);
  }
  if (status === 'expired') {
    fail('CONSENT_EXPIRED', `consent ${access.consentId} expired after the access was recorded`);
  }
}
