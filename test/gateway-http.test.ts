import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { verifyRecordProof } from '@sme-credit-ledger/gateway/record-proof';
import { commitStatusCounts } from './support/gateway-metrics';
import { repoRoot } from './support/network-cli';
import { OrgGateways, orgProfilePath } from './support/org-gateways';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(300_000);

// One gateway service per organization in-process on free ports, against the live network (which this suite
// neither starts nor stops); each actor calls its own organization's service. Tokens and event checkpoints
// live in a throw-away data dir; the per-organization network profiles are the real ones.
const TEST_COMPANY = '91440101MA59AB3N63';
const PROFILE = orgProfilePath('gov');
const CLI = join(repoRoot, 'gateway', 'dist', 'cli', 'main.js');

interface Problem {
  code: string;
  detail: string;
  txId?: string;
  field?: string;
}

interface HttpAnswer<T> {
  status: number;
  body: T;
}

(!existsSync(PROFILE) ? describe.skip : describe)('gateway HTTP service on the live network', () => {
  const gateways = new OrgGateways('gateway-http.test');
  const tokenFor = (who: string): Promise<string> => gateways.tokenFor(who);

  async function call<T>(
    who: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer<T>> {
    const token = await tokenFor(who);
    const response = await fetch(`${gateways.url(who)}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: JSON.parse(await response.text()) as T };
  }

  async function grantConsent(company: string, bankMspId: string, categories: string[]): Promise<string> {
    const granted = await call<{ consent: { consentId: string } }>(company, 'POST', '/v1/consents', {
      bankMspId,
      categories,
      purpose: 'credit-review',
      validFrom: new Date(Date.now() - 60_000).toISOString(),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
    assert.equal(granted.status, 201, JSON.stringify(granted.body));
    return granted.body.consent.consentId;
  }

  const readBody = (consentId: string) => ({
    consentId,
    purpose: 'credit-review',
    categories: ['TAX_PAYMENT'],
  });

  beforeAll(async () => {
    await gateways.start();
    const catalog = await call('gov/catalog-admin', 'POST', '/v1/catalog/starter');
    assert.equal(catalog.status, 200, JSON.stringify(catalog.body));
    const registered = await call<Problem>('gov/samr-officer', 'POST', '/v1/companies', {
      uscc: TEST_COMPANY,
    });
    assert.ok(
      registered.status === 201 || registered.body.code === 'CONFLICT',
      JSON.stringify(registered.body),
    );
  });

  afterAll(async () => {
    await gateways.close();
  });

  it('reports ready to anyone, and every peer connected to the auditor only', async () => {
    const anonymous = await fetch(`${gateways.url('auditor')}/health/ready`);
    const detailed = await call<{ status: string; peers: { state: string }[] }>(
      'auditor/auditor',
      'GET',
      '/health/ready',
    );

    assert.equal(anonymous.status, 200);
    assert.deepEqual(JSON.parse(await anonymous.text()), { status: 'ready' });
    assert.equal(detailed.status, 200);
    assert.ok(detailed.body.peers.length > 0);
    assert.ok(detailed.body.peers.every((peer) => peer.state === 'READY'));
  });

  it('refuses a token on the next request once the CLI, another process, revoked it', async () => {
    const bank1 = gateways.service('bank1');
    const token = await bank1.tokens.issue('bank1/officer', 'gateway-http.test revocation');
    const me = () => fetch(`${bank1.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await me()).status, 200);
    const tokenId = /^scl_([0-9a-f]{12})_/.exec(token)?.[1] ?? '';

    execFileSync(process.execPath, [CLI, 'token', 'revoke', '--id', tokenId], {
      env: { ...process.env, SME_DATA_DIR: gateways.dataDir, SME_GATEWAY_ORG: 'bank1' },
    });
    const refused = await me();

    assert.equal(refused.status, 401);
    assert.equal((JSON.parse(await refused.text()) as Problem).code, 'UNAUTHENTICATED');
  });

  it('answers an empty page, not an error, for a time range with no accesses', async () => {
    const page = await call<{ items: unknown[]; bookmark?: string }>(
      'auditor/auditor',
      'GET',
      '/v1/access?from=1990-01-01T00:00:00.000Z&to=1990-01-02T00:00:00.000Z',
    );

    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.deepEqual(page.body.items, []);
  });

  it('lets a department attest, the company consent, and the bank read and verify the profile', async () => {
    const record = { period: '2026Q3', paidYuan: 77_000 + Math.floor(Math.random() * 1000) };
    const attested = await call<{ salt: string; attestation: { hash: string } }>(
      'gov/tax-officer',
      'POST',
      '/v1/attestations',
      { uscc: TEST_COMPANY, category: 'TAX_PAYMENT', effectiveDate: '2026-10-01', record },
    );
    assert.equal(attested.status, 201, JSON.stringify(attested.body));
    const consentId = await grantConsent('gov/test-company', 'Bank1MSP', ['TAX_PAYMENT']);

    const read = await call<{
      categories: {
        record: Record<string, unknown>;
        salt: string;
        proof: { hash: string; blockNumber: string };
      }[];
    }>('bank1/officer', 'POST', `/v1/companies/${TEST_COMPANY}/profile-reads`, readBody(consentId));

    assert.equal(read.status, 200, JSON.stringify(read.body));
    const item = read.body.categories[0];
    assert.ok(item !== undefined);
    assert.deepEqual(item.record, record);
    assert.equal(item.salt, attested.body.salt);
    assert.equal(item.proof.hash, attested.body.attestation.hash);
    assert.ok(verifyRecordProof(item.record, item.salt, item.proof));
    assert.ok(Number(item.proof.blockNumber) > 0);
  });

  it('learns the commit of a submit from the block stream, with no CommitStatus call', async () => {
    // The department's submit goes through gov's service: its metrics, with an operator token of that service.
    const gov = gateways.service('gov');
    const operator = await gov.tokens.issueOperator('gateway-http.test metrics');
    const commits = async () => commitStatusCounts(gov.url, operator);
    const before = await commits();

    const attested = await call('gov/tax-officer', 'POST', '/v1/attestations', {
      uscc: TEST_COMPANY,
      category: 'TAX_PAYMENT',
      effectiveDate: '2026-10-01',
      record: { period: '2026Q3', paidYuan: 1 + Math.floor(Math.random() * 1000) },
    });

    assert.equal(attested.status, 201, JSON.stringify(attested.body));
    assert.deepEqual(await commits(), { event: before.event + 1, poll: before.poll });
  });

  it('refuses a second bank with 403 and logs the attempt on chain', async () => {
    const consentId = await grantConsent('gov/test-company', 'Bank1MSP', ['TAX_PAYMENT']);

    const refused = await call<Problem>(
      'bank2/officer',
      'POST',
      `/v1/companies/${TEST_COMPANY}/profile-reads`,
      readBody(consentId),
    );

    assert.equal(refused.status, 403);
    // Bank2's transactions see only Bank2's collection: another bank's consent does not exist for it.
    assert.equal(refused.body.code, 'CONSENT_REQUIRED');
    assert.match(refused.body.txId ?? '', /^[0-9a-f]{64}$/);
  });

  it('refuses a read after the consent is revoked with CONSENT_REVOKED', async () => {
    const consentId = await grantConsent('gov/test-company', 'Bank1MSP', ['TAX_PAYMENT']);
    const revoked = await call('gov/test-company', 'POST', `/v1/consents/${consentId}/revoke`, {});
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));

    const refused = await call<Problem>(
      'bank1/officer',
      'POST',
      `/v1/companies/${TEST_COMPANY}/profile-reads`,
      readBody(consentId),
    );

    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'CONSENT_REVOKED');
  });

  it('refuses a bank certificate that claims a department role, with the chaincode code', async () => {
    const refused = await call<Problem>('bank1/rogue-officer', 'POST', '/v1/attestations', {
      uscc: TEST_COMPANY,
      category: 'TAX_PAYMENT',
      effectiveDate: '2026-10-01',
      record: { forged: true },
    });

    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'NOT_AUTHORIZED');
  });

  it('records an attestation once when the same request is retried with its idempotency key', async () => {
    const key = `it-${randomBytes(8).toString('hex')}`;
    const body = {
      uscc: TEST_COMPANY,
      category: 'TAX_CREDIT_RATING',
      effectiveDate: '2026-10-01',
      record: { rating: 'B' },
    };
    const history = async (): Promise<number> =>
      (
        await call<{ attestations: unknown[] }>(
          'auditor/auditor',
          'GET',
          `/v1/companies/${TEST_COMPANY}/attestations?category=TAX_CREDIT_RATING`,
        )
      ).body.attestations.length;
    const before = await history();

    const first = await call<{ attestation: { txId: string; version: number } }>(
      'gov/tax-officer',
      'POST',
      '/v1/attestations',
      body,
      {
        'idempotency-key': key,
      },
    );
    const retry = await call<{ attestation: { txId: string; version: number } }>(
      'gov/tax-officer',
      'POST',
      '/v1/attestations',
      body,
      {
        'idempotency-key': key,
      },
    );

    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(retry.status, 201, JSON.stringify(retry.body));
    assert.equal(retry.body.attestation.txId, first.body.attestation.txId);
    assert.equal(retry.body.attestation.version, first.body.attestation.version);
    assert.equal(await history(), before + 1);
  });

  it('lets the company object to a record and the attesting department resolve the objection', async () => {
    const attested = await call('gov/tax-officer', 'POST', '/v1/attestations', {
      uscc: TEST_COMPANY,
      category: 'TAX_PAYMENT',
      effectiveDate: '2026-10-01',
      record: { period: '2026Q3', paidYuan: 1 },
    });
    assert.equal(attested.status, 201, JSON.stringify(attested.body));

    const raised = await call<{ objection: { objectionId: string; status: string } }>(
      'gov/test-company',
      'POST',
      '/v1/objections',
      { category: 'TAX_PAYMENT', reason: 'amount is wrong', evidenceHash: 'ab'.repeat(32) },
    );
    assert.equal(raised.status, 201, JSON.stringify(raised.body));
    const resolved = await call<{ objection: { status: string } }>(
      'gov/tax-officer',
      'POST',
      `/v1/objections/${raised.body.objection.objectionId}/resolution`,
      { outcome: 'rejected', reason: 'matches the tax bureau ledger' },
    );

    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    assert.equal(resolved.body.objection.status, 'rejected');
    const listed = await call<{ items: { objectionId: string }[] }>(
      'auditor/auditor',
      'GET',
      `/v1/companies/${TEST_COMPANY}/objections`,
    );
    assert.ok(listed.body.items.some((item) => item.objectionId === raised.body.objection.objectionId));
  });

  it('erases raw records at the company’s request while the bank still gets the ledger proof', async () => {
    const attested = await call('gov/tax-officer', 'POST', '/v1/attestations', {
      uscc: TEST_COMPANY,
      category: 'INVOICE_VOLUME',
      effectiveDate: '2026-10-01',
      record: { quarter: '2026Q3', invoices: 12 },
    });
    assert.equal(attested.status, 201, JSON.stringify(attested.body));
    const erased = await call('gov/test-company', 'POST', '/v1/erasures', {
      categories: ['INVOICE_VOLUME'],
      reason: 'data minimisation request',
    });
    assert.equal(erased.status, 201, JSON.stringify(erased.body));
    const consentId = await grantConsent('gov/test-company', 'Bank1MSP', ['INVOICE_VOLUME']);

    const read = await call<{
      categories: { available: boolean; record?: unknown; proof: { hash: string } }[];
    }>('bank1/officer', 'POST', `/v1/companies/${TEST_COMPANY}/profile-reads`, {
      consentId,
      purpose: 'credit-review',
      categories: ['INVOICE_VOLUME'],
    });

    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.equal(read.body.categories[0]?.available, false);
    assert.equal(read.body.categories[0]?.record, undefined);
    assert.match(read.body.categories[0]?.proof.hash ?? '', /^[0-9a-f]{64}$/);
  });

  it('resumes the event stream after a service restart without gaps or duplicates', async () => {
    const stream = `it${randomBytes(4).toString('hex')}`;
    const marker = await call<{ blockNumber: string }>('gov/test-company', 'POST', '/v1/consents', {
      bankMspId: 'Bank2MSP',
      categories: ['PATENTS'],
      purpose: 'credit-review',
      validFrom: new Date(Date.now() - 60_000).toISOString(),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const startBlock = marker.body.blockNumber;
    const created = [await grantConsent('gov/test-company', 'Bank2MSP', ['PATENTS'])];
    created.push(await grantConsent('gov/test-company', 'Bank2MSP', ['PATENTS']));

    const firstPart = await readEvents(gateways.url('bank2'), await tokenFor('bank2/officer'), {
      query: `stream=${stream}&startBlock=${startBlock}`,
      until: (events) => created.every((id) => events.some((event) => event.consentId === id)),
    });
    const lastId = firstPart.at(-1)?.id ?? '';

    // Bank2's service is down while the company grants through gov's service.
    await gateways.service('bank2').close();
    created.push(await grantConsent('gov/test-company', 'Bank2MSP', ['PATENTS']));
    const restarted = await gateways.restart('bank2');
    created.push(await grantConsent('gov/test-company', 'Bank2MSP', ['PATENTS']));
    const secondPart = await readEvents(restarted.url, await tokenFor('bank2/officer'), {
      query: `stream=${stream}`,
      lastEventId: lastId,
      until: (events) => created.slice(2).every((id) => events.some((event) => event.consentId === id)),
    });

    const all = [...firstPart, ...secondPart].map((event) => event.id);
    assert.equal(new Set(all).size, all.length, 'no duplicates');
    const ours = [...firstPart, ...secondPart].filter((event) => created.includes(event.consentId ?? ''));
    assert.deepEqual(
      ours.map((event) => event.consentId),
      created,
      'every consent event, in order, once',
    );
    assert.ok(
      secondPart.every((event) => compareIds(event.id, lastId) > 0),
      'the resumed part starts after the last id',
    );
  });
});

interface StreamEvent {
  id: string;
  consentId?: string;
}

function compareIds(a: string, b: string): number {
  return Number(a.split(':')[0]) - Number(b.split(':')[0]) || (a === b ? 0 : 1);
}

/** Reads SSE events until `until` holds (or 30 s pass), then disconnects. */
async function readEvents(
  url: string,
  token: string,
  options: { query: string; lastEventId?: string; until: (events: StreamEvent[]) => boolean },
): Promise<StreamEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30_000);
  const events: StreamEvent[] = [];
  try {
    const response = await fetch(`${url}/v1/events?${options.query}`, {
      headers: {
        authorization: `Bearer ${token}`,
        ...(options.lastEventId === undefined ? {} : { 'last-event-id': options.lastEventId }),
      },
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    const reader = response.body?.getReader();
    assert.ok(reader !== undefined);
    const decoder = new TextDecoder();
    let buffer = '';
    while (!options.until(events)) {
      const chunk = (await reader.read()) as { done: boolean; value?: Uint8Array };
      if (chunk.done) {
        break;
      }
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        const id = /^id: (.*)$/m.exec(block)?.[1];
        if (data !== undefined && id !== undefined) {
          const parsed = JSON.parse(data) as { payload?: { consentId?: string } };
          events.push({
            id,
            ...(parsed.payload?.consentId === undefined ? {} : { consentId: parsed.payload.consentId }),
          });
        }
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
    await sleep(50);
  }
  return events;
}
