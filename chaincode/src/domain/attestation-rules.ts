import { createHash } from 'node:crypto';
import {
  attestationHashInput,
  LIMITS,
  type Attestation,
  type BatchAttestationItem,
  type HashAlgorithm,
} from '@sme-credit-ledger/contract';
import { canonicalJson, parseJson } from './canonical-json';
import { fail } from './errors';
import { digestHex } from './hashing';
import { requireInteger, requireIsoDate, type RequestFields } from './input';
import { parseCategoryCode } from './catalog';
import { parseUscc, type Uscc } from './uscc';

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$|^[A-Za-z0-9_-]+$/;

/** Latest version of (company, category) with dispute and erasure bookkeeping; world state, no raw data. */
export interface AttestationHead {
  uscc: string;
  category: string;
  latestVersion: number;
  /** Open objections; their ids live under their own keys (`openObjection`), so the head stays small. */
  openObjectionCount?: number;
  /** Heads written before the count kept the open ids here; moved to their own keys when next touched. */
  openObjectionIds?: string[];
  erasedThroughVersion: number;
  /**
   * txId of the latest version, so the next version can name what it supersedes without reading it (one
   * state call less per record). Absent on heads written before it was added: then the attestation is read.
   */
  latestTxId?: string;
  /**
   * Department that attested the latest version: only it may attest the next one. Absent on heads written
   * before it was added: then the attestation is read.
   */
  department?: string;
}

/** What goes to the private collection for one attestation version. */
export interface RawRecordEntry {
  uscc: string;
  category: string;
  version: number;
  /** RFC 8785 canonical JSON of the record, exactly what was hashed. */
  record: string;
  salt: string;
}

/** The attested facts of one record, before the ledger assigns version and tx fields. */
export interface AttestationInput {
  uscc: Uscc;
  category: string;
  schemaVersion: number;
  effectiveDate: string;
  canonicalRecord: string;
  salt: string;
}

/**
 * A client-made salt: hex or base64/base64url of at least 16 random bytes (128 bits). The salt hides
 * guessable records (a tax rating has few values), so short or structured salts are refused.
 */
export function parseSalt(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    return fail('VALIDATION_FAILED', 'salt is required in transient field "salt"');
  }
  if (value.length > LIMITS.maxSaltLength) {
    return fail('LIMIT_EXCEEDED', `salt must be at most ${LIMITS.maxSaltLength} characters`);
  }
  const bytes = saltBytes(value);
  if (bytes.length < LIMITS.minSaltBytes) {
    return fail(
      'VALIDATION_FAILED',
      `salt must be hex or base64 of at least ${LIMITS.minSaltBytes} random bytes (128 bits)`,
    );
  }
  // A cheap guard against placeholder salts (all zeros, one repeated byte); real randomness is the client's job.
  if (bytes.every((byte) => byte === bytes[0])) {
    return fail('VALIDATION_FAILED', 'salt must be random bytes, not one repeated value');
  }
  return value;
}

function saltBytes(salt: string): Buffer {
  if (HEX.test(salt) && salt.length % 2 === 0) {
    return Buffer.from(salt, 'hex');
  }
  if (BASE64.test(salt)) {
    return Buffer.from(salt.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  }
  return Buffer.alloc(0);
}

/** Key for the salt-reuse guard: a digest of the salt's bytes, so hex and base64 of one salt collide. */
export function saltFingerprint(salt: string): string {
  return createHash('sha256').update('sme-credit-ledger/salt/').update(saltBytes(salt)).digest('hex');
}

/** Parses a raw record (a JSON object) and returns its canonical JSON, refusing records over the limit. */
export function canonicalRecord(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('VALIDATION_FAILED', 'record must be a JSON object');
  }
  const canonical = canonicalJson(value);
  if (Buffer.byteLength(canonical, 'utf8') > LIMITS.maxRecordBytes) {
    return fail('LIMIT_EXCEEDED', `record must be at most ${LIMITS.maxRecordBytes} bytes as canonical JSON`);
  }
  return canonical;
}

export function parseRecordText(text: string | undefined): string {
  if (text === undefined) {
    return fail('VALIDATION_FAILED', 'record is required in transient field "record"');
  }
  if (Buffer.byteLength(text, 'utf8') > LIMITS.maxRecordBytes * 2) {
    return fail('LIMIT_EXCEEDED', `record must be at most ${LIMITS.maxRecordBytes} bytes as canonical JSON`);
  }
  return canonicalRecord(parseJson(text, 'transient record'));
}

/** The salted hash: digest of UTF-8 salt immediately followed by the canonical record. */
export function recordHash(algorithm: HashAlgorithm, salt: string, canonical: string): string {
  return digestHex(algorithm, attestationHashInput(salt, canonical));
}

export function parseAttestationFields(
  fields: RequestFields,
): Omit<AttestationInput, 'canonicalRecord' | 'salt'> {
  return {
    uscc: parseUscc(fields.uscc),
    category: parseCategoryCode(fields.category),
    schemaVersion: requireInteger(fields, 'schemaVersion', 1, 1000),
    effectiveDate: requireIsoDate(fields, 'effectiveDate'),
  };
}

/** Parses the transient `batch` array: size limits, every item checked, no salt or target twice. */
export function parseBatch(text: string | undefined): AttestationInput[] {
  if (text === undefined) {
    return fail('VALIDATION_FAILED', 'batch is required in transient field "batch"');
  }
  const value = parseJson(text, 'transient batch');
  if (!Array.isArray(value) || value.length === 0) {
    return fail('VALIDATION_FAILED', 'batch must be a non-empty JSON array');
  }
  if (value.length > LIMITS.maxBatchItems) {
    return fail(
      'LIMIT_EXCEEDED',
      `batch may hold at most ${LIMITS.maxBatchItems} records, got ${value.length}`,
    );
  }
  const items = value.map((item: unknown, index) => parseBatchItem(item, index));
  requireDistinct(
    items.map((item) => `${item.uscc}/${item.category}`),
    'VALIDATION_FAILED',
    'company and category',
  );
  requireDistinct(
    items.map((item) => saltFingerprint(item.salt)),
    'SALT_REUSED',
    'salt',
  );
  return items;
}

function parseBatchItem(item: unknown, index: number): AttestationInput {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return fail('VALIDATION_FAILED', `batch[${index}] must be an object`);
  }
  const fields = item as Partial<BatchAttestationItem> & RequestFields;
  return {
    ...parseAttestationFields(fields),
    canonicalRecord: canonicalRecord(fields.record),
    salt: parseSalt(fields.salt),
  };
}

function requireDistinct(values: string[], code: 'VALIDATION_FAILED' | 'SALT_REUSED', what: string): void {
  if (new Set(values).size !== values.length) {
    fail(code, `each batch item needs its own ${what}`);
  }
}

/**
 * A new version of (company, category) is attested only by the department that attested the current one:
 * in a category several departments share, the first to attest a company's record holds it, so another
 * department can never silently replace it (CONFLICT names the holder).
 */
export function requireSameDepartment(
  input: Pick<AttestationInput, 'uscc' | 'category'>,
  department: string,
  current: Pick<Attestation, 'department'> | undefined,
): void {
  if (current !== undefined && current.department !== department) {
    fail(
      'CONFLICT',
      `${input.category} of company ${input.uscc} is held by department ${current.department}; only it may attest a new version`,
    );
  }
}

/** The next version of (company, category); it supersedes the previous one, which stays in history. */
export function nextAttestation(
  input: AttestationInput,
  context: { algorithm: HashAlgorithm; department: string; txId: string; txTime: string },
  previous: Pick<Attestation, 'version' | 'txId'> | undefined,
): Attestation {
  return {
    uscc: input.uscc,
    category: input.category,
    version: (previous?.version ?? 0) + 1,
    algorithm: context.algorithm,
    hash: recordHash(context.algorithm, input.salt, input.canonicalRecord),
    schemaVersion: input.schemaVersion,
    effectiveDate: input.effectiveDate,
    department: context.department,
    txId: context.txId,
    attestedAt: context.txTime,
    ...(previous === undefined ? {} : { supersedesTxId: previous.txId }),
  };
}

export function advanceHead(head: AttestationHead | undefined, attestation: Attestation): AttestationHead {
  return {
    uscc: attestation.uscc,
    category: attestation.category,
    latestVersion: attestation.version,
    ...(head?.openObjectionCount === undefined ? {} : { openObjectionCount: head.openObjectionCount }),
    ...(head?.openObjectionIds === undefined ? {} : { openObjectionIds: head.openObjectionIds }),
    erasedThroughVersion: head?.erasedThroughVersion ?? 0,
    latestTxId: attestation.txId,
    department: attestation.department,
  };
}

/** The attestation in `history` whose hash the record and salt reproduce, newest first. */
export function findMatchingAttestation(
  history: readonly Attestation[],
  salt: string,
  canonical: string,
): Attestation | undefined {
  return [...history]
    .sort((a, b) => b.version - a.version)
    .find((attestation) => recordHash(attestation.algorithm, salt, canonical) === attestation.hash);
}
