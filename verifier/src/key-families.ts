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
  objection: 'objection', // [objectionId]
  objectionByCompany: 'objectionByCompany', // [uscc, objectionId]
  openObjection: 'openObjection', // [uscc, category, objectionId], deleted on resolution
  request: 'request', // [sha256(mspId \n clientId), requestId]
  heartbeat: 'heartbeat', // [heartbeatId]
  institution: 'institution', // [mspId]
  product: 'product', // [bankMspId, productId]
  productVersion: 'productVersion', // [bankMspId, productId, version padded]
} as const;

/**
 * Bank business the chaincode keeps in private collections (chaincode/src/ledger/business-store.ts): the
 * families it wrote to public state before issue 11 and the keys of its collections. A public write of one
 * puts a bank's business on every peer.
 */
export const CONFIDENTIAL_FAMILIES: readonly string[] = [
  'consent',
  'consentByCompany',
  'consentByBank',
  'pendingConsentRequest',
  'pendingRequests',
  'access',
  'accessByCompany',
  'accessByBank',
  'refusedAccess',
  'refusedAccesses',
  'registered',
  'consentBank',
  'accessBank',
  'application',
  'applicationBank',
  'applicationByCompany',
];
/** The one simple-key business family: `accessByTime|<recordedAt>|<accessId>`. */
const ACCESS_BY_TIME = 'accessByTime|';

/** A key of bank business, composite or the access time index's simple key. */
export const isConfidentialKey = (key: ParsedKey & { key: string }): boolean =>
  key.composite ? CONFIDENTIAL_FAMILIES.includes(key.family) : key.key.startsWith(ACCESS_BY_TIME);

export type KeyFamily = (typeof KEY_FAMILIES)[keyof typeof KEY_FAMILIES];

export interface ParsedKey {
  /** The family prefix; for an unknown simple key, the whole key. */
  family: string;
  attributes: string[];
  /** Composite (`\0`-separated) rather than a simple key. */
  composite: boolean;
}

/** Splits a composite key (`\0prefix\0attr\0...\0`); a simple key is its own family. */
export function parseKey(key: string): ParsedKey {
  if (key.startsWith('\u0000')) {
    const [family = '', ...attributes] = key
      .slice(1, key.endsWith('\u0000') ? -1 : undefined)
      .split('\u0000');
    return { family, attributes, composite: true };
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
