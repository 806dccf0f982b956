import { fail } from './errors';

/**
 * RFC 8785 (JSON Canonicalization Scheme). ECMAScript's JSON.stringify already serializes strings and
 * finite numbers exactly as JCS requires; what JCS adds is member order by UTF-16 code units (the default
 * comparison of JS strings) and a refusal of values JSON cannot represent.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      fail('VALIDATION_FAILED', 'numbers must be finite for canonical JSON');
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
  return fail('VALIDATION_FAILED', `canonical JSON cannot hold a ${typeof value}`);
}

/** Parses JSON text, refusing malformed input with VALIDATION_FAILED naming the field. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fail('VALIDATION_FAILED', `${what} must be valid JSON`);
  }
}
