import { canonicalJson } from './canonical-json';
import { fail } from './errors';
import { sha256Hex } from './hashing';

/** What a request id remembers: which request it was and the response it produced. */
export interface IdempotencyRecord {
  invocation: string;
  requestHash: string;
  response: string;
  txId: string;
}

export function requestHash(invocation: string, request: unknown): string {
  return sha256Hex(canonicalJson({ invocation, request }));
}

/**
 * A retry must repeat the same request; reusing a request id for something else is a CONFLICT. `hashes` are
 * the ways the same request may have been hashed when it was stored.
 */
export function replay(
  record: IdempotencyRecord,
  invocation: string,
  hashes: readonly string[],
  requestId: string,
): string {
  if (record.invocation !== invocation || !hashes.includes(record.requestHash)) {
    fail('CONFLICT', `requestId ${requestId} was already used for a different request; use a new requestId`);
  }
  return upgradedResponse(record);
}

/**
 * Submits that answered their bare record before every response became an object (contract README,
 * "Responses: one rule"), with the name their record now has. A retry of a request stored before that change
 * replays its answer in today's shape, so a client never sees the old one.
 */
const NAMED_SINCE_ONE_RULE: Readonly<Record<string, string>> = {
  'company:RegisterCompany': 'company',
  'attestation:EraseRawRecords': 'erasure',
  'access:RecordAccess': 'access',
  'product:SetInstitutionProfile': 'institution',
};

function upgradedResponse(record: IdempotencyRecord): string {
  const name = NAMED_SINCE_ONE_RULE[record.invocation];
  if (name === undefined) return record.response;
  const stored = JSON.parse(record.response) as Record<string, unknown>;
  return name in stored ? record.response : canonicalJson({ [name]: stored });
}
