import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { financingNetwork, MANUAL_LOAN } from '@sme-credit-ledger/chaincode/testing';
import type { FastifyInstance } from 'fastify';
import { ContractLedger } from './testing/contract-ledger';
import { appWith, auth, SHENGHUA, SUNLUX } from './testing/test-app';

// Financing routes over the real product and application contracts (ContractLedger): Bank1 (ICBC) offers a
// straight-through supply-chain loan, Bank2 an IP loan; Shenghua has a B tax rating and clean records.
interface MatchItem {
  bankMspId: string;
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
    uscc: string;
    bankMspId: string;
    decision?: { outcome: string; decidedBy: string; amountYuan?: number; rateBps?: number; txId: string };
  };
  txId: string;
}

let keys = 0;
const key = (): string => `fin-route-${String((keys += 1)).padStart(4, '0')}`;

async function financingApp(): Promise<{ app: FastifyInstance; ledger: ContractLedger }> {
  const ledger = new ContractLedger(await financingNetwork());
  return { app: await appWith(ledger), ledger };
}

async function post(
  app: FastifyInstance,
  who: Parameters<typeof auth>[0],
  url: string,
  payload: unknown,
): Promise<Awaited<ReturnType<FastifyInstance['inject']>>> {
  return app.inject({
    method: 'POST',
    url,
    headers: { ...auth(who), 'idempotency-key': key() },
    payload: payload as Record<string, unknown>,
  });
}

async function matchOf(app: FastifyInstance, productId: string): Promise<MatchItem> {
  const matched = await post(app, 'shenghua', `/v1/companies/${SHENGHUA}/matches`, {});
  assert.equal(matched.statusCode, 200, matched.body);
  const item = matched.json<{ items: MatchItem[] }>().items.find((each) => each.productId === productId);
  assert.ok(item, `a match item for ${productId}`);
  return item;
}

async function applyTo(
  app: FastifyInstance,
  productId: string,
  amountYuan = 200_000,
): Promise<ApplicationBody> {
  const { evaluation, evaluationTag } = await matchOf(app, productId);
  const applied = await post(app, 'shenghua', '/v1/applications', {
    evaluation,
    evaluationTag,
    amountYuan,
    termMonths: 12,
  });
  assert.equal(applied.statusCode, 201, applied.body);
  return applied.json<ApplicationBody>();
}

async function publishManual(app: FastifyInstance): Promise<void> {
  const published = await post(app, 'bank1', '/v1/products', MANUAL_LOAN);
  assert.equal(published.statusCode, 201, published.body);
}

describe('financing routes over the real contracts', () => {
  it('publishes, matches, applies and records a bank officer’s decision', async () => {
    const { app } = await financingApp();

    const published = await post(app, 'bank1', '/v1/products', MANUAL_LOAN);
    assert.equal(published.statusCode, 201, published.body);
    const { product, txId } = published.json<{
      product: { bankMspId: string; version: number; status: string };
      txId: string;
    }>();
    assert.deepEqual([product.bankMspId, product.version, product.status], ['Bank1MSP', 1, 'active']);
    assert.ok(txId);
    const listed = await app.inject({
      method: 'GET',
      url: '/v1/products?bankMspId=Bank1MSP',
      headers: auth('shenghua'),
    });
    assert.equal(listed.statusCode, 200, listed.body);
    assert.ok(
      listed
        .json<{ items: { productId: string }[] }>()
        .items.some((p) => p.productId === MANUAL_LOAN.productId),
    );
    const one = await app.inject({
      method: 'GET',
      url: `/v1/products/Bank1MSP/${MANUAL_LOAN.productId}?version=1`,
      headers: auth('auditor'),
    });
    assert.equal(one.statusCode, 200, one.body);

    const item = await matchOf(app, MANUAL_LOAN.productId);
    assert.equal(item.eligible, true);
    assert.equal(item.straightThrough, false);
    const { application } = await applyTo(app, MANUAL_LOAN.productId);
    assert.deepEqual(
      [application.status, application.uscc, application.bankMspId],
      ['submitted', SHENGHUA, 'Bank1MSP'],
    );

    const decided = await post(app, 'bank1', `/v1/applications/${application.applicationId}/decision`, {
      outcome: 'approved',
      amountYuan: 150_000,
      rateBps: 420,
      termMonths: 12,
    });
    assert.equal(decided.statusCode, 200, decided.body);
    const { decision } = decided.json<ApplicationBody>().application;
    assert.equal(decision?.outcome, 'approved');
    assert.equal(decision?.decidedBy, 'bank');
    assert.equal(decision?.amountYuan, 150_000);

    const read = await app.inject({
      method: 'GET',
      url: `/v1/applications/${application.applicationId}`,
      headers: auth('shenghua'),
    });
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(read.json<ApplicationBody>().application.status, 'approved');
    const list = await app.inject({
      method: 'GET',
      url: '/v1/banks/Bank1MSP/applications',
      headers: auth('bank1'),
    });
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(
      list.json<{ items: { applicationId: string }[] }>().items.map((each) => each.applicationId),
      [application.applicationId],
    );
  });

  it('approves a straight-through product in the application itself', async () => {
    const { app } = await financingApp();

    const { application } = await applyTo(app, 'supply-chain-loan', 1_120_000);

    assert.equal(application.status, 'approved');
    assert.equal(application.decision?.decidedBy, 'straight-through');
    assert.equal(application.decision?.amountYuan, 1_120_000);
    assert.equal(application.decision?.rateBps, 385);
  });

  it('refuses a decision by a bank not applied to with the chaincode’s NOT_AUTHORIZED, changing nothing', async () => {
    const { app, ledger } = await financingApp();
    await publishManual(app);
    const { application } = await applyTo(app, MANUAL_LOAN.productId);
    const before = ledger.network.snapshot();

    const refused = await post(app, 'bank2', `/v1/applications/${application.applicationId}/decision`, {
      outcome: 'declined',
      reasonCodes: ['NOT_OUR_CUSTOMER'],
    });

    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json<{ code: string }>().code, 'NOT_AUTHORIZED');
    assert.equal(ledger.network.snapshot(), before);
    const read = await app.inject({
      method: 'GET',
      url: `/v1/applications/${application.applicationId}`,
      headers: auth('bank2'),
    });
    assert.equal(read.statusCode, 403, 'bank2 cannot read an application made to bank1');
    assert.equal(read.json<{ code: string }>().code, 'NOT_AUTHORIZED');
    const list = await app.inject({
      method: 'GET',
      url: '/v1/banks/Bank1MSP/applications',
      headers: auth('bank2'),
    });
    assert.equal(list.statusCode, 403, list.body);
  });

  it('refuses a replayed decision under a new request id as CONFLICT', async () => {
    const { app } = await financingApp();
    await publishManual(app);
    const { application } = await applyTo(app, MANUAL_LOAN.productId);
    const url = `/v1/applications/${application.applicationId}/decision`;
    const first = await post(app, 'bank1', url, { outcome: 'declined', reasonCodes: ['LOW_SCORE'] });
    assert.equal(first.statusCode, 200, first.body);

    const again = await post(app, 'bank1', url, {
      outcome: 'approved',
      amountYuan: 100_000,
      rateBps: 400,
      termMonths: 6,
    });

    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json<{ code: string }>().code, 'CONFLICT');
  });

  it('replays a decision retried with the same Idempotency-Key', async () => {
    const { app } = await financingApp();
    await publishManual(app);
    const { application } = await applyTo(app, MANUAL_LOAN.productId);
    const request = {
      method: 'POST' as const,
      url: `/v1/applications/${application.applicationId}/decision`,
      headers: { ...auth('bank1'), 'idempotency-key': 'decision-retry-1' },
      payload: { outcome: 'declined', reasonCodes: ['LOW_SCORE'] },
    };
    const first = await app.inject(request);
    const retry = await app.inject(request);

    assert.equal(first.statusCode, 200, first.body);
    assert.equal(retry.statusCode, 200, retry.body);
    const decisionTx = (body: ApplicationBody): string | undefined => body.application.decision?.txId;
    assert.ok(decisionTx(first.json<ApplicationBody>()));
    assert.equal(decisionTx(retry.json<ApplicationBody>()), decisionTx(first.json<ApplicationBody>()));
  });

  it('refuses matching for another company', async () => {
    const { app, ledger } = await financingApp();

    const refused = await post(app, 'shenghua', `/v1/companies/${SUNLUX}/matches`, {});

    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json<{ code: string }>().code, 'NOT_AUTHORIZED');
    assert.equal(ledger.calls.length, 1, 'the chaincode refused it');
  });

  it('keeps matching and applying to companies and publishing to banks', async () => {
    const { app, ledger } = await financingApp();

    const bankMatching = await post(app, 'bank1', `/v1/companies/${SHENGHUA}/matches`, {});
    const companyPublishing = await post(app, 'shenghua', '/v1/products', MANUAL_LOAN);
    const auditorDeciding = await post(app, 'auditor', '/v1/applications/x/decision', {
      outcome: 'declined',
    });

    for (const refused of [bankMatching, companyPublishing, auditorDeciding]) {
      assert.equal(refused.statusCode, 403, refused.body);
      assert.equal(refused.json<{ code: string }>().code, 'FORBIDDEN');
    }
    assert.equal(ledger.calls.length, 0);
  });

  it('refuses a malformed product with the chaincode’s VALIDATION_FAILED, and a non-object body at the schema', async () => {
    const { app, ledger } = await financingApp();
    const before = ledger.network.snapshot();

    const badRule = await post(app, 'bank1', '/v1/products', {
      ...MANUAL_LOAN,
      rules: [{ id: 'tax-rating', category: 'TAX_CREDIT_RATING', field: 'rating', op: '>=', value: 'B' }],
    });
    const notAnObject = await app.inject({
      method: 'POST',
      url: '/v1/products',
      headers: { ...auth('bank1'), 'content-type': 'application/json' },
      payload: '[1,2]',
    });

    assert.equal(badRule.statusCode, 400, badRule.body);
    assert.equal(badRule.json<{ code: string }>().code, 'VALIDATION_FAILED');
    assert.equal(notAnObject.statusCode, 400, notAnObject.body);
    assert.equal(ledger.network.snapshot(), before);
  });

  it('refuses a decision body with unknown fields or an unknown outcome before the ledger', async () => {
    const { app, ledger } = await financingApp();

    const unknownField = await post(app, 'bank1', '/v1/applications/abc/decision', {
      outcome: 'approved',
      bonus: 1,
    });
    const unknownOutcome = await post(app, 'bank1', '/v1/applications/abc/decision', { outcome: 'maybe' });

    assert.equal(unknownField.statusCode, 400, unknownField.body);
    assert.equal(unknownOutcome.statusCode, 400, unknownOutcome.body);
    assert.equal(ledger.calls.length, 0);
  });

  it('answers 404 for an unknown application, product or institution', async () => {
    const { app } = await financingApp();

    const urls = [
      '/v1/applications/no-such-application',
      '/v1/products/Bank1MSP/no-such-product',
      '/v1/institutions/Bank9MSP',
    ];
    for (const url of urls) {
      const missing = await app.inject({ method: 'GET', url, headers: auth('auditor') });
      assert.equal(missing.statusCode, 404, `${url}: ${missing.body}`);
      assert.equal(missing.json<{ code: string }>().code, 'NOT_FOUND');
    }
    const decided = await post(app, 'bank1', '/v1/applications/no-such-application/decision', {
      outcome: 'declined',
    });
    assert.equal(decided.statusCode, 404, decided.body);
  });

  it('lets a bank withdraw only its own products', async () => {
    const { app, ledger } = await financingApp();

    const foreign = await post(app, 'bank2', '/v1/products/Bank1MSP/supply-chain-loan/withdrawal', {});
    assert.equal(foreign.statusCode, 403, foreign.body);
    assert.equal(ledger.calls.length, 0);
    const own = await post(app, 'bank1', '/v1/products/Bank1MSP/supply-chain-loan/withdrawal', {
      reason: 'paused',
    });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json<{ product: { status: string } }>().product.status, 'withdrawn');
  });

  it('sets and reads an institution profile', async () => {
    const { app } = await financingApp();

    const set = await app.inject({
      method: 'PUT',
      url: '/v1/institutions/me',
      headers: { ...auth('bank2'), 'idempotency-key': key() },
      payload: { displayName: 'Ping An Bank Shenzhen' },
    });
    assert.equal(set.statusCode, 200, set.body);
    const read = await app.inject({
      method: 'GET',
      url: '/v1/institutions/Bank2MSP',
      headers: auth('shenghua'),
    });
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(
      read.json<{ profile: { displayName: string } }>().profile.displayName,
      'Ping An Bank Shenzhen',
    );
  });

  it('reports a loan outcome with a service-derived salt, the raw record only in transient data', async () => {
    const { app, ledger } = await financingApp();
    const { application } = await applyTo(app, 'supply-chain-loan', 1_120_000);
    const record = {
      applicationId: application.applicationId,
      status: 'disbursed',
      amountYuan: 1_120_000,
      outstandingYuan: 1_120_000,
      overdueDays: 0,
      asOf: '2026-11-29',
    };

    const reported = await post(app, 'bank1', `/v1/applications/${application.applicationId}/loan-outcomes`, {
      record,
    });

    assert.equal(reported.statusCode, 201, reported.body);
    const { attestation, salt } = reported.json<{ attestation: { category: string }; salt: string }>();
    assert.equal(attestation.category, 'LOAN_OUTCOMES_BANK1MSP');
    assert.match(salt, /^[0-9a-f]{64}$/);
    const call = ledger.calls.at(-1);
    assert.equal(call?.transaction, 'application:ReportLoanOutcome');
    assert.doesNotMatch(call?.args?.[0] ?? '', /disbursed/);
    assert.equal(call?.transient?.salt, salt);
  });

  it('streams the chaincode’s own financing events to the bank they name only, the applying company its application’s, and all to auditors', async () => {
    const { app, ledger } = await financingApp();
    const events = ledger.network.world.events.length;
    await publishManual(app);
    const { application } = await applyTo(app, MANUAL_LOAN.productId);
    await post(app, 'bank1', `/v1/applications/${application.applicationId}/decision`, {
      outcome: 'declined',
      reasonCodes: ['LOW_SCORE'],
    });
    const recorded = ledger.network.world.events.slice(events);
    assert.deepEqual(
      recorded.map((event) => event.name),
      ['ProductChanged', 'ApplicationChanged', 'ApplicationChanged'],
    );
    ledger.events = recorded.map((event, index) => ({
      blockNumber: BigInt(index + 1),
      txId: event.txId,
      name: event.name,
      payload: Buffer.from(event.payload),
    }));

    const stream = async (who: Parameters<typeof auth>[0]): Promise<string[]> => {
      const answer = await app.inject({ method: 'GET', url: '/v1/events', headers: auth(who) });
      return [...answer.body.matchAll(/^event: (.+)$/gm)].map((match) => match[1] ?? '');
    };
    assert.deepEqual(await stream('bank1'), ['ProductChanged', 'ApplicationChanged', 'ApplicationChanged']);
    assert.deepEqual(await stream('bank2'), [], 'Bank2 learns nothing of Bank1’s product or application');
    assert.equal((await stream('auditor')).length, 3);
    // The company that applied follows its own application's events (the chaincode answers it the record).
    assert.deepEqual(await stream('shenghua'), ['ApplicationChanged', 'ApplicationChanged']);
  });
});
