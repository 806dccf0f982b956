import { CanonicalJsonError, canonicalJson as canonical } from '../api/canonical-json';
import { fail } from './errors';

/** RFC 8785 canonical JSON (see `api/canonical-json.ts`); a value JSON cannot hold is VALIDATION_FAILED. */
export function canonicalJson(value: unknown): string {
  try {
    return canonical(value);
  } catch (error) {
    if (error instanceof CanonicalJsonError) return fail('VALIDATION_FAILED', error.message);
    throw error;
  }
}

/** Parses JSON text, refusing malformed input with VALIDATION_FAILED naming the field. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fail('VALIDATION_FAILED', `${what} must be valid JSON`);
  }
}
