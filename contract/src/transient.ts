/**
 * Transient field names. Transient data reaches the endorsing peer but is never written to a block, so it
 * is the only channel for raw records and salts. Values are UTF-8 bytes.
 *
 * - `attestation:Attest`: `record` = JSON of the raw record (a JSON object; the chaincode canonicalizes it
 *   with RFC 8785 before hashing) and `salt` = the client's random salt (hex or base64/base64url of at
 *   least 16 random bytes, never reused).
 * - `attestation:AttestBatch`: `batch` = JSON array of `BatchAttestationItem` (requests.ts).
 * - `audit:VerifyRecord` (evaluate): `record` and `salt` as for Attest.
 * - `access:ReadAuthorizedRecords` (evaluate): `readerKey` = the reader's one-time X25519 public key, base64url
 *   of its 32 raw bytes (`newReaderKeyPair` in sealed-records.ts); the raw records come back sealed to it.
 * - Every transaction of `CONFIDENTIAL_TRANSACTIONS` (confidential.ts): `request` = the JSON request (the
 *   argument must be `{}`) and `readerKey` as above; the response comes back sealed to it.
 * - `company:RegisterCompany` and `company:RegisterCompanies`: `pseudonymSeed` = 32 random bytes (base64url).
 *   The first registration turns it into the platform's pseudonym key; later ones ignore it. Only gov's
 *   service sends one.
 */
export const TRANSIENT_FIELDS = {
  record: 'record',
  salt: 'salt',
  batch: 'batch',
  readerKey: 'readerKey',
  request: 'request',
  pseudonymSeed: 'pseudonymSeed',
} as const;

export type TransientField = (typeof TRANSIENT_FIELDS)[keyof typeof TRANSIENT_FIELDS];
