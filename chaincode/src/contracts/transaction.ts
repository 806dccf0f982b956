import { TRANSIENT_FIELDS } from '../api';
import { canonicalJson } from '../domain/canonical-json';
import { sha256Hex } from '../domain/hashing';
import { replay, requestHash, type IdempotencyRecord } from '../domain/idempotency';
import { parseRequest, parseRequestId, type RequestFields } from '../domain/input';
import { resolveCaller, type Caller } from '../domain/roles';
import { CreditStore } from '../ledger/credit-store';
import { KEY_PREFIXES } from '../ledger/keys';
import type { LedgerPort } from '../ledger/ledger-port';
import type { CreditContext } from './credit-context';

/** What a transaction body gets: the checked caller, the request fields, the store and the raw ledger. */
export interface Call {
  caller: Caller;
  fields: RequestFields;
  store: CreditStore;
  ledger: LedgerPort;
}

/**
 * Runs a state-changing transaction: parse the request, resolve the caller (fail closed), replay a retried
 * requestId, run the body, remember the response under the requestId and return canonical JSON.
 * Set `idempotent: false` for writes that are naturally idempotent and carry no requestId.
 */
export async function submit(
  ctx: CreditContext,
  invocation: string,
  requestJson: string,
  body: (call: Call) => Promise<unknown>,
  options: { idempotent: boolean } = { idempotent: true },
): Promise<string> {
  const { ledger } = ctx;
  const fields = parseRequest(requestJson);
  const caller = resolveCaller(ledger.identity);
  if (!options.idempotent) {
    return canonicalJson(await body({ caller, fields, store: new CreditStore(ledger), ledger }));
  }
  const requestId = parseRequestId(fields);
  const key = ledger.compositeKey(KEY_PREFIXES.request, [
    sha256Hex(`${ledger.identity.mspId}\n${ledger.clientId}`),
    requestId,
  ]);
  const hash = requestHash(invocation, { fields, transient: transientDigest(ledger) });
  const previous = await ledger.get(key);
  if (previous !== undefined) {
    return replay(JSON.parse(previous) as IdempotencyRecord, invocation, hash, requestId);
  }
  const response = canonicalJson(await body({ caller, fields, store: new CreditStore(ledger), ledger }));
  const record: IdempotencyRecord = { invocation, requestHash: hash, response, txId: ledger.txId };
  await ledger.put(key, canonicalJson(record));
  return response;
}

/** Runs a read-only transaction and returns canonical JSON. */
export async function evaluate(
  ctx: CreditContext,
  requestJson: string,
  body: (call: Call) => Promise<unknown>,
): Promise<string> {
  const { ledger } = ctx;
  const fields = parseRequest(requestJson);
  const caller = resolveCaller(ledger.identity);
  return canonicalJson(await body({ caller, fields, store: new CreditStore(ledger), ledger }));
}

// A retry must also repeat the private inputs; only their digest is kept (salted, like the attestation hash).
// The reader key belongs to an evaluation only; leaving it out keeps the digests of earlier requests valid.
function transientDigest(ledger: LedgerPort): string {
  const values = Object.values(TRANSIENT_FIELDS)
    .filter((name) => name !== TRANSIENT_FIELDS.readerKey)
    .map((name) => ledger.transient(name) ?? '');
  return sha256Hex(canonicalJson(values));
}
