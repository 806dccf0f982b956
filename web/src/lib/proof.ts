import { canonicalJson } from './canonical-json';

/** Hex SHA-256 of the salt followed by the record's canonical JSON: the hash the ledger holds. */
export async function recordHash(record: unknown, salt: string): Promise<string> {
  const bytes = new TextEncoder().encode(salt + canonicalJson(record));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * True when the record the service returned hashes, with its salt, to the hash in its ledger proof; checked
 * here in the browser, so a service that altered a record cannot show it as verified.
 */
export async function verifyProof(
  record: unknown,
  salt: string | undefined,
  proof: { hash?: string; algorithm?: string } | undefined,
): Promise<boolean> {
  if (record === undefined || salt === undefined || proof?.hash === undefined) {
    return false;
  }
  if ((proof.algorithm ?? 'sha256') !== 'sha256') {
    return false;
  }
  try {
    return (await recordHash(record, salt)) === proof.hash.toLowerCase();
  } catch {
    return false;
  }
}
