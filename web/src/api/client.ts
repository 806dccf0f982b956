import { ApiProblem, problemFrom } from './problem';

export interface CallOptions {
  body?: unknown;
  /** Makes a retried write safe: the service answers a repeat with the first outcome. */
  idempotencyKey?: string;
  query?: Record<string, string | number | boolean | undefined>;
}

/** Same-origin calls to the organization's gateway service with the caller's bearer token. */
export class ApiClient {
  constructor(
    readonly token: string,
    private readonly base = '',
  ) {}

  async call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: 'application/json',
    };
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    if (options.idempotencyKey !== undefined) {
      headers['idempotency-key'] = options.idempotencyKey;
    }
    let response: Response;
    try {
      response = await fetch(this.base + path + queryString(options.query), {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      throw new ApiProblem(0, 'NETWORK', error instanceof Error ? error.message : String(error));
    }
    const text = await response.text();
    let body: unknown = undefined;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      throw problemFrom(response.status, body);
    }
    return body as T;
  }

  get<T>(path: string, query?: CallOptions['query']): Promise<T> {
    return this.call<T>('GET', path, query === undefined ? {} : { query });
  }

  /** A write with a fresh idempotency key. */
  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('POST', path, { body, idempotencyKey: newRequestId() });
  }

  /** A streaming GET (Server-Sent Events); the token goes in a header, which EventSource cannot send. */
  stream(path: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
    return fetch(this.base + path, {
      headers: { authorization: `Bearer ${this.token}`, accept: 'text/event-stream', ...headers },
      credentials: 'omit',
      cache: 'no-store',
      signal,
    });
  }
}

export function queryString(query: CallOptions['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') {
      params.set(name, String(value));
    }
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export function newRequestId(): string {
  return `console-${crypto.randomUUID()}`;
}
