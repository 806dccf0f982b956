import { parseErrorCode, parseErrorDetail } from '@sme-credit-ledger/contract';
import { status } from '@grpc/grpc-js';
import { peer } from '@hyperledger/fabric-protos';
import { ApiError } from '../errors/problem';

/**
 * What went wrong in a Fabric call, as far as retrying is concerned. Read structurally (error `name`, gRPC
 * `code`, per-peer `details`, validation `code`) so tests can use plain objects shaped like fabric-gateway's
 * EndorseError / SubmitError / CommitStatusError / CommitError.
 */
export type FailureCause =
  /** The chaincode refused: carries a code from the api module. Never retried. */
  | 'chaincode'
  /** Endorsement failed for another reason (peer down, responses mismatch): build and endorse a new proposal. */
  | 'endorse'
  /** The orderer did not take the signed transaction: send the same signed transaction again. */
  | 'submit'
  /** Commit status could not be read: ask again for the same transaction id. */
  | 'commit-status'
  /** Committed as MVCC_READ_CONFLICT or PHANTOM_READ_CONFLICT: endorse again against fresh state. */
  | 'conflict'
  /** Committed with another invalid code: endorsing again would not help. */
  | 'invalid'
  /** Deadline passed waiting for a peer. */
  | 'timeout'
  | 'unknown';

const { MVCC_READ_CONFLICT, PHANTOM_READ_CONFLICT } = peer.TxValidationCode;

interface ErrorDetailLike {
  address?: string;
  mspId?: string;
  message?: string;
}

interface FabricErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  details?: unknown;
  transactionId?: unknown;
}

function asFabricError(error: unknown): FabricErrorLike {
  return typeof error === 'object' && error !== null ? (error as FabricErrorLike) : {};
}

/** Every message a Fabric error carries: its own, then each endorser's (where chaincode errors surface). */
export function errorMessages(error: unknown): string[] {
  const fabricError = asFabricError(error);
  const messages = typeof fabricError.message === 'string' ? [fabricError.message] : [];
  if (Array.isArray(fabricError.details)) {
    for (const detail of fabricError.details as ErrorDetailLike[]) {
      if (typeof detail?.message === 'string') {
        messages.push(detail.message);
      }
    }
  }
  return messages;
}

/** The chaincode's error code and detail, if any message carries one. */
export function chaincodeFailure(error: unknown): { code: ApiError['code']; detail: string } | undefined {
  for (const message of errorMessages(error).reverse()) {
    const code = parseErrorCode(message);
    if (code !== undefined) {
      return { code, detail: parseErrorDetail(message) };
    }
  }
  return undefined;
}

export function transactionIdOf(error: unknown): string | undefined {
  const id = asFabricError(error).transactionId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export function classifyFailure(error: unknown): FailureCause {
  if (error instanceof ApiError) {
    return 'unknown';
  }
  if (chaincodeFailure(error) !== undefined) {
    return 'chaincode';
  }
  const { name, code } = asFabricError(error);
  if (name === 'CommitError') {
    return code === MVCC_READ_CONFLICT || code === PHANTOM_READ_CONFLICT ? 'conflict' : 'invalid';
  }
  if (name === 'EndorseError') {
    return 'endorse';
  }
  if (name === 'SubmitError') {
    return 'submit';
  }
  if (name === 'CommitStatusError') {
    return 'commit-status';
  }
  if (name === 'GatewayError' && code === status.DEADLINE_EXCEEDED) {
    return 'timeout';
  }
  return 'unknown';
}

/**
 * A peer at its gateway concurrency limit (`peer.limits.concurrency.gatewayService`) refuses a call before
 * running it, with a plain error, so gRPC code UNKNOWN and only this text to tell it
 * (internal/peer/node/grpc_limiters.go). Nothing ran: the caller may retry after a moment.
 */
export function isPeerOverloaded(error: unknown): boolean {
  return errorMessages(error).some((message) => message.includes('exceeding concurrency limit'));
}

/** The few validation codes worth naming in a problem detail; the rest are shown by number. */
const NAMED_VALIDATION_CODES = [
  'ENDORSEMENT_POLICY_FAILURE',
  'MVCC_READ_CONFLICT',
  'PHANTOM_READ_CONFLICT',
  'DUPLICATE_TXID',
] as const;

function validationLabel(code: number): string {
  return (
    NAMED_VALIDATION_CODES.find((name) => peer.TxValidationCode[name] === code) ?? `validation code ${code}`
  );
}

/**
 * Error translation in one place: any failure from the Fabric client becomes an ApiError whose code comes
 * from the chaincode (read from the message, never from English text) or from the table of transport causes.
 * The original error is kept as `cause` for the log; callers see only code, detail and transaction id.
 */
export function translateFabricError(error: unknown): ApiError {
  if (error instanceof ApiError) {
    return error;
  }
  const txId = transactionIdOf(error);
  const extra = txId === undefined ? { cause: error } : { txId, cause: error };
  const failure = chaincodeFailure(error);
  if (failure !== undefined) {
    return new ApiError(failure.code, failure.detail, extra);
  }
  const { name, code } = asFabricError(error);
  if (name === 'CommitError') {
    const label = typeof code === 'number' ? validationLabel(code) : 'unknown';
    return new ApiError('TRANSACTION_INVALID', `transaction committed as ${label}`, extra);
  }
  if (code === status.DEADLINE_EXCEEDED) {
    return new ApiError('LEDGER_TIMEOUT', 'the peer did not answer before the deadline', extra);
  }
  if (code === status.UNAVAILABLE) {
    return new ApiError('LEDGER_UNAVAILABLE', 'the peer is not reachable', extra);
  }
  if (isPeerOverloaded(error)) {
    return new ApiError('LEDGER_UNAVAILABLE', 'the peer is at its concurrency limit', extra);
  }
  if (typeof name === 'string' && name.endsWith('Error') && name !== 'Error' && name !== 'TypeError') {
    return new ApiError('LEDGER_ERROR', `${name} from the ledger; see the service log`, extra);
  }
  return new ApiError('INTERNAL', 'unexpected failure; see the service log', extra);
}

/**
 * A read that ran past its deadline changed nothing, so unlike a submit its outcome is known: the peer was too
 * busy (the fault suite saw it with 600 reads in flight at one bank, each chaincode call ~1 s). The caller
 * gets 503 with Retry-After, as for a peer at its concurrency limit, instead of 504's "outcome unknown".
 */
export function translateEvaluateError(error: unknown): ApiError {
  if (!(error instanceof ApiError) && asFabricError(error).code === status.DEADLINE_EXCEEDED) {
    const txId = transactionIdOf(error);
    return new ApiError(
      'LEDGER_UNAVAILABLE',
      'the peer did not answer this read in time (busy); nothing changed, retry after a moment',
      txId === undefined ? { cause: error } : { txId, cause: error },
    );
  }
  return translateFabricError(error);
}
