/**
 * A mixed load through the organizations' gateway services, as their users make it: departments attest,
 * companies grant and revoke consents, banks read authorized profiles (each read records the access on the
 * ledger first). Every request carries its own idempotency key, which the services pass to the chaincode as
 * its `requestId`, so what became of each one can be looked up on the ledger afterwards (request-log.ts).
 * A client retries a request that got no answer or a 502/503/504 with the same key, as a careful client
 * does, until its retry budget is spent.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestKind, RequestRecord } from './request-log';

/** A department identity and a category it attests, with a record of that category's fields. */
export interface Attester {
  identity: string;
  category: string;
  record: (n: number) => Record<string, unknown>;
}

export interface LoadCompany {
  uscc: string;
  identity: string;
  /** Standing consents (never revoked by the load) per bank MSP id, for the banks' reads. */
  readConsents: Record<string, string>;
}

export interface LoadBank {
  identity: string;
  mspId: string;
}

export interface LoadFixture {
  /** Base URL of each organization's service. */
  services: Record<string, string>;
  tokens: Record<string, string>;
  attesters: readonly Attester[];
  companies: readonly LoadCompany[];
  banks: readonly LoadBank[];
  /** The category the standing consents cover (attested at setup). */
  readCategory: string;
}

export interface LoadOptions {
  clients: number;
  /** Pause between one client's requests, ms. */
  thinkMs: number;
  /** How long a client keeps retrying one request that gets no answer or a 502/503/504, ms. */
  retryBudgetMs: number;
  /** Per attempt, ms. */
  requestTimeoutMs: number;
  /** Prefix of the idempotency keys (a run's keys never collide with another run's). */
  runId: string;
}

/**
 * A client keeps retrying for longer than the longest outage the suite injects (2 of 3 orderers, 60 s), as a
 * client that must not drop a request does: a request that failed while the orderers were down then commits
 * once they return, under the same idempotency key, exactly once.
 */
export const DEFAULT_LOAD: Omit<LoadOptions, 'runId'> = {
  clients: 16,
  thinkMs: 100,
  retryBudgetMs: 90_000,
  requestTimeoutMs: 60_000,
};

const PURPOSE = 'credit-review';
const RETRYABLE = new Set([0, 502, 503, 504]);

interface Attempt {
  status: number;
  code?: string;
  retryAfter?: string;
  body?: Record<string, unknown>;
}

/** One HTTP attempt; a missing answer is status 0 with the transport error's code. */
export async function attempt(
  url: string,
  token: string,
  key: string,
  body: unknown,
  timeoutMs: number,
): Promise<Attempt> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify(body ?? {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = undefined;
    }
    const retryAfter = response.headers.get('retry-after') ?? undefined;
    const code = response.ok ? undefined : typeof parsed?.code === 'string' ? parsed.code : 'NO_PROBLEM_BODY';
    return {
      status: response.status,
      ...(code === undefined ? {} : { code }),
      ...(retryAfter === undefined ? {} : { retryAfter }),
      ...(parsed === undefined ? {} : { body: parsed }),
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const name = error instanceof Error ? error.name : 'Error';
    return { status: 0, code: cause?.code ?? (name === 'TimeoutError' ? 'TIMEOUT' : name) };
  }
}

/** Runs clients until stopped; `records` holds one entry per finished logical request. */
export class MixedLoad {
  readonly records: RequestRecord[] = [];
  private running = false;
  private workers: Promise<void>[] = [];
  private sequence = 0;

  constructor(
    private readonly fixture: LoadFixture,
    private readonly options: LoadOptions,
  ) {}

  start(): void {
    this.running = true;
    this.workers = Array.from({ length: this.options.clients }, (_, client) => this.client(client));
  }

  /** Stops issuing new requests and waits for those in flight (their retries included). */
  async stop(): Promise<RequestRecord[]> {
    this.running = false;
    await Promise.all(this.workers);
    return this.records;
  }

  /** One logical request with retries under one key; resolves with the final attempt. */
  async request(
    kind: RequestKind,
    org: string,
    identity: string,
    path: string,
    body: unknown,
  ): Promise<Attempt> {
    const id = `${this.options.runId}-${(this.sequence++).toString(36)}-${randomBytes(3).toString('hex')}`;
    const url = `${this.fixture.services[org] ?? ''}${path}`;
    const token = this.fixture.tokens[identity] ?? '';
    const startedAt = Date.now();
    let attempts = 0;
    let last: Attempt;
    for (;;) {
      attempts++;
      last = await attempt(url, token, id, body, this.options.requestTimeoutMs);
      const spent = Date.now() - startedAt;
      if (!RETRYABLE.has(last.status) || spent >= this.options.retryBudgetMs) break;
      const hinted = Number(last.retryAfter ?? '0') * 1000;
      await sleep(Math.min(4000, Math.max(hinted, 250 * 2 ** Math.min(attempts, 4))));
    }
    const txId = txIdOf(last.body);
    this.records.push({
      id,
      kind,
      org,
      startedAt,
      endedAt: Date.now(),
      attempts,
      status: last.status,
      ...(last.code === undefined ? {} : { code: last.code }),
      ...(last.retryAfter === undefined ? {} : { retryAfter: last.retryAfter }),
      ...(txId === undefined ? {} : { txId }),
    });
    return last;
  }

  private async client(client: number): Promise<void> {
    const { attesters, companies, banks } = this.fixture;
    // Departments, companies and banks in turn, so any client count mixes all three.
    const role = client % 3;
    const slot = Math.floor(client / 3);
    for (let n = 0; this.running; n++) {
      if (role === 0)
        await this.attest(attesters[slot % attesters.length], companies[n % companies.length], n);
      else if (role === 1)
        await this.consentCycle(companies[slot % companies.length], banks[n % banks.length]);
      else await this.read(banks[slot % banks.length], companies[(n + slot) % companies.length]);
      await sleep(this.options.thinkMs);
    }
  }

  private async attest(attester: Attester | undefined, company: LoadCompany | undefined, n: number) {
    if (attester === undefined || company === undefined) return;
    await this.request('attest', 'gov', attester.identity, '/v1/attestations', {
      uscc: company.uscc,
      category: attester.category,
      effectiveDate: '2026-10-01',
      record: attester.record(n),
    });
  }

  private async consentCycle(company: LoadCompany | undefined, bank: LoadBank | undefined) {
    if (company === undefined || bank === undefined) return;
    const granted = await this.request('grant', 'gov', company.identity, '/v1/consents', {
      bankMspId: bank.mspId,
      categories: [this.fixture.readCategory],
      purpose: PURPOSE,
      validFrom: new Date(Date.now() - 60_000).toISOString(),
      validUntil: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const consent = granted.body?.consent as { consentId?: unknown } | undefined;
    if (typeof consent?.consentId !== 'string' || !this.running) return;
    await this.request('revoke', 'gov', company.identity, `/v1/consents/${consent.consentId}/revoke`, {
      reason: 'fault suite',
    });
  }

  private async read(bank: LoadBank | undefined, company: LoadCompany | undefined) {
    if (bank === undefined || company === undefined) return;
    const consentId = company.readConsents[bank.mspId];
    if (consentId === undefined) return;
    const org = bank.identity.split('/')[0] ?? '';
    await this.request('read', org, bank.identity, `/v1/companies/${company.uscc}/profile-reads`, {
      consentId,
      purpose: PURPOSE,
      categories: [this.fixture.readCategory],
    });
  }
}

/** The transaction id an answer names: top-level for writes, under `access` for an authorized read. */
export function txIdOf(body: Record<string, unknown> | undefined): string | undefined {
  if (typeof body?.txId === 'string') return body.txId;
  const access = body?.access as { txId?: unknown } | undefined;
  return typeof access?.txId === 'string' ? access.txId : undefined;
}
