import type { ErrorCode } from '@sme-credit-ledger/contract';

/** Codes the gateway raises itself, beside the chaincode's closed list. */
export const GATEWAY_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_REQUEST',
  'ROUTE_NOT_FOUND',
  'IDEMPOTENCY_CONFLICT',
  'VERIFICATION_RUNNING',
  'RATE_LIMITED',
  'TRANSACTION_INVALID',
  'LEDGER_UNAVAILABLE',
  'LEDGER_TIMEOUT',
  'LEDGER_ERROR',
  'INTERNAL',
] as const;

export type GatewayErrorCode = (typeof GATEWAY_ERROR_CODES)[number];
export type ProblemCode = ErrorCode | GatewayErrorCode;

interface ProblemKind {
  status: number;
  title: string;
}

/**
 * The one table from error code to HTTP. A `Record` over the closed unions makes the compiler refuse a new
 * chaincode code until it has a row here.
 */
export const PROBLEM_TABLE: Readonly<Record<ProblemCode, ProblemKind>> = {
  INVALID_USCC: { status: 400, title: 'Invalid unified social credit code' },
  UNKNOWN_CATEGORY: { status: 400, title: 'Unknown data category' },
  VALIDATION_FAILED: { status: 400, title: 'Request failed validation' },
  LIMIT_EXCEEDED: { status: 400, title: 'Request exceeds a limit' },
  NOT_AUTHORIZED: { status: 403, title: 'Caller not authorized' },
  CONSENT_REQUIRED: { status: 403, title: 'Consent required' },
  CONSENT_REVOKED: { status: 403, title: 'Consent revoked' },
  CONSENT_EXPIRED: { status: 403, title: 'Consent expired' },
  CONSENT_CONSUMED: { status: 403, title: 'Consent already used' },
  CONSENT_NOT_ACTIVE: { status: 403, title: 'Consent not active' },
  ACCESS_EXPIRED: { status: 403, title: 'Access window expired' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  CONFLICT: { status: 409, title: 'Conflicts with ledger state' },
  SALT_REUSED: { status: 409, title: 'Salt already used' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  FORBIDDEN: { status: 403, title: 'Role not allowed' },
  BAD_REQUEST: { status: 400, title: 'Malformed request' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such endpoint' },
  IDEMPOTENCY_CONFLICT: { status: 409, title: 'Idempotency key reused for a different request' },
  VERIFICATION_RUNNING: { status: 409, title: 'A ledger verification is already running' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  TRANSACTION_INVALID: { status: 409, title: 'Transaction did not commit as valid' },
  LEDGER_UNAVAILABLE: { status: 503, title: 'Ledger unavailable' },
  LEDGER_TIMEOUT: { status: 504, title: 'Ledger did not answer in time' },
  LEDGER_ERROR: { status: 502, title: 'Ledger error' },
  INTERNAL: { status: 500, title: 'Internal error' },
};

/**
 * Seconds a caller should wait before retrying, sent as `Retry-After` (RFC 9110 §10.2.3). A peer that is down
 * or at its concurrency limit is back within about this long: the supervisor's first restart comes after 1 s,
 * and a full peer gateway frees a slot as soon as one request ends. Retrying with the same Idempotency-Key
 * records nothing twice.
 */
export const RETRY_AFTER_SECONDS: Readonly<Partial<Record<ProblemCode, number>>> = {
  LEDGER_UNAVAILABLE: 2,
};

/** RFC 9457 problem details as sent to callers. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail: string;
  txId?: string;
  /** For validation failures: the offending field as a JSON pointer-ish path (`/records/3/uscc`). */
  field?: string;
}

export function problemType(code: ProblemCode): string {
  return `urn:sme-credit-ledger:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

/** The only error type services and routes throw; `toProblem` turns it into the response body. */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extra: { txId?: string; field?: string; cause?: unknown } = {},
  ) {
    super(`${code}: ${detail}`, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'ApiError';
    this.status = PROBLEM_TABLE[code].status;
  }

  toProblem(): ProblemDetails {
    const problem: ProblemDetails = {
      type: problemType(this.code),
      title: PROBLEM_TABLE[this.code].title,
      status: this.status,
      code: this.code,
      detail: this.detail,
    };
    if (this.extra.txId !== undefined) {
      problem.txId = this.extra.txId;
    }
    if (this.extra.field !== undefined) {
      problem.field = this.extra.field;
    }
    return problem;
  }
}
