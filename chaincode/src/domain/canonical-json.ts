import { CanonicalJsonError, canonicalJson as canonical, LIMITS } from '@sme-credit-ledger/contract';
import { fail } from './errors';

/** RFC 8785 canonical JSON (see `contract/src/canonical-json.ts`); a value JSON cannot hold is VALIDATION_FAILED. */
export function canonicalJson(value: unknown): string {
  try {
    return canonical(value);
  } catch (error) {
    if (error instanceof CanonicalJsonError) return fail('VALIDATION_FAILED', error.message);
    throw error;
  }
}

/**
 * Parses JSON text, refusing malformed input and input nested deeper than LIMITS.maxJsonDepth with
 * VALIDATION_FAILED naming the field. The depth is checked on the text first: canonicalization and every
 * rule after it recurse, and a 64 KiB request can nest thousands of levels, past the stack.
 */
export function parseJson(text: string, what: string): unknown {
  if (jsonNestingDepth(text) > LIMITS.maxJsonDepth) {
    return fail('VALIDATION_FAILED', `${what} is nested deeper than ${LIMITS.maxJsonDepth} levels`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fail('VALIDATION_FAILED', `${what} must be valid JSON`);
  }
}

/** Deepest nesting of objects and arrays in JSON text, in one pass without recursion; strings skipped. */
function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '{' || char === '[') {
      depth += 1;
      deepest = Math.max(deepest, depth);
    } else if (char === '}' || char === ']') {
      depth -= 1;
    }
  }
  return deepest;
}
