import { createHash } from 'node:crypto';
import type { HashAlgorithm } from '@sme-credit-ledger/contract';
import { fail } from './errors';

export const SUPPORTED_HASH_ALGORITHMS: readonly HashAlgorithm[] = ['sha256'];

export function parseHashAlgorithm(value: unknown): HashAlgorithm {
  if (value === undefined) {
    return 'sha256';
  }
  if (value === 'sm3') {
    return fail('VALIDATION_FAILED', 'algorithm sm3 is reserved but not enabled yet; use sha256');
  }
  if (value !== 'sha256') {
    return fail('VALIDATION_FAILED', 'algorithm must be sha256');
  }
  return value;
}

export function digestHex(algorithm: HashAlgorithm, text: string): string {
  if (!SUPPORTED_HASH_ALGORITHMS.includes(algorithm)) {
    return fail('VALIDATION_FAILED', `algorithm ${algorithm} is not enabled`);
  }
  return createHash(algorithm).update(text, 'utf8').digest('hex');
}

export function sha256Hex(text: string): string {
  return digestHex('sha256', text);
}
