/**
 * World-state key families of the credit chaincode, mirrored from chaincode/src/ledger/keys.ts (and the
 * health contract's heartbeat key) until the two share one contract package. A key outside these families
 * was not written by our chaincode.
 */
export const KEY_FAMILIES = {
  category: 'category', // [code]
  company: 'company', // [uscc]
  attestation: 'attestation', // [uscc, category, version padded]
  attestationHead: 'attestationHead', // [uscc, category]
  saltUse: 'saltUse', // [salt fingerprint]
  erasure: 'erasure', // [uscc, erasureId]
  consent: 'consent', // [consentId]
  consentByCompany: 'consentByCompany', // [uscc, consentId]
  consentByBank: 'consentByBank', // [bankMspId, consentId]
  pendingConsentRequest: 'pendingConsentRequest', // [bankMspId, uscc, consentId]
  access: 'access', // [accessId]
  accessByCompany: 'accessByCompany', // [uscc, recordedAt, accessId]
  accessByBank: 'accessByBank', // [bankMspId, recordedAt, accessId]
  accessByTime: 'accessByTime|', // simple key: accessByTime|<recordedAt>|<accessId>
  refusedAccess: 'refusedAccess', // [bankMspId, uscc, UTC day, accessId]
  objection: 'objection', // [objectionId]
  objectionByCompany: 'objectionByCompany', // [uscc, objectionId]
  openObjection: 'openObjection', // [uscc, category, objectionId], deleted on resolution
  request: 'request', // [sha256(mspId \n clientId), requestId]
  heartbeat: 'heartbeat', // [heartbeatId]
} as const;

export type KeyFamily = (typeof KEY_FAMILIES)[keyof typeof KEY_FAMILIES];

export interface ParsedKey {
  /** The family prefix; for an unknown simple key, the whole key. */
  family: string;
  attributes: string[];
  /** Composite (`\0`-separated) rather than a simple key. */
  composite: boolean;
}

/** Splits a composite key (`\0prefix\0attr\0...\0`) or the access time index's simple key. */
export function parseKey(key: string): ParsedKey {
  if (key.startsWith('\u0000')) {
    const [family = '', ...attributes] = key
      .slice(1, key.endsWith('\u0000') ? -1 : undefined)
      .split('\u0000');
    return { family, attributes, composite: true };
  }
  if (key.startsWith(KEY_FAMILIES.accessByTime)) {
    return {
      family: KEY_FAMILIES.accessByTime,
      attributes: key.slice(KEY_FAMILIES.accessByTime.length).split('|'),
      composite: false,
    };
  }
  return { family: key, attributes: [], composite: false };
}

/** The composite key Fabric's `createCompositeKey` builds. */
export function compositeKey(family: string, attributes: readonly string[]): string {
  return `\u0000${[family, ...attributes].join('\u0000')}\u0000`;
}

/** Attestation versions are zero-padded in keys so composite-key order is version order. */
export const versionKeyPart = (version: number): string => String(version).padStart(8, '0');

/** A key as a reader can print it (composite separators shown as `/`). */
export const printableKey = (key: string): string =>
  JSON.stringify(key.split('\u0000').filter(Boolean).join('/'));
