import { checkUscc } from '@sme-credit-ledger/contract';
import { ApiError } from '../errors/problem';

/**
 * Checks a Unified Social Credit Code before any Fabric call, with the chaincode's own rules (the
 * chaincode checks it again).
 * @returns the code, trimmed and upper-cased.
 * @throws ApiError INVALID_USCC naming `field`.
 */
export function parseUscc(input: string, field: string): string {
  const result = checkUscc(input);
  if (!result.ok) {
    throw new ApiError('INVALID_USCC', `${field.replace(/^\//, '')}: ${result.reason}`, { field });
  }
  return result.code;
}
