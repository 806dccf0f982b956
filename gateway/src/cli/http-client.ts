import { CliError, EXIT, exitCodeForStatus } from './exit-codes';

export interface Problem {
  code?: string;
  title?: string;
  detail?: string;
  field?: string;
  txId?: string;
  status?: number;
}

export class HttpFailure extends CliError {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(
      `${status} ${problem.code ?? ''}: ${problem.detail ?? problem.title ?? 'request failed'}` +
        (problem.txId === undefined ? '' : ` (tx ${problem.txId})`),
      exitCodeForStatus(status),
    );
  }
}

/** Minimal JSON client of the gateway service (global fetch). */
export class GatewayHttpClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  async call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: {
          ...(this.token === undefined ? {} : { authorization: `Bearer ${this.token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new CliError(
        `cannot reach the gateway at ${this.baseUrl} (${(error as Error).message}); start it with npm start`,
        EXIT.unavailable,
      );
    }
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (!response.ok) {
      throw new HttpFailure(response.status, (parsed ?? {}) as Problem);
    }
    return parsed as T;
  }
}
