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

/** A retry must repeat the same request; reusing a request id for something else is a CONFLICT. */
export function replay(
  record: IdempotencyRecord,
  invocation: string,
  hash: string,
  requestId: string,
): string {
  if (record.invocation !== invocation || record.requestHash !== hash) {
    fail('CONFLICT', `requestId ${requestId} was already used for a different request; use a new requestId`);
  }
  return record.response;
}
