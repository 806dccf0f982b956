import type { CategoryField } from './financing';
import type { ConsentPurpose, HashAlgorithm } from './fields';
import type { SealedBox } from './sealed-records';

/**
 * Records and response shapes (the requests are schemas, in requests.ts). Every response is RFC 8785
 * canonical JSON of its response type. Times are ISO 8601 UTC strings taken from
 * the transaction timestamp; dates are `YYYY-MM-DD`.
 */

export type Sensitivity = 'low' | 'medium' | 'high';
export type ConsentStatus = 'requested' | 'authorised' | 'rejected' | 'revoked' | 'expired' | 'consumed';
export type AccessOutcome = 'granted' | 'refused';
export type ObjectionStatus = 'open' | 'corrected' | 'rejected';

/** Writes a client may retry carry a requestId: a retry returns the first result and records nothing. */
export interface Idempotent {
  /** 8-64 characters of A-Z a-z 0-9 . _ - ; unique per caller identity. */
  requestId: string;
}

export interface PageRequest {
  /** 1-100, default 50. */
  pageSize?: number;
  /** The `bookmark` of the previous page of the same list, unchanged (opaque, BOOKMARK_PATTERN); omit for the first page. */
  bookmark?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass back to fetch the next page; empty when there are no more items. */
  bookmark: string;
}

// ---- catalog ----
export interface Category {
  /** Upper-case code, e.g. `TAX_PAYMENT`. */
  code: string;
  name: string;
  /** Department codes allowed to attest this category. */
  departments: string[];
  schemaVersion: number;
  sensitivity: Sensitivity;
  /** What its records hold, for eligibility rules; optional (categories defined without are valid). */
  fields?: CategoryField[];
}
export interface DefineCategoryResponse {
  category: Category;
  /** False when an identical definition was already on the ledger (nothing written). */
  changed: boolean;
}
export interface CategoryResponse {
  category: Category;
}
export interface LoadStarterCatalogResponse {
  defined: string[];
  unchanged: string[];
}

// ---- company ----
/** Minimal on-chain company record: no names or other raw company data. */
export interface CompanyRegistration {
  uscc: string;
  registeredByDept: string;
  txId: string;
  registeredAt: string;
}
export interface CompanyResponse {
  company: CompanyRegistration;
}
/** Compact, like AttestBatchResponse: the block keeps it, and each registration is in state under its code. */
export interface RegisterCompaniesResponse {
  count: number;
  registeredByDept: string;
  txId: string;
  registeredAt: string;
}

// ---- attestation ----
/**
 * `hash` = hex digest over UTF-8 bytes of `salt` immediately followed by the RFC 8785 canonical JSON of the
 * record (always a JSON object, so it starts with `{`).
 */
export interface Attestation {
  uscc: string;
  category: string;
  version: number;
  algorithm: HashAlgorithm;
  hash: string;
  schemaVersion: number;
  effectiveDate: string;
  department: string;
  txId: string;
  attestedAt: string;
  /** txId of the attestation this one supersedes (version - 1), if any. */
  supersedesTxId?: string;
}
export interface AttestResponse {
  attestation: Attestation;
}
/** What AttestBatch recorded for one item; the fields all items share are in {@link AttestBatchResponse}. */
export interface BatchAttestationReceipt {
  uscc: string;
  category: string;
  version: number;
  hash: string;
}
/**
 * Compact on purpose: a submitted transaction's response is stored in its block and again under its request
 * id, so every byte per item is written twice per record (a full Attestation per item was 3/4 of a batch's
 * block). An item's full Attestation is the shared fields, its receipt, and the schemaVersion and
 * effectiveDate it was sent with; supersedesTxId is on the ledger (GetAttestationHistory).
 */
export interface AttestBatchResponse {
  count: number;
  txId: string;
  attestedAt: string;
  department: string;
  algorithm: HashAlgorithm;
  /** In the order of the batch's items. */
  items: BatchAttestationReceipt[];
}
/** Latest attestation of (company, category) with dispute and erasure state. */
export interface AttestationView {
  attestation: Attestation;
  disputed: boolean;
  openObjectionIds: string[];
  /** Raw records of versions up to this one were purged from the private collection. */
  erasedThroughVersion: number;
}
export interface ErasureRecord {
  erasureId: string;
  uscc: string;
  /** Category code -> highest version purged. */
  purged: Record<string, number>;
  reason: string;
  txId: string;
  erasedAt: string;
}
export interface ErasureResponse {
  erasure: ErasureRecord;
}

// ---- consent ----
/** What a consent covers; a consent, its request and its receipt all carry these terms. */
export interface ConsentTerms {
  uscc: string;
  categories: string[];
  purpose: ConsentPurpose;
  validFrom: string;
  validUntil: string;
  /** Number of granted accesses allowed; omit for unlimited within the window. */
  usageLimit?: number;
  /** A consent this one replaces; the old one is revoked when this one is authorised. */
  replacesConsentId?: string;
}
export interface ConsentHistoryEntry {
  status: ConsentStatus;
  txId: string;
  at: string;
  reason?: string;
}
export interface Consent extends ConsentTerms {
  consentId: string;
  bankMspId: string;
  /** Granted accesses counted against `usageLimit`; stays 0 without a limit (the access log has each use). */
  usageCount: number;
  /** Effective status at the time of the call: `expired` is derived from the transaction time. */
  status: ConsentStatus;
  /** sha256 of the canonical ConsentReceipt, set when authorised. */
  receiptHash?: string;
  history: ConsentHistoryEntry[];
}
/** What the company agreed to; its canonical JSON hashes to `Consent.receiptHash`. */
export interface ConsentReceipt extends ConsentTerms {
  consentId: string;
  bankMspId: string;
  authorisedTxId: string;
  authorisedAt: string;
}
export interface ConsentResponse {
  consent: Consent;
  receipt?: ConsentReceipt;
}

// ---- access ----
/** category -> latest attested version, for the categories of the request that have one. */
export interface CurrentVersionsResponse {
  versions: Record<string, number>;
}
/**
 * Append-only. A refused access is recorded too (outcome `refused` with the code the refusal would have
 * raised), so auditors see attempts; the transaction succeeds either way.
 */
export interface AccessRecord {
  accessId: string;
  bankMspId: string;
  uscc: string;
  categories: string[];
  consentId: string;
  purpose: ConsentPurpose;
  outcome: AccessOutcome;
  refusalCode?: string;
  refusalDetail?: string;
  /**
   * Granted accesses: category -> the attested version that was current when the access was recorded.
   * ReadAuthorizedRecords returns exactly these versions; categories without an attestation then are missing.
   */
  attestedVersions?: Record<string, number>;
  txId: string;
  /** The transaction time: chosen by the client within the peer's time window; order by block instead. */
  recordedAt: string;
}
export interface AccessResponse {
  access: AccessRecord;
}
/** The proof fields of one authorized record, in clear; its raw record and salt are only in `sealed`. */
export interface AuthorizedRecord {
  category: string;
  attestation: Attestation;
  disputed: boolean;
  /** False when a newer attestation supersedes the version the access logged. */
  isLatest: boolean;
  /** False when the raw record was erased at the company's request (proof fields remain). */
  available: boolean;
}
/** One raw record as attested, inside the sealed part of a read. */
export interface RawRecord {
  category: string;
  record: Record<string, unknown>;
  salt: string;
}
/**
 * Transient `readerKey` (see transient.ts) is required. `sealed` holds the canonical JSON of the
 * {@link RawRecord}s of the available records, sealed to that key with associated data
 * `readAssociatedData`; open it with `openAuthorizedRecords` (authorized-records.ts).
 */
export interface ReadAuthorizedRecordsResponse {
  accessId: string;
  uscc: string;
  consentId: string;
  records: AuthorizedRecord[];
  /** Consented categories with no attestation yet. */
  missingCategories: string[];
  sealed: SealedBox;
}
/** An authorized record once the reader opened the sealed part: raw record and salt when available. */
export interface OpenedAuthorizedRecord extends AuthorizedRecord {
  record?: Record<string, unknown>;
  salt?: string;
}
export interface OpenedAuthorizedRecords extends Omit<ReadAuthorizedRecordsResponse, 'records' | 'sealed'> {
  records: OpenedAuthorizedRecord[];
}

// ---- objection ----
export interface Objection {
  objectionId: string;
  uscc: string;
  category: string;
  version: number;
  department: string;
  reason: string;
  evidenceHash: string;
  status: ObjectionStatus;
  raisedTxId: string;
  raisedAt: string;
  resolution?: {
    outcome: 'corrected' | 'rejected';
    reason: string;
    correctedVersion?: number;
    txId: string;
    resolvedAt: string;
  };
}
export interface ObjectionResponse {
  objection: Objection;
}

// ---- audit ----
export interface AttestationHistory {
  uscc: string;
  attestations: Attestation[];
  erasures: ErasureRecord[];
}
export interface VerifyRecordResponse {
  uscc: string;
  category: string;
  match: boolean;
  /** The attestation whose hash matched, if any. */
  matched?: Attestation;
  latestVersion: number;
  /** True when the match is the latest version. */
  isLatest: boolean;
  disputed: boolean;
}

// ---- health ----
export interface Heartbeat {
  heartbeatId: string;
  mspId: string;
  txId: string;
  recordedAt: string;
}
export interface HeartbeatResponse {
  heartbeat: Heartbeat;
}
