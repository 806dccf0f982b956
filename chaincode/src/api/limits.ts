/** Limits the chaincode enforces with LIMIT_EXCEEDED; exported so clients can check early. */
export const LIMITS = {
  /** Canonical JSON of one raw record, in bytes. */
  maxRecordBytes: 64 * 1024,
  /** Items in one AttestBatch. */
  maxBatchItems: 500,
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
  /** Salt: at least 16 bytes (128 bits); at most this many characters. */
  minSaltBytes: 16,
  maxSaltLength: 256,
  /** Open (unresolved) objections against one attested record (company, category). */
  maxOpenObjectionsPerRecord: 20,
  /** Nesting of objects and arrays in a request or transient JSON value (VALIDATION_FAILED past it). */
  maxJsonDepth: 64,
} as const;
