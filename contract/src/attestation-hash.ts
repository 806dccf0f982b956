import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * What an attestation's `hash` digests: the salt's UTF-8 bytes immediately followed by the RFC 8785
 * canonical JSON of the raw record (an object, so it starts with `{`). Written once: the chaincode hashes
 * with it, the gateway, the CLI and the tests check proofs with it.
 */
export function attestationHashInput(salt: string, canonicalRecord: string): string {
  return `${salt}${canonicalRecord}`;
}

/** The on-chain hash of a raw record and its salt, hex (sha256; `sm3` is reserved and not enabled). */
export function attestationHash(record: Record<string, unknown>, salt: string, algorithm = 'sha256'): string {
  return createHash(algorithm)
    .update(attestationHashInput(salt, canonicalJson(record)), 'utf8')
    .digest('hex');
}

/** True when `record` and `salt` hash to the attestation's `hash`. */
export function matchesAttestation(
  record: Record<string, unknown>,
  salt: string,
  proof: { hash: string; algorithm?: string },
): boolean {
  return attestationHash(record, salt, proof.algorithm ?? 'sha256') === proof.hash.toLowerCase();
}
