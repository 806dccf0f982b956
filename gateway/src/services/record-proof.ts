import { createHash } from 'node:crypto';

/**
 * RFC 8785 canonical JSON, as the chaincode hashes it: members sorted by UTF-16 code units, ECMAScript
 * number and string serialization, no whitespace. Kept here so a bank can check a proof without trusting
 * the chaincode's code.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new Error('canonical JSON cannot hold a non-finite number');
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
  throw new Error(`canonical JSON cannot hold a ${typeof value}`);
}

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
