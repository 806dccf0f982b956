/** A value RFC 8785 cannot represent (a non-finite number, a function, a symbol, ...). */
export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError';
}

/**
 * RFC 8785 (JSON Canonicalization Scheme). ECMAScript's JSON.stringify already serializes strings and
 * finite numbers exactly as JCS requires; what JCS adds is member order by UTF-16 code units (the default
 * comparison of JS strings) and a refusal of values JSON cannot represent. Shared by the chaincode (which
 * hashes records with it) and its clients (which check proofs with it), so the two never drift.
 * @throws CanonicalJsonError for a value JSON cannot represent.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new CanonicalJsonError('numbers must be finite for canonical JSON');
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => canonicalJson(item)).join(',')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, member]) => member !== undefined,
    );
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  throw new CanonicalJsonError(`canonical JSON cannot hold a ${typeof value}`);
}
