/** Limits the chaincode enforces with LIMIT_EXCEEDED; exported so clients can check early. */
export const LIMITS = {
  /** Canonical JSON of one raw record, in bytes. */
  maxRecordBytes: 64 * 1024,
  /** Items in one AttestBatch. */
  maxBatchItems: 500,
  /** Companies in one RegisterCompanies: SAMR's bulk onboarding, 20-character codes, so a few kB per block. */
  maxRegistrationBatch: 500,
  /** Categories in one consent or access. */
  maxCategoriesPerConsent: 20,
  /** Items per page of a list query. */
  maxPageSize: 100,
  defaultPageSize: 50,
  /** Longest consent validity window, in days. */
  maxConsentDays: 366,
  /** Free-text reasons. */
  maxReasonLength: 1000,
  /** How long after RecordAccess a bank may read the raw records, in seconds. */
  accessReadWindowSeconds: 15 * 60,
  /**
   * How far a proposal's timestamp (the transaction time the chaincode sees) may be from the endorsing peer's
   * clock: the peer's TimeWindowCheck auth filter refuses proposals outside ±`peer.authentication.timewindow`
   * (core/handlers/auth/filter/timewindow.go), which the network sets to 1m. The client chooses the timestamp
   * inside that window, so time-based checks leave this margin.
   */
  proposalTimeToleranceSeconds: 60,
  /**
   * Open consent requests one bank may have with one company. One per purpose covers every real need; the
   * count is kept per (bank, company) so requests to different companies never conflict under MVCC.
   */
  maxPendingConsentRequestsPerCompany: 5,
  /**
   * Refused accesses one bank may have recorded against one registered company per UTC day. A bank's daily
   * jobs, retries and mistakes fit many times over; past it the attempt fails with LIMIT_EXCEEDED and writes
   * nothing, so a company's access log cannot be flooded. Counted per (bank, company, day) so a bank's
   * granted accesses and its accesses to other companies never conflict under MVCC.
   */
  maxRefusedAccessesPerCompanyPerDay: 50,
  /** Salt: at least 16 bytes (128 bits); at most this many characters. */
  minSaltBytes: 16,
  maxSaltLength: 256,
  /** Open (unresolved) objections against one attested record (company, category). */
  maxOpenObjectionsPerRecord: 20,
  /** Nesting of objects and arrays in a request or transient JSON value (VALIDATION_FAILED past it). */
  maxJsonDepth: 64,
} as const;
