/** An RFC 9457 problem from the gateway, or a console-side failure with a code of its own (NETWORK, ...). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly field?: string,
    readonly txId?: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ApiProblem';
  }
}

/** The problem a response body describes; a body that is no problem JSON becomes UNKNOWN with its status. */
export function problemFrom(status: number, body: unknown): ApiProblem {
  if (typeof body === 'object' && body !== null) {
    const b = body as Record<string, unknown>;
    if (typeof b.code === 'string') {
      return new ApiProblem(
        status,
        b.code,
        typeof b.detail === 'string' ? b.detail : '',
        typeof b.field === 'string' ? b.field : undefined,
        typeof b.txId === 'string' ? b.txId : undefined,
      );
    }
  }
  return new ApiProblem(status, 'UNKNOWN', `HTTP ${status}`);
}

export function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) {
    return error;
  }
  return new ApiProblem(0, 'UNKNOWN', error instanceof Error ? error.message : String(error));
}
