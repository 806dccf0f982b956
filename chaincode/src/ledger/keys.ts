/** World-state key prefixes (composite keys unless noted) and the private collection name. */
export const KEY_PREFIXES = {
  category: 'category', // [code]
  company: 'company', // [uscc]
  attestation: 'attestation', // [uscc, category, version padded]
  attestationHead: 'attestationHead', // [uscc, category]
  saltUse: 'saltUse', // [salt fingerprint]
  rawRecord: 'rawRecord', // private collection: [uscc, category, version padded]
  erasure: 'erasure', // [uscc, erasureId]
  consent: 'consent', // [consentId]
  consentByCompany: 'consentByCompany', // [uscc, consentId]
  consentByBank: 'consentByBank', // [bankMspId, consentId]
  pendingConsentRequest: 'pendingConsentRequest', // [bankMspId, uscc, consentId] -> {consentId, validUntil}
  access: 'access', // [accessId]
  accessByCompany: 'accessByCompany', // [uscc, recordedAt, accessId]
  accessByBank: 'accessByBank', // [bankMspId, recordedAt, accessId]
  refusedAccess: 'refusedAccess', // [bankMspId, uscc, UTC day, accessId] -> accessId
  objection: 'objection', // [objectionId]
  objectionByCompany: 'objectionByCompany', // [uscc, objectionId]
  openObjection: 'openObjection', // [uscc, category, objectionId], deleted on resolution
  request: 'request', // [caller digest, requestId]
} as const;

/**
 * Simple (non-composite) key prefix of the access time index, `accessByTime|<recordedAt>|<accessId>`:
 * Fabric's range queries accept simple keys only, and ISO times sort lexicographically.
 */
export const ACCESS_BY_TIME_PREFIX = 'accessByTime|';

/** Versions are zero-padded so composite-key order is version order. */
export function versionKeyPart(version: number): string {
  return String(version).padStart(8, '0');
}
