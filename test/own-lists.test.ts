import { invocationName, TRANSIENT_FIELDS } from '@sme-credit-ledger/contract';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { LedgerCaller } from './support/ledger-caller';
import { ensureNetwork } from './support/network-cli';
import { OrgGateways } from './support/org-gateways';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(600_000);

// Each party's own lists and event stream on the live network, through the per-organization services: a
// bank's access log holds its own accesses and never another bank's; a department's attestations and a
// company's erasures are theirs only; a company's stream carries its own consent events.
const SHENGHUA = '91441300MA4UQ7R20Q';
const COMPANY = 'gov/shenghua';
const BANK1 = 'bank1/officer';
const BANK2 = 'bank2/officer';

interface Reply<T> {
  status: number;
  body: T;
}
interface AccessItem {
  accessId: string;
  bankMspId: string;
  outcome: string;
}
interface AttestationItem {
  department: string;
  uscc: string;
  category: string;
  txId: string;
}

describe('own lists and party event streams on the live network', () => {
  let gateways: OrgGateways;
  let ledger: LedgerCaller;
  const run = randomUUID().slice(0, 8);
  let consentId = '';
  const accessIds: Record<string, string> = {};

  async function call<T>(identity: string, method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const response = await fetch(`${gateways.url(identity)}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await gateways.tokenFor(identity)}`,
        ...(body === undefined
          ? {}
          : { 'content-type': 'application/json', 'idempotency-key': `own-${randomUUID()}` }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: JSON.parse(await response.text()) as T };
  }

  /** Every page of a bank's log, as the bank asks for it. */
  async function accessLog(identity: string): Promise<AccessItem[]> {
    const items: AccessItem[] = [];
    let bookmark = '';
    do {
      const page = await call<{ items: AccessItem[]; bookmark: string }>(
        identity,
        'GET',
        `/v1/access?pageSize=100${bookmark === '' ? '' : `&bookmark=${encodeURIComponent(bookmark)}`}`,
      );
      assert.equal(page.status, 200, JSON.stringify(page.body));
      items.push(...page.body.items);
      bookmark = page.body.bookmark;
    } while (bookmark !== '');
    return items;
  }

  beforeAll(async () => {
    const profile = await ensureNetwork();
    ledger = new LedgerCaller(profile);
    await ledger.seedCompany(SHENGHUA);
    const attest = (identity: string, category: string, record: object) =>
      ledger.submit(
        identity,
        invocationName('attestation', 'Attest'),
        {
          requestId: `own-${randomUUID()}`,
          uscc: SHENGHUA,
          category,
          schemaVersion: 1,
          effectiveDate: '2026-10-01',
        },
        {
          [TRANSIENT_FIELDS.record]: JSON.stringify(record),
          [TRANSIENT_FIELDS.salt]: randomBytes(16).toString('hex'),
        },
      );
    await attest('gov/tax-officer', 'TAX_PAYMENT', {
      period: `2026Q3-${run}`,
      paidYuan: 1200,
      overdue: false,
    });
    // Only this test attests and erases TRADEMARKS, so the erasure leaves other suites' records alone.
    await attest('gov/cnipa-officer', 'TRADEMARKS', { registered: 4 });
    gateways = await new OrgGateways('own-lists.test').start(['gov', 'bank1', 'bank2']);
  });

  afterAll(async () => {
    await gateways?.close();
    // Its connections would outlive the file in Jest's one process: peer-failover, next, counts them.
    ledger?.close();
  });

  it('gives the company its own consent event on its own stream', async () => {
    const stop = new AbortController();
    const response = await fetch(`${gateways.url(COMPANY)}/v1/events?stream=own-${run}`, {
      headers: { authorization: `Bearer ${await gateways.tokenFor(COMPANY)}` },
      signal: stop.signal,
    });
    assert.equal(response.status, 200);
    const reader = (response.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream())
      .getReader();
    const now = Date.now();
    const granted = await call<{ consent: { consentId: string } }>(COMPANY, 'POST', '/v1/consents', {
      bankMspId: 'Bank1MSP',
      categories: ['TAX_PAYMENT'],
      purpose: 'credit-review',
      validFrom: new Date(now - 60_000).toISOString(),
      validUntil: new Date(now + 86_400_000).toISOString(),
    });
    assert.equal(granted.status, 201, JSON.stringify(granted.body));
    consentId = granted.body.consent.consentId;
    let text = '';
    const deadline = Date.now() + 60_000;
    while (!text.includes(consentId) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    stop.abort();
    assert.match(text, new RegExp(`event: ConsentChanged\\ndata: .*"consentId":"${consentId}"`));
  });

  it('lists each bank’s own accesses, refused ones included, and never another bank’s', async () => {
    for (const [identity, expected] of [
      [BANK1, 200],
      [BANK2, 403],
    ] as const) {
      const read = await call<{ accessId?: string; code?: string }>(
        identity,
        'POST',
        `/v1/companies/${SHENGHUA}/profile-reads`,
        { consentId, purpose: 'credit-review', categories: ['TAX_PAYMENT'] },
      );
      assert.equal(read.status, expected, JSON.stringify(read.body));
    }
    const bank1 = await accessLog(BANK1);
    const bank2 = await accessLog(BANK2);

    assert.ok(bank1.some((item) => item.outcome === 'granted'));
    assert.ok(
      bank2.some((item) => item.outcome === 'refused'),
      'the refused attempt is in Bank2’s log',
    );
    assert.deepEqual([...new Set(bank1.map((item) => item.bankMspId))], ['Bank1MSP']);
    assert.deepEqual([...new Set(bank2.map((item) => item.bankMspId))], ['Bank2MSP']);
    const shared = bank1.filter((item) => bank2.some((other) => other.accessId === item.accessId));
    assert.deepEqual(shared, []);
    accessIds.bank1 = bank1.at(-1)?.accessId ?? '';
    accessIds.bank2 = bank2.at(-1)?.accessId ?? '';
  });

  it('refuses a bank another bank’s log and another bank’s access record', async () => {
    const other = await call<{ code: string }>(BANK1, 'GET', '/v1/access?bankMspId=Bank2MSP');
    assert.equal(other.status, 403);
    assert.equal(other.body.code, 'FORBIDDEN');
    const byCompany = await call<{ code: string }>(BANK1, 'GET', `/v1/access?uscc=${SHENGHUA}`);
    assert.equal(byCompany.status, 400);
    const record = await call<{ code: string }>(BANK1, 'GET', `/v1/access/${accessIds.bank2 ?? ''}`);
    assert.ok([403, 404].includes(record.status), `another bank's record: ${record.status}`);
  });

  it('lists the department’s own attestations and refuses others the list', async () => {
    let mine: AttestationItem[] = [];
    let bookmark = '';
    do {
      const page = await call<{ items: AttestationItem[]; bookmark: string }>(
        'gov/tax-officer',
        'GET',
        `/v1/attestations?pageSize=100${bookmark === '' ? '' : `&bookmark=${encodeURIComponent(bookmark)}`}`,
      );
      assert.equal(page.status, 200, JSON.stringify(page.body));
      mine = [...mine, ...page.body.items];
      bookmark = page.body.bookmark;
    } while (bookmark !== '');
    assert.ok(mine.some((item) => item.uscc === SHENGHUA && item.category === 'TAX_PAYMENT'));
    assert.deepEqual([...new Set(mine.map((item) => item.department))], ['TAX']);
    for (const identity of [COMPANY, BANK1]) {
      assert.equal((await call(identity, 'GET', '/v1/attestations')).status, 403, identity);
    }
  });

  it('lists the company’s erasures after it erases, and refuses a bank the list', async () => {
    const erased = await call<{ erasure: { erasureId: string } }>(COMPANY, 'POST', '/v1/erasures', {
      categories: ['TRADEMARKS'],
      reason: `own-lists test ${run}`,
    });
    assert.equal(erased.status, 201, JSON.stringify(erased.body));
    let listed = false;
    for (let attempt = 0; attempt < 20 && !listed; attempt += 1) {
      const history = await call<{ items: { erasureId: string; uscc: string }[] }>(
        COMPANY,
        'GET',
        '/v1/erasures',
      );
      assert.equal(history.status, 200);
      assert.ok(history.body.items.every((item) => item.uscc === SHENGHUA));
      listed = history.body.items.some((item) => item.erasureId === erased.body.erasure.erasureId);
      if (!listed) await sleep(250);
    }
    assert.ok(listed, 'the new erasure is listed');
    assert.equal((await call(BANK1, 'GET', '/v1/erasures')).status, 403);
  });
});
