/**
 * The chaincode's key layout: what it writes where. Part of the contract because the auditor's verifier
 * checks every write of every block against it (a key outside these families was not written by the
 * chaincode; a business key in public state is a leak). Composite keys unless noted; `<p>` is a company's
 * pseudonym (HMAC under the platform key), never its code.
 */

/** World state, visible on every peer: no bank's business, no raw record. */
export const PUBLIC_KEY_FAMILIES = {
  category: 'category', // [code]
  company: 'company', // [uscc]
  attestation: 'attestation', // [uscc, category, version padded]
  attestationHead: 'attestationHead', // [uscc, category]
  saltUse: 'saltUse', // [salt fingerprint]
  erasure: 'erasure', // [uscc, erasureId]
  objection: 'objection', // [objectionId]
  objectionByCompany: 'objectionByCompany', // [uscc, objectionId]
  openObjection: 'openObjection', // [uscc, category, objectionId], deleted on resolution
  request: 'request', // [sha256(mspId \n clientId), requestId] -> idempotency record
  heartbeat: 'heartbeat', // [heartbeatId]
  institution: 'institution', // [mspId] -> InstitutionProfile
  product: 'product', // [bankMspId, productId] -> Product (current version, with its status)
  productVersion: 'productVersion', // [bankMspId, productId, version padded] -> Product as published
  matchingShard: 'matchingShard', // [bankMspId, shard] -> the bank's active products as matching and Apply read them
} as const;

/** Raw records, in `govRawRecords` or `lenderRawRecords`: [uscc, category, version padded]. */
export const RAW_RECORD_FAMILY = 'rawRecord';

/**
 * A bank's business: in its own `business_<MSP>` collection (bank) or the platform index (index), never in
 * world state.
 */
export const BUSINESS_KEY_FAMILIES = {
  consent: 'consent', // bank: [consentId] -> Consent
  pendingRequests: 'pendingRequests', // bank: [p] -> the bank's open requests to the company
  access: 'access', // bank: [accessId] -> AccessRecord
  accessByTime: 'accessByTime|', // bank and index: simple key `accessByTime|<recordedAt>|<accessId>`
  refusedAccesses: 'refusedAccesses', // bank: [p, UTC day] -> { count }
  registered: 'registered', // index: [p] -> { uscc }
  consentBank: 'consentBank', // index: [consentId] -> { bankMspId }
  consentByCompany: 'consentByCompany', // index: [p, consentId] -> { bankMspId }
  accessBank: 'accessBank', // index: [accessId] -> { bankMspId }
  accessByCompany: 'accessByCompany', // index: [p, recordedAt, accessId] -> { bankMspId }
  request: 'request', // index: [caller digest, requestId] -> idempotency record of a confidential transaction
  application: 'application', // bank: [applicationId] -> Application
  applicationBank: 'applicationBank', // index: [applicationId] -> { bankMspId }
  applicationByCompany: 'applicationByCompany', // index: [p, applicationId] -> { bankMspId }
} as const;

/**
 * Composite-key families of bank business: in world state each one puts a bank's business on every peer.
 * Also the families the chaincode wrote there before issue 11, so an old block that did is recognised.
 * (`request` is not among them: public transactions keep their idempotency records in world state.)
 */
export const CONFIDENTIAL_FAMILIES: readonly string[] = [
  ...Object.values(BUSINESS_KEY_FAMILIES).filter(
    (family) => family !== BUSINESS_KEY_FAMILIES.request && family !== BUSINESS_KEY_FAMILIES.accessByTime,
  ),
  'consentByBank',
  'pendingConsentRequest',
  'accessByBank',
  'refusedAccess',
];

/** Versions are zero-padded in keys so composite-key order is version order. */
export function versionKeyPart(version: number): string {
  return String(version).padStart(8, '0');
}
