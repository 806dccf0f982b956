/**
 * What a load generator saw of each request, and what the ledger says became of it. Pure functions: the
 * fault suite and the load runs of issue 17 compute their figures here, and unit tests pin the rules.
 */

export type RequestKind = 'attest' | 'attest-batch' | 'grant' | 'revoke' | 'read';

/** One logical request: the same idempotency key across the client's retries. */
export interface RequestRecord {
  /** Idempotency key, which the services pass to the chaincode as its `requestId`. */
  id: string;
  kind: RequestKind;
  /** Organization whose service answered. */
  org: string;
  startedAt: number;
  endedAt: number;
  attempts: number;
  /** HTTP status of the last attempt; 0 when no answer came (connection refused, reset, timeout). */
  status: number;
  /** Problem `code` of a refusal, or the transport error's code. */
  code?: string;
  /** The `Retry-After` of a 503, when one was sent. */
  retryAfter?: string;
  txId?: string;
}

/**
 * What the scanned blocks hold. Public transactions carry the request id in their arguments; confidential
 * ones (consents, access records) keep their request in transient data and the id's record in a private
 * collection, so only the transaction id the service answered with ties them to the ledger.
 */
export interface LedgerIndex {
  /** Per request id: how many VALID transactions carry it. */
  validByRequest: Map<string, number>;
  /** Ids of the VALID transactions. */
  validTxIds: Set<string>;
  /** Transactions invalidated by MVCC or phantom read conflicts, over the scanned blocks. */
  conflicts: number;
  /** Valid endorser transactions in the scanned blocks. */
  valid: number;
  /** How often each `hash` appears in the public writes of VALID transactions (attestations). */
  hashes: Map<string, number>;
}

export interface LoadFigures {
  requests: number;
  /** Answered 2xx: the service told the client it is done. */
  accepted: number;
  /** Requests found in a VALID transaction (by request id, or by the answered transaction id). */
  committed: number;
  /** Failed requests by cause (`503 LEDGER_UNAVAILABLE`, `no answer ECONNREFUSED`, `409 CONFLICT` ...). */
  failedByCause: Record<string, number>;
  /** Accepted, but no VALID transaction carries the id. Must be 0. */
  lost: number;
  /** Ids carried by more than one VALID transaction. Must be 0. */
  duplicated: number;
  /** Answered as failed, yet committed: the client must retry with the same key to learn it. */
  failedButCommitted: number;
  /** Answered 500: never acceptable. */
  internalErrors: number;
  /** 503 answers without Retry-After. */
  unavailableWithoutRetryAfter: number;
  /** Retries the clients made (attempts beyond the first). */
  clientRetries: number;
  /** MVCC/phantom conflicts as a share of valid transactions, in percent. */
  conflictPercent: number;
  /**
   * Longest time inside the load window without an acknowledged commit (a 2xx answer to a write: the
   * services answer once the transaction is committed), in ms.
   */
  longestGapMs: number;
}

/** Kinds whose success writes a transaction carrying the request id (a read records the access first). */
const WRITES: ReadonlySet<RequestKind> = new Set(['attest', 'attest-batch', 'grant', 'revoke', 'read']);

/** `503 LEDGER_UNAVAILABLE (attest)`, or `no answer ECONNREFUSED (read)` when no answer came. */
export function causeOf(record: RequestRecord): string {
  const what = record.status === 0 ? 'no answer' : String(record.status);
  return `${what} ${record.code ?? '?'} (${record.kind})`;
}

export const isAccepted = (record: RequestRecord): boolean => record.status >= 200 && record.status < 300;

/** The longest stretch without a commit between `from` and `to` (the load window), commits in between. */
export function longestGap(commitTimes: readonly number[], from: number, to: number): number {
  let previous = from;
  let longest = 0;
  for (const time of commitTimes) {
    if (time < from || time > to) continue;
    longest = Math.max(longest, time - previous);
    previous = time;
  }
  return Math.max(longest, to - previous);
}

/** How many VALID transactions recorded `record`: by its request id, or by the transaction id it was answered with. */
function timesOnLedger(record: RequestRecord, ledger: LedgerIndex): number {
  if (!WRITES.has(record.kind)) return 0;
  const byId = ledger.validByRequest.get(record.id) ?? 0;
  const byTx = record.txId !== undefined && ledger.validTxIds.has(record.txId) ? 1 : 0;
  return Math.max(byId, byTx);
}

const count = (records: readonly RequestRecord[], test: (record: RequestRecord) => boolean): number =>
  records.reduce((sum, record) => sum + (test(record) ? 1 : 0), 0);

export function computeFigures(
  records: readonly RequestRecord[],
  ledger: LedgerIndex,
  window: { from: number; to: number },
): LoadFigures {
  const failedByCause: Record<string, number> = {};
  for (const record of records.filter((candidate) => !isAccepted(candidate))) {
    const cause = causeOf(record);
    failedByCause[cause] = (failedByCause[cause] ?? 0) + 1;
  }
  const on = (record: RequestRecord): number => timesOnLedger(record, ledger);
  return {
    requests: records.length,
    accepted: count(records, isAccepted),
    committed: count(records, (record) => on(record) > 0),
    failedByCause,
    lost: count(records, (record) => isAccepted(record) && WRITES.has(record.kind) && on(record) === 0),
    duplicated: count(records, (record) => on(record) > 1),
    failedButCommitted: count(records, (record) => !isAccepted(record) && on(record) > 0),
    internalErrors: count(records, (record) => record.status === 500),
    unavailableWithoutRetryAfter: count(
      records,
      (record) => record.status === 503 && record.retryAfter === undefined,
    ),
    clientRetries: records.reduce((sum, record) => sum + Math.max(0, record.attempts - 1), 0),
    conflictPercent: ledger.valid === 0 ? 0 : (100 * ledger.conflicts) / ledger.valid,
    longestGapMs: longestGap(
      records
        .filter(isAccepted)
        .map((record) => record.endedAt)
        .sort((a, b) => a - b),
      window.from,
      window.to,
    ),
  };
}

/** `503 LEDGER_UNAVAILABLE: 4, no answer ECONNREFUSED: 2`, largest first; `-` when nothing failed. */
export function formatCauses(causes: Record<string, number>): string {
  const entries = Object.entries(causes).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? '-' : entries.map(([cause, count]) => `${cause}: ${count}`).join(', ');
}
