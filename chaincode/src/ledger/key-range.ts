/**
 * Key intervals as the peer's LevelDB state database sees them: keys compare by the bytes of their UTF-8
 * encoding (goleveldb's default comparer), which differs from JavaScript's UTF-16 string order for
 * characters above U+FFFF.
 */
export interface KeyRange {
  /** Inclusive. */
  start: string;
  /** Exclusive. */
  end: string;
}

/**
 * fabric-shim 2.5.8 (`lib/stub.js`, getStateByPartialCompositeKey[WithPagination]) scans a partial composite
 * key P as [P, P + U+10FFFF).
 */
const MAX_UNICODE_RUNE = '\u{10FFFF}';

export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function isInRange(key: string, range: KeyRange): boolean {
  return compareKeys(key, range.start) >= 0 && compareKeys(key, range.end) < 0;
}

/** The interval the shim scans for a partial composite key; every key in it starts with the partial key. */
export function partialKeyRange(partialKey: string): KeyRange {
  return { start: partialKey, end: `${partialKey}${MAX_UNICODE_RUNE}` };
}
