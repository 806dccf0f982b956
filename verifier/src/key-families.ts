import {
  BUSINESS_KEY_FAMILIES,
  CONFIDENTIAL_FAMILIES,
  PUBLIC_KEY_FAMILIES,
} from '@sme-credit-ledger/contract';

/**
 * World-state key families of the credit chaincode, from the contract's key layout (state-keys.ts). A key
 * outside these families was not written by our chaincode.
 */
export const KEY_FAMILIES = PUBLIC_KEY_FAMILIES;

export { CONFIDENTIAL_FAMILIES, versionKeyPart } from '@sme-credit-ledger/contract';

/** The one simple-key business family: `accessByTime|<recordedAt>|<accessId>`. */
const ACCESS_BY_TIME = BUSINESS_KEY_FAMILIES.accessByTime;

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

/** A key as a reader can print it (composite separators shown as `/`). */
export const printableKey = (key: string): string =>
  JSON.stringify(key.split('\u0000').filter(Boolean).join('/'));
