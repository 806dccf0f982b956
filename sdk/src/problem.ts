import type { paths } from './generated/gateway-api';

/**
 * RFC 9457 problem details as the service answers every refusal: `code` is the chaincode's or the gateway's
 * error code (`NOT_AUTHORIZED`, `CONFLICT`, `VALIDATION_FAILED` ...), `txId` the Fabric transaction that
 * recorded a refusal, when one did. Taken from the generated types so the two never drift.
 */
export type ProblemDetails =
  paths['/v1/applications']['post']['responses']['4XX']['content']['application/json'];

/** The service answered with a problem (4xx or 5xx). */
export class LedgerApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<ProblemDetails>,
  ) {
    super(
      `${status} ${problem.code ?? ''}: ${problem.detail ?? problem.title ?? 'request failed'}` +
        (problem.txId === undefined ? '' : ` (tx ${problem.txId})`),
    );
    this.name = 'LedgerApiError';
  }

  /** The error code to branch on; never the English `detail`. */
  get code(): string | undefined {
    return this.problem.code;
  }
}

/** No answer at all: the service is down, the address is wrong, or the connection broke. */
export class LedgerUnreachableError extends Error {
  constructor(
    readonly baseUrl: string,
    cause: unknown,
  ) {
    super(
      `cannot reach the service at ${baseUrl} (${cause instanceof Error ? cause.message : String(cause)})`,
      {
        cause,
      },
    );
    this.name = 'LedgerUnreachableError';
  }
}

/** The problem in an error body: the service's JSON, or a bare text body (a proxy's) as its detail. */
export function problemOf(body: unknown): Partial<ProblemDetails> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    return body as Partial<ProblemDetails>;
  }
  return typeof body === 'string' && body !== '' ? { detail: body } : {};
}
