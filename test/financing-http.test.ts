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

// The financing journey over HTTP through the per-organization services: Bank1's officer publishes on
// Bank1's service, the company matches and applies on gov's, Bank1 decides on its own, Bank2's refuses.
const SHENGHUA = '91441300MA4UQ7R20Q';
const BANK1 = 'bank1/officer';
const BANK2 = 'bank2/officer';
const COMPANY = 'gov/shenghua';

interface Reply<T> {
  status: number;
  body: T;
}
interface Problem {
  code: string;
  detail: string;
}
interface MatchItem {
  productId: string;
  eligible: boolean;
  straightThrough: boolean;
  evaluation: Record<string, unknown>;
  evaluationTag: string;
}
interface ApplicationBody {
  application: {
    applicationId: string;
    status: string;
    bankMspId: string;
    decision?: { outcome: string; decidedBy: string; amountYuan?: number; rateBps?: number };
  };
}

describe('financing over HTTP on the live network', () => {
  let gateways: OrgGateways;
  let ledger: LedgerCaller;
  const run = randomUUID().slice(0, 8);
  const products = { straight: `http-supply-chain-${run}`, manual: `http-working-capital-${run}` };
  let manualApplicationId = '';

  async function call<T>(
    identity: string,
    method: string,
    path: string,
    body?: unknown,
    org?: string,
  ): Promise<Reply<T>> {
    const response = await fetch(`${gateways.url(org ?? identity)}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await gateways.tokenFor(identity)}`,
        ...(body === undefined
          ? {}
          : { 'content-type': 'application/json', 'idempotency-key': `fin-http-${randomUUID()}` }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: JSON.parse(await response.text()) as T };
  }

  function product(productId: string, straightThrough: boolean): Record<string, unknown> {
    return {
      productId,
      name: straightThrough ? 'Supply-chain loan' : 'Working capital',
      type: straightThrough ? 'supply-chain' : 'working-capital',
      amountYuan: { min: 100_000, max: 5_000_000 },
      termMonths: { min: 3, max: 24 },
      rateBps: { min: 345, max: 600 },
      rules: [
        { id: 'tax-rating', category: 'TAX_CREDIT_RATING', field: 'rating', op: 'in', value: ['A', 'B'] },
        { id: 'social-insurance', category: 'SOCIAL_INSURANCE', field: 'paidMonths', op: '>=', value: 12 },
      ],
      ...(straightThrough ? { straightThrough: { minScore: 30, rateBps: 385 } } : {}),
    };
  }

  /** The gov peer evaluates matching; it may commit Bank1's products a moment after Bank1's peer. */
  async function matchItem(productId: string): Promise<MatchItem> {
    for (let attempt = 1; ; attempt += 1) {
      const matched = await call<{ items: MatchItem[] }>(
        COMPANY,
        'POST',
        `/v1/companies/${SHENGHUA}/matches`,
        {
          bankMspId: 'Bank1MSP',
          productIds: [products.straight, products.manual],
        },
      );
      assert.equal(matched.status, 200, JSON.stringify(matched.body));
      const item = matched.body.items.find((candidate) => candidate.productId === productId);
      if (item !== undefined) return item;
      assert.ok(attempt < 25, `${productId} is matched`);
      await sleep(200);
    }
  }

  async function apply(productId: string, amountYuan: number): Promise<ApplicationBody['application']> {
    const { evaluation, evaluationTag } = await matchItem(productId);
    const applied = await call<ApplicationBody>(COMPANY, 'POST', '/v1/applications', {
      evaluation,
      evaluationTag,
      amountYuan,
      termMonths: 12,
    });
    assert.equal(applied.status, 201, JSON.stringify(applied.body));
    return applied.body.application;
  }

  async function attest(identity: string, category: string, record: object): Promise<void> {
    await ledger.submit(
      identity,
      invocationName('attestation', 'Attest'),
      {
        requestId: `fin-http-${randomUUID()}`,
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
  }

  beforeAll(async () => {
    const profile = await ensureNetwork();
    ledger = new LedgerCaller(profile);
    await ledger.seedCompany(SHENGHUA);
    await attest('gov/tax-officer', 'TAX_CREDIT_RATING', { year: 2025, rating: 'B' });
    await attest('gov/hrss-officer', 'SOCIAL_INSURANCE', { paidMonths: 36, insuredEmployees: 120 });
    gateways = await new OrgGateways('financing-http.test').start(['gov', 'bank1', 'bank2']);
  });

  afterAll(async () => {
    await gateways?.close();
    ledger?.close();
  });

  it('publishes Bank1’s products on Bank1’s service, readable on gov’s', async () => {
    const profile = await call<{ profile: { displayName: string } }>(BANK1, 'PUT', '/v1/institutions/me', {
      displayName: 'ICBC',
    });
    assert.equal(profile.status, 200, JSON.stringify(profile.body));
    for (const [productId, straight] of [
      [products.straight, true],
      [products.manual, false],
    ] as const) {
      const published = await call<{ product: { status: string; bankMspId: string } }>(
        BANK1,
        'POST',
        '/v1/products',
        product(productId, straight),
      );
      assert.equal(published.status, 201, JSON.stringify(published.body));
      assert.deepEqual(
        [published.body.product.status, published.body.product.bankMspId],
        ['active', 'Bank1MSP'],
      );
    }
    const company = await call<Problem>(COMPANY, 'POST', '/v1/products', product(`x-${run}`, false));
    assert.equal(company.status, 403, 'a company publishes nothing');
  });

  it('matches and approves straight through on gov’s service', async () => {
    const item = await matchItem(products.straight);
    assert.equal(item.eligible, true);
    assert.equal(item.straightThrough, true);

    const started = performance.now();
    const application = await apply(products.straight, 1_120_000);
    const seconds = (performance.now() - started) / 1000;

    assert.equal(application.status, 'approved');
    assert.deepEqual(
      [application.decision?.decidedBy, application.decision?.amountYuan, application.decision?.rateBps],
      ['straight-through', 1_120_000, 385],
    );
    console.log(`# HTTP match + apply to recorded straight-through decision: ${seconds.toFixed(2)} s`);
  });

  it('records Bank1’s manual decision on its own service, once', async () => {
    const application = await apply(products.manual, 500_000);
    assert.equal(application.status, 'submitted');
    manualApplicationId = application.applicationId;
    const path = `/v1/applications/${manualApplicationId}/decision`;

    const decided = await call<ApplicationBody>(BANK1, 'POST', path, {
      outcome: 'approved',
      amountYuan: 500_000,
      rateBps: 450,
      termMonths: 12,
    });

    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    assert.deepEqual(
      [decided.body.application.status, decided.body.application.decision?.decidedBy],
      ['approved', 'bank'],
    );
    const replay = await call<Problem>(BANK1, 'POST', path, { outcome: 'declined', reasonCodes: ['LATE'] });
    assert.equal(replay.status, 409, JSON.stringify(replay.body));
    assert.equal(replay.body.code, 'CONFLICT');
    const read = await call<ApplicationBody>(COMPANY, 'GET', `/v1/applications/${manualApplicationId}`);
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.equal(read.body.application.status, 'approved');
  });

  it('refuses Bank1’s application on Bank2’s service', async () => {
    assert.ok(manualApplicationId, 'the manual application exists');
    const path = `/v1/applications/${manualApplicationId}/decision`;

    const decided = await call<Problem>(BANK2, 'POST', path, {
      outcome: 'declined',
      reasonCodes: ['NOT_OURS'],
    });
    const read = await call<Problem>(BANK2, 'GET', `/v1/applications/${manualApplicationId}`);
    const list = await call<Problem>(BANK2, 'GET', '/v1/banks/Bank1MSP/applications');
    const foreignToken = await call<Problem>(
      BANK1,
      'GET',
      `/v1/applications/${manualApplicationId}`,
      undefined,
      'bank2',
    );

    assert.equal(decided.status, 403, JSON.stringify(decided.body));
    assert.equal(decided.body.code, 'NOT_AUTHORIZED');
    assert.equal(read.status, 403, JSON.stringify(read.body));
    assert.equal(list.status, 403, JSON.stringify(list.body));
    // Each service keeps its own token store: Bank1's token means nothing to Bank2's service.
    assert.equal(foreignToken.status, 401, JSON.stringify(foreignToken.body));
    assert.equal(foreignToken.body.code, 'UNAUTHENTICATED');
  });
});
