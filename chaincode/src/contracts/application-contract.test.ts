import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  bankCollection,
  type AccessResponse,
  type ApplicationResponse,
  type ConsentResponse,
  type CurrentVersionsResponse,
  type Page,
  type Application,
} from '@sme-credit-ledger/contract';
import { IDS, USCC, type FakeNetwork } from '../testing/fake-network';
import {
  financingNetwork,
  itemOf,
  match,
  publish,
  rid,
  STRICT_LOAN,
  SUPPLY_CHAIN_LOAN,
} from '../testing/financing-fixtures';

async function apply(
  network: FakeNetwork,
  productId: string,
  amountYuan: number,
  termMonths: number,
  requestId = rid('apply'),
): Promise<Application> {
  const item = itemOf(await match(network), productId);
  const { application } = await network.submit<ApplicationResponse>(IDS.shenghua, 'application:Apply', {
    requestId,
    evaluation: item.evaluation,
    evaluationTag: item.evaluationTag,
    amountYuan,
    termMonths,
  });
  return application;
}

describe('applications', () => {
  it('grants the product’s consent in the same step and keeps the application in the bank’s collection', async () => {
    const network = await financingNetwork();
    const publicBefore = new Set(network.world.state.keys());
    const application = await apply(network, STRICT_LOAN.productId, 200_000, 6);
    assert.equal(application.status, 'submitted');
    const { consent } = await network.evaluate<ConsentResponse>(IDS.shenghua, 'consent:GetConsent', {
      consentId: application.consentId,
    });
    assert.deepEqual(
      [consent.status, consent.bankMspId, consent.purpose, consent.categories],
      ['authorised', 'Bank1MSP', 'working-capital', ['TAX_CREDIT_RATING']],
    );
    assert.equal(consent.validUntil, '2026-12-29T06:00:00.000Z');
    assert.deepEqual(
      [...network.world.state.keys()].filter((key) => !publicBefore.has(key)),
      [],
    );
    const bank2 = JSON.stringify([...(network.world.privateData.get(bankCollection('Bank2MSP')) ?? [])]);
    assert.ok(!bank2.includes(application.applicationId));
    const event = network.world.events.at(-1);
    assert.deepEqual(
      [event?.name, JSON.parse(event?.payload ?? '{}')],
      [
        'ApplicationChanged',
        { applicationId: application.applicationId, bankMspId: 'Bank1MSP', txId: application.txId },
      ],
    );
  });

  it('approves straight through when every rule passes and the score clears the threshold', async () => {
    const network = await financingNetwork();
    const application = await apply(network, SUPPLY_CHAIN_LOAN.productId, 1_120_000, 12);
    assert.equal(application.status, 'approved');
    assert.deepEqual(
      {
        by: application.decision?.decidedBy,
        amount: application.decision?.amountYuan,
        rate: application.decision?.rateBps,
        term: application.decision?.termMonths,
        txId: application.decision?.txId,
      },
      { by: 'straight-through', amount: 1_120_000, rate: 385, term: 12, txId: application.txId },
    );
    assert.equal(application.evaluation.score.score, 73);
    assert.deepEqual(Object.keys(application.decision?.attestedVersions ?? {}).sort(), [
      'BUSINESS_REGISTRATION',
      'COURT_ENFORCEMENT',
      'SOCIAL_INSURANCE',
      'TAX_CREDIT_RATING',
    ]);
    await assert.rejects(decideApproved(network, application.applicationId), /^Error: CONFLICT/);
  });

  it('leaves a product under its threshold to the bank', async () => {
    const network = await financingNetwork();
    await publish(network, IDS.bank1, {
      ...SUPPLY_CHAIN_LOAN,
      straightThrough: { minScore: 90, rateBps: 385 },
    });
    assert.equal((await apply(network, SUPPLY_CHAIN_LOAN.productId, 1_000_000, 12)).status, 'submitted');
  });

  it('refuses an amount or term outside the product’s ranges, and writes nothing', async () => {
    const network = await financingNetwork();
    const before = network.snapshot();
    await assert.rejects(apply(network, STRICT_LOAN.productId, 500_001, 6), /amountYuan 500001 is outside/);
    await assert.rejects(apply(network, STRICT_LOAN.productId, 9_999, 6), /VALIDATION_FAILED/);
    await assert.rejects(apply(network, STRICT_LOAN.productId, 100_000, 13), /termMonths 13 is outside/);
    assert.equal(network.snapshot(), before);
  });

  it('refuses an evaluation that was changed, is another company’s, too old, or of a replaced product', async () => {
    const network = await financingNetwork();
    const item = itemOf(await match(network), STRICT_LOAN.productId);
    const send = (
      evaluation: unknown,
      evaluationTag = item.evaluationTag,
      who = IDS.shenghua,
    ): Promise<unknown> =>
      network.submit(who, 'application:Apply', {
        requestId: rid('apply'),
        evaluation,
        evaluationTag,
        amountYuan: 100_000,
        termMonths: 6,
      });
    const passed = {
      ...item.evaluation,
      rules: item.evaluation.rules.map((r) => ({ ...r, outcome: 'passed' })),
    };
    await assert.rejects(send(passed), /^Error: VALIDATION_FAILED: evaluationTag does not match/);
    await assert.rejects(send(item.evaluation, '0'.repeat(64)), /evaluationTag does not match/);
    await assert.rejects(send(item.evaluation, 'not hex'), /evaluationTag does not match/);
    await assert.rejects(send(item.evaluation, item.evaluationTag, IDS.sunlux), /^Error: NOT_AUTHORIZED/);
    await assert.rejects(send('evaluation'), /^Error: VALIDATION_FAILED: evaluation must be/);
    network.advance(16 * 60);
    await assert.rejects(send(item.evaluation), /older than 900 s/);
    network.advance(-16 * 60);
    await publish(network, IDS.bank1, STRICT_LOAN);
    await assert.rejects(send(item.evaluation), /^Error: CONFLICT: product a-rated-only is at version 2/);
    await network.submit(IDS.bank1, 'product:WithdrawProduct', {
      requestId: rid('w'),
      productId: STRICT_LOAN.productId,
    });
    await assert.rejects(send(item.evaluation), /^Error: CONFLICT: product a-rated-only was withdrawn/);
  });

  it('refuses an evaluation that left out a category the product needs', async () => {
    const network = await financingNetwork();
    const item = itemOf(
      await match(network, { categories: ['TAX_CREDIT_RATING'] }),
      SUPPLY_CHAIN_LOAN.productId,
    );
    await assert.rejects(
      network.submit(IDS.shenghua, 'application:Apply', {
        requestId: rid('apply'),
        evaluation: item.evaluation,
        evaluationTag: item.evaluationTag,
        amountYuan: 200_000,
        termMonths: 6,
      }),
      /^Error: CONSENT_REQUIRED/,
    );
  });

  it('replays a retried application with the same request id', async () => {
    const network = await financingNetwork();
    const item = itemOf(await match(network), STRICT_LOAN.productId);
    const request = {
      requestId: 'apply-retry-01',
      evaluation: item.evaluation,
      evaluationTag: item.evaluationTag,
      amountYuan: 100_000,
      termMonths: 6,
    };
    const first = await network.submit<ApplicationResponse>(IDS.shenghua, 'application:Apply', request);
    const again = await network.submit<ApplicationResponse>(IDS.shenghua, 'application:Apply', request);
    assert.deepEqual(again, first);
    await assert.rejects(
      network.submit(IDS.shenghua, 'application:Apply', { ...request, amountYuan: 100_001 }),
      /^Error: CONFLICT/,
    );
  });
});

function decideApproved(
  network: FakeNetwork,
  applicationId: string,
  change: Record<string, unknown> = {},
  identity = IDS.bank1,
): Promise<ApplicationResponse> {
  return network.submit<ApplicationResponse>(identity, 'application:DecideApplication', {
    requestId: rid('decide'),
    applicationId,
    outcome: 'approved',
    amountYuan: 200_000,
    rateBps: 420,
    termMonths: 6,
    ...change,
  });
}

describe('decisions', () => {
  it('records the bank’s approval with the accesses, consent and attested versions it relied on', async () => {
    const network = await financingNetwork();
    const application = await apply(network, STRICT_LOAN.productId, 200_000, 6);
    const terms = {
      consentId: application.consentId,
      uscc: USCC.shenghua,
      categories: ['TAX_CREDIT_RATING'],
      purpose: 'working-capital',
    };
    const { versions } = await network.evaluate<CurrentVersionsResponse>(
      IDS.bank1,
      'access:CurrentVersions',
      terms,
    );
    const { access } = await network.submit<AccessResponse>(IDS.bank1, 'access:RecordAccess', {
      requestId: rid('access'),
      versions,
      ...terms,
    });
    assert.equal(access.outcome, 'granted');
    const { application: decided } = await decideApproved(network, application.applicationId, {
      accessIds: [access.accessId],
    });
    assert.equal(decided.status, 'approved');
    assert.deepEqual(decided.decision?.accessIds, [access.accessId]);
    assert.deepEqual(decided.decision?.attestedVersions, { TAX_CREDIT_RATING: versions.TAX_CREDIT_RATING });
    assert.equal(decided.decision?.consentId, application.consentId);
    assert.equal(decided.decision?.decidedBy, 'bank');
    const seen = await network.evaluate<ApplicationResponse>(IDS.shenghua, 'application:GetApplication', {
      applicationId: application.applicationId,
    });
    assert.deepEqual(seen.application, decided);
  });

  it('declines with reason codes', async () => {
    const network = await financingNetwork();
    const application = await apply(network, STRICT_LOAN.productId, 200_000, 6);
    const { application: declined } = await network.submit<ApplicationResponse>(
      IDS.bank1,
      'application:DecideApplication',
      {
        requestId: rid('decide'),
        applicationId: application.applicationId,
        outcome: 'declined',
        reasonCodes: ['TAX_RATING_BELOW_A'],
      },
    );
    assert.deepEqual([declined.status, declined.decision?.reasonCodes], ['declined', ['TAX_RATING_BELOW_A']]);
  });

  it('lets only the bank applied to decide, and shows the application to no other bank', async () => {
    const network = await financingNetwork();
    const application = await apply(network, STRICT_LOAN.productId, 200_000, 6);
    const before = network.snapshot();
    await assert.rejects(
      decideApproved(network, application.applicationId, {}, IDS.bank2),
      /^Error: NOT_AUTHORIZED: application .* another bank/,
    );
    await assert.rejects(
      network.submit(IDS.shenghua, 'application:DecideApplication', {
        requestId: rid('d'),
        applicationId: application.applicationId,
        outcome: 'approved',
      }),
      /^Error: NOT_AUTHORIZED/,
    );
    await assert.rejects(
      network.evaluate(IDS.bank2, 'application:GetApplication', { applicationId: application.applicationId }),
      /^Error: NOT_AUTHORIZED/,
    );
    await assert.rejects(
      network.evaluate(IDS.sunlux, 'application:GetApplication', {
        applicationId: application.applicationId,
      }),
      /^Error: NOT_AUTHORIZED/,
    );
    await assert.rejects(
      network.evaluate(IDS.bank2, 'application:ListApplicationsByBank', { bankMspId: 'Bank1MSP' }),
      /^Error: NOT_AUTHORIZED/,
    );
    assert.equal(network.snapshot(), before);
    const audited = await network.evaluate<Page<Application>>(
      IDS.auditor,
      'application:ListApplicationsByBank',
      { bankMspId: 'Bank1MSP' },
    );
    assert.deepEqual(
      audited.items.map((item) => item.applicationId),
      [application.applicationId],
    );
  });

  it('refuses a replayed decision with CONFLICT and replays a retried request id', async () => {
    const network = await financingNetwork();
    const application = await apply(network, STRICT_LOAN.productId, 200_000, 6);
    const request = {
      requestId: 'decide-retry-1',
      applicationId: application.applicationId,
      outcome: 'approved',
      amountYuan: 200_000,
      rateBps: 420,
      termMonths: 6,
    };
    const first = await network.submit(IDS.bank1, 'application:DecideApplication', request);
    assert.deepEqual(await network.submit(IDS.bank1, 'application:DecideApplication', request), first);
    await assert.rejects(
      decideApproved(network, application.applicationId),
      /^Error: CONFLICT: application .* was already approved/,
    );
    await assert.rejects(
      network.submit(IDS.bank1, 'application:DecideApplication', {
        ...request,
        outcome: 'declined',
        reasonCodes: ['X_Y'],
        amountYuan: undefined,
      }),
      /^Error: CONFLICT/,
    );
  });

  it('refuses a decision after the company revoked the consent mid-flow', async () => {
    const network = await financingNetwork();
    const application = await apply(network, STRICT_LOAN.productId, 200_000, 6);
    await network.submit(IDS.shenghua, 'consent:RevokeConsent', {
      requestId: rid('revoke'),
      consentId: application.consentId,
    });
    const before = network.snapshot();
    await assert.rejects(decideApproved(network, application.applicationId), /^Error: CONSENT_REVOKED/);
    assert.equal(network.snapshot(), before);
  });

  it('refuses a decision once the consent expired', async () => {
    const network = await financingNetwork();
    const application = await apply(network, STRICT_LOAN.productId, 200_000, 6);
    network.advance(31 * 24 * 3600);
    await assert.rejects(decideApproved(network, application.applicationId), /^Error: CONSENT_EXPIRED/);
  });

  it('refuses approved terms outside the product’s ranges and malformed decisions', async () => {
    const network = await financingNetwork();
    const application = await apply(network, STRICT_LOAN.productId, 200_000, 6);
    const id = application.applicationId;
    await assert.rejects(
      decideApproved(network, id, { amountYuan: 500_001 }),
      /amountYuan 500001 is outside/,
    );
    await assert.rejects(decideApproved(network, id, { rateBps: 299 }), /rateBps 299 is outside/);
    await assert.rejects(decideApproved(network, id, { termMonths: 13 }), /termMonths 13 is outside/);
    await assert.rejects(
      decideApproved(network, id, { rateBps: undefined }),
      /needs amountYuan, rateBps and termMonths/,
    );
    await assert.rejects(
      decideApproved(network, id, { outcome: 'maybe' }),
      /outcome must be approved or declined/,
    );
    await assert.rejects(
      decideApproved(network, id, { outcome: 'declined', reasonCodes: ['lower case'] }),
      /reasonCodes/,
    );
    await assert.rejects(
      decideApproved(network, id, { outcome: 'declined' }),
      /reasonCodes must be a non-empty array/,
    );
    await assert.rejects(decideApproved(network, 'no-such-application'), /^Error: NOT_FOUND/);
  });

  it('refuses accesses that are not the bank’s granted accesses under the application’s consent', async () => {
    const network = await financingNetwork();
    const application = await apply(network, STRICT_LOAN.productId, 200_000, 6);
    const other = await network.submit<ConsentResponse>(IDS.shenghua, 'consent:GrantConsent', {
      requestId: rid('grant'),
      uscc: USCC.shenghua,
      bankMspId: 'Bank1MSP',
      categories: ['TAX_CREDIT_RATING'],
      purpose: 'credit-review',
      validFrom: '2026-11-29T00:00:00Z',
      validUntil: '2026-12-29T00:00:00Z',
    });
    const { access } = await network.submit<AccessResponse>(IDS.bank1, 'access:RecordAccess', {
      requestId: rid('access'),
      consentId: other.consent.consentId,
      uscc: USCC.shenghua,
      categories: ['TAX_CREDIT_RATING'],
      purpose: 'credit-review',
    });
    await assert.rejects(
      decideApproved(network, application.applicationId, { accessIds: [access.accessId] }),
      /access .* is not a granted access under consent/,
    );
    await assert.rejects(
      decideApproved(network, application.applicationId, { accessIds: ['unknown-access'] }),
      /VALIDATION_FAILED/,
    );
  });
});
