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

  /** Every item of a paginated list (`{ items, bookmark }`), following bookmarks until the last page. */
  async allPages<T>(path: string, pageSize = 100): Promise<T[]> {
    const items: T[] = [];
    let bookmark = '';
    do {
      const url = new URL(path, this.baseUrl);
      url.searchParams.set('pageSize', String(pageSize));
      if (bookmark !== '') {
        url.searchParams.set('bookmark', bookmark);
      }
      const page = await this.call<{ items: T[]; bookmark: string }>('GET', `${url.pathname}${url.search}`);
      items.push(...page.items);
      // An empty page ends the list even if a bookmark came back.
      bookmark = page.items.length === 0 ? '' : page.bookmark;
    } while (bookmark !== '');
    return items;
  }
}
