import {
  CONFIDENTIAL_ARGUMENT,
  CONFIDENTIAL_TRANSACTIONS,
  derivedFieldsOf,
  sealResponse,
  TRANSIENT_FIELDS,
  type EvaluateName,
  type RequestOf,
  type ResponseOf,
  type SubmitName,
} from '@sme-credit-ledger/contract';
import { canonicalJson } from '../domain/canonical-json';
import { fail } from '../domain/errors';
import { sha256Hex } from '../domain/hashing';
import { replay, requestHash, type IdempotencyRecord } from '../domain/idempotency';
import { parseRequest, parseRequestId, type RequestFields } from '../domain/input';
import { requireReaderKey, sealed } from '../domain/reader-key';
import { resolveCaller, type Caller } from '../domain/roles';
import { BusinessStore } from '../ledger/business-store';
import { CreditStore } from '../ledger/credit-store';
import { KEY_PREFIXES } from '../ledger/keys';
import type { LedgerPort } from '../ledger/ledger-port';
import type { CreditContext } from './credit-context';

/**
 * The request as it arrives: the fields of the transaction's request type (transactions.ts in the contract),
 * each still unchecked. The body parses each one with the domain's parsers, which name the precise fault.
 */
export type Unchecked<R> = { readonly [K in keyof R]?: unknown };

/** What a transaction body gets: the checked caller, the request fields, the stores and the raw ledger. */
export interface Call<F extends RequestFields = RequestFields> {
  caller: Caller;
  fields: F;
  store: CreditStore;
  /** Confidential bank business, in private collections. */
  business: BusinessStore;
  ledger: LedgerPort;
}

/** How the request arrives and the response leaves: in clear, or for a confidential transaction, sealed. */
interface Exchange {
  fields: RequestFields;
  respond(responseJson: string): string;
}

/**
 * Runs a state-changing transaction: parse the request, resolve the caller (fail closed), replay a retried
 * requestId, run the body, remember the response under the requestId and return canonical JSON.
 * Set `idempotent: false` for writes that are naturally idempotent and carry no requestId.
 * A confidential transaction keeps its requestId record in the platform index, not in public state.
 */
export async function submit<N extends SubmitName>(
  ctx: CreditContext,
  invocation: N,
  requestJson: string,
  body: (call: Call<Unchecked<RequestOf<N>>>) => Promise<ResponseOf<N>>,
  options: { idempotent: boolean } = { idempotent: true },
): Promise<string> {
  const { ledger } = ctx;
  const exchange = receive(ledger, invocation, requestJson);
  const call = await newCall(ledger, exchange.fields);
  if (!options.idempotent) {
    return exchange.respond(canonicalJson(await body(call)));
  }
  const requestId = parseRequestId(call.fields);
  const key = ledger.compositeKey(KEY_PREFIXES.request, [
    sha256Hex(`${ledger.identity.mspId}\n${ledger.clientId}`),
    requestId,
  ]);
  const confidential = isConfidential(invocation);
  const transient = transientDigest(ledger);
  const hash = requestHash(invocation, { fields: withoutDerived(invocation, call.fields), transient });
  const previous = confidential
    ? await call.business.readIndexed<IdempotencyRecord>(key)
    : await parseStored(ledger, key);
  if (previous !== undefined) {
    // A record stored before its row named derived fields hashed them too: either hash is the same request.
    const before = requestHash(invocation, { fields: call.fields, transient });
    return exchange.respond(replay(previous, invocation, [hash, before], requestId));
  }
  const response = canonicalJson(await body(call));
  const record: IdempotencyRecord = { invocation, requestHash: hash, response, txId: ledger.txId };
  await (confidential ? call.business.writeIndexed(key, record) : ledger.put(key, canonicalJson(record)));
  return exchange.respond(response);
}

/** Runs a read-only transaction and returns canonical JSON (sealed when `invocation` is confidential). */
export async function evaluate<N extends EvaluateName>(
  ctx: CreditContext,
  requestJson: string,
  body: (call: Call<Unchecked<RequestOf<N>>>) => Promise<ResponseOf<N>>,
  invocation: N,
): Promise<string> {
  const { ledger } = ctx;
  const exchange = receive(ledger, invocation, requestJson);
  return exchange.respond(canonicalJson(await body(await newCall(ledger, exchange.fields))));
}

/** The request as a retry must repeat it: without the fields the client derives from the ledger. */
function withoutDerived(invocation: string, fields: RequestFields): RequestFields {
  const derived = derivedFieldsOf(invocation);
  return derived.length === 0
    ? fields
    : Object.fromEntries(Object.entries(fields).filter(([name]) => !derived.includes(name)));
}

function isConfidential(invocation: string): boolean {
  return CONFIDENTIAL_TRANSACTIONS.includes(invocation);
}

async function newCall(ledger: LedgerPort, fields: RequestFields): Promise<Call> {
  const caller = resolveCaller(ledger.identity);
  const business = new BusinessStore(ledger);
  if (caller.role === 'bank') {
    await business.requireBank(caller.mspId, 'NOT_AUTHORIZED');
  }
  return { caller, fields, store: new CreditStore(ledger), business, ledger };
}

/**
 * A confidential transaction's request is the transient `request` (the argument must be `{}`, since
 * arguments are written to the block) and its response is sealed to the transient `readerKey`.
 */
function receive(ledger: LedgerPort, invocation: string, requestJson: string): Exchange {
  if (!isConfidential(invocation)) {
    return { fields: parseRequest(requestJson), respond: (responseJson) => responseJson };
  }
  if (requestJson !== CONFIDENTIAL_ARGUMENT) {
    fail(
      'VALIDATION_FAILED',
      `${invocation} is confidential: send the request in transient field "${TRANSIENT_FIELDS.request}" and ${CONFIDENTIAL_ARGUMENT} as the argument, which every peer's block keeps`,
    );
  }
  const readerKey = requireReaderKey(ledger.transient(TRANSIENT_FIELDS.readerKey));
  const text =
    ledger.transient(TRANSIENT_FIELDS.request) ??
    fail(
      'VALIDATION_FAILED',
      `${invocation} needs its request in transient field "${TRANSIENT_FIELDS.request}"`,
    );
  return {
    fields: parseRequest(text),
    respond: (responseJson) => canonicalJson(sealed(() => sealResponse(responseJson, readerKey, invocation))),
  };
}

async function parseStored(ledger: LedgerPort, key: string): Promise<IdempotencyRecord | undefined> {
  const text = await ledger.get(key);
  return text === undefined ? undefined : (JSON.parse(text) as IdempotencyRecord);
}

// A retry must also repeat the private inputs; only their digest is kept (salted, like the attestation hash).
// The reader key and the pseudonym seed are per attempt; leaving them out keeps earlier digests valid. The
// confidential request is already in the fields.
function transientDigest(ledger: LedgerPort): string {
  const perAttempt: string[] = [
    TRANSIENT_FIELDS.readerKey,
    TRANSIENT_FIELDS.pseudonymSeed,
    TRANSIENT_FIELDS.request,
  ];
  const values = Object.values(TRANSIENT_FIELDS)
    .filter((name) => !perAttempt.includes(name))
    .map((name) => ledger.transient(name) ?? '');
  return sha256Hex(canonicalJson(values));
}
