/**
 * World-state key prefixes (composite keys unless noted) and the raw-record key of the gov collection.
 * Consents and accesses are in private collections: business-store.ts.
 */
export const KEY_PREFIXES = {
  category: 'category', // [code]
  company: 'company', // [uscc]
  attestation: 'attestation', // [uscc, category, version padded]
  attestationHead: 'attestationHead', // [uscc, category]
  saltUse: 'saltUse', // [salt fingerprint]
  rawRecord: 'rawRecord', // private collection: [uscc, category, version padded]
  erasure: 'erasure', // [uscc, erasureId]
  objection: 'objection', // [objectionId]
  objectionByCompany: 'objectionByCompany', // [uscc, objectionId]
  openObjection: 'openObjection', // [uscc, category, objectionId], deleted on resolution
  request: 'request', // [caller digest, requestId]
  heartbeat: 'heartbeat', // [heartbeatId]
} as const;

/** Versions are zero-padded so composite-key order is version order. */
export function versionKeyPart(version: number): string {
  return String(version).padStart(8, '0');
}
