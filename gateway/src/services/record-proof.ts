import { canonicalJson } from '@sme-credit-ledger/contract';
import { createHash } from 'node:crypto';

/** The on-chain hash of an attestation: hex digest of the salt's UTF-8 bytes followed by the canonical record. */
export function recordHash(record: Record<string, unknown>, salt: string, algorithm = 'sha256'): string {
  return createHash(algorithm)
    .update(salt + canonicalJson(record), 'utf8')
    .digest('hex');
}

/** True when `record` and `salt` hash to the on-chain `hash`. */
export function verifyRecordProof(
  record: Record<string, unknown>,
  salt: string,
  proof: { hash: string; algorithm?: string },
): boolean {
  return recordHash(record, salt, proof.algorithm ?? 'sha256') === proof.hash.toLowerCase();
}
