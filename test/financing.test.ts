import { SUPPLY_CHAIN_LOAN } from '@sme-credit-ledger/chaincode/testing';
import {
  invocationName,
  TRANSIENT_FIELDS,
  type ApplicationResponse,
  type AttestResponse,
  type MatchProductsResponse,
  type Page,
  type Application,
  type ProductResponse,
} from '@sme-credit-ledger/contract';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertRefused, LedgerCaller } from './support/ledger-caller';
import { ensureNetwork, type TestProfile } from './support/network-cli';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(600_000);

// The launch-day journey on the live network: a bank publishes, a company matches on the gov peer, applies,
// and is approved straight through; a bank learns nothing of the matching; only the bank applied to decides.
const SHENGHUA = '91441300MA4UQ7R20Q';
const BANK1 = 'bank1/officer';
const BANK2 = 'bank2/officer';
const COMPANY = 'gov/shenghua';

/** Bank1's gateway may reach the gov peer before it committed the company's application: retry briefly. */
async function retryNotFound<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= 10 || !/NOT_FOUND/.test(`${String(error)} ${JSON.stringify(error)}`)) throw error;
      await sleep(300);
    }
  }
}

describe('financing on the live network', () => {
  let profile: TestProfile;
  let ledger: LedgerCaller;
  const run = randomUUID().slice(0, 8);
  const rid = (): string => `fin-${randomUUID()}`;
  const products = {
    straight: `supply-chain-${run}`,
    manual: `working-capital-${run}`,
  };

  /** The launch day's supply-chain loan (the chaincode's fixture), straight-through or decided by the bank. */
  function product(productId: string, straightThrough: boolean): Record<string, unknown> {
    const { straightThrough: automatic, ...terms } = SUPPLY_CHAIN_LOAN;
    return straightThrough
      ? { ...terms, productId, straightThrough: automatic }
      : { ...terms, productId, type: 'working-capital' };
  }

  async function attest(identity: string, category: string, record: object): Promise<void> {
    await ledger.submit(
      identity,
      invocationName('attestation', 'Attest'),
      { requestId: rid(), uscc: SHENGHUA, category, schemaVersion: 1, effectiveDate: '2026-10-01' },
      {
        [TRANSIENT_FIELDS.record]: JSON.stringify(record),
        [TRANSIENT_FIELDS.salt]: randomBytes(16).toString('hex'),
      },
    );
  }

  const match = (): Promise<MatchProductsResponse> =>
    ledger.evaluate<MatchProductsResponse>(COMPANY, invocationName('application', 'MatchProducts'), {
      uscc: SHENGHUA,
      // This run's products only: a ledger the matching bench ran on holds thousands more.
      bankMspId: 'Bank1MSP',
      productIds: [products.straight, products.manual],
    });

  async function apply(productId: string, amountYuan: number): Promise<Application> {
    const item = (await match()).items.find((candidate) => candidate.productId === productId);
    assert.ok(item, `${productId} is matched`);
    const response = await ledger.submit<ApplicationResponse>(
      COMPANY,
      invocationName('application', 'Apply'),
      {
        requestId: rid(),
        evaluation: item.evaluation,
        evaluationTag: item.evaluationTag,
        amountYuan,
        termMonths: 12,
      },
    );
    return response.application;
  }

  /** The bank's own peer: the channel height (no block, no event) and the bank's own lists. */
  async function bankView(bank: string): Promise<unknown[]> {
    const qscc = ledger.connection(bank).gateway.getNetwork(profile.channel).getContract('qscc');
    const info = Buffer.from(await qscc.evaluateTransaction('GetChainInfo', profile.channel)).toString(
      'base64',
    );
    const bankMspId = bank === BANK1 ? 'Bank1MSP' : 'Bank2MSP';
    const lists = await Promise.all([
      ledger.evaluate(bank, invocationName('application', 'ListApplicationsByBank'), { bankMspId }),
      ledger.evaluate(bank, invocationName('consent', 'ListConsentsByBank'), { bankMspId }),
      ledger.evaluate(bank, invocationName('product', 'ListProducts'), { bankMspId: 'Bank1MSP' }),
    ]);
    return [info, lists];
  }

  beforeAll(async () => {
    profile = await ensureNetwork();
    ledger = new LedgerCaller(profile);
    await ledger.seedCompany(SHENGHUA);
    await attest('gov/tax-officer', 'TAX_CREDIT_RATING', { year: 2025, rating: 'B' });
    await attest('gov/court-officer', 'COURT_ENFORCEMENT', { openCases: 0, dishonestDebtor: false });
    await attest('gov/hrss-officer', 'SOCIAL_INSURANCE', { paidMonths: 36, insuredEmployees: 120 });
    await attest('gov/samr-officer', 'BUSINESS_REGISTRATION', {
      status: 'active',
      registeredCapitalYuan: 50_000_000,
      established: '2016-04-12',
    });
    await ledger.submit(BANK1, invocationName('product', 'SetInstitutionProfile'), {
      requestId: rid(),
      displayName: 'ICBC',
    });
    for (const [productId, straight] of [
      [products.straight, true],
      [products.manual, false],
    ] as const) {
      const { product: published } = await ledger.submit<ProductResponse>(
        BANK1,
        invocationName('product', 'PublishProduct'),
        { requestId: rid(), product: product(productId, straight) },
      );
      assert.equal(published.status, 'active');
    }
    // Matching evaluates on the gov peer, which must have committed the products and records first.
    for (let attempt = 0; attempt < 25; attempt += 1) {
      const items = (await match()).items.map((item) => item.productId);
      if (items.includes(products.straight) && items.includes(products.manual)) break;
      await sleep(200);
    }
  });

  afterAll(() => ledger?.close());

  it('ranks the bank’s products for the company, with per-rule outcomes and the bank’s name', async () => {
    const item = (await match()).items.find((candidate) => candidate.productId === products.straight);
    assert.ok(item);
    assert.equal(item.bankName, 'ICBC');
    assert.deepEqual(
      item.evaluation.rules.map((rule) => rule.outcome),
      ['passed', 'passed', 'passed'],
    );
    assert.equal(item.straightThrough, true);
  });

  it('teaches the banks nothing: their peers’ height, lists and events are the same before and after matching', async () => {
    const before = [await bankView(BANK1), await bankView(BANK2)];
    await match();
    await match();
    await sleep(1_000);
    assert.deepEqual([await bankView(BANK1), await bankView(BANK2)], before);
  });

  it('approves straight through in the transaction that applies', async () => {
    const started = performance.now();
    const application = await apply(products.straight, 1_120_000);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(application.status, 'approved');
    assert.deepEqual(
      [application.decision?.decidedBy, application.decision?.amountYuan, application.decision?.rateBps],
      ['straight-through', 1_120_000, 385],
    );
    console.log(`# match + apply to recorded decision: ${seconds.toFixed(2)} s`);
    const reported = await retryNotFound(() =>
      ledger.submit<AttestResponse>(
        BANK1,
        invocationName('application', 'ReportLoanOutcome'),
        { requestId: rid(), applicationId: application.applicationId },
        {
          [TRANSIENT_FIELDS.record]: JSON.stringify({
            applicationId: application.applicationId,
            status: 'disbursed',
            amountYuan: 1_120_000,
            outstandingYuan: 1_120_000,
            asOf: '2026-12-02',
          }),
          [TRANSIENT_FIELDS.salt]: randomBytes(16).toString('hex'),
        },
      ),
    );
    assert.equal(reported.attestation.category, 'LOAN_OUTCOMES_BANK1MSP');
    await assertRefused(
      ledger.evaluate(BANK2, invocationName('application', 'GetApplication'), {
        applicationId: application.applicationId,
      }),
      'NOT_AUTHORIZED',
    );
  });

  it('lets only the bank applied to decide, once', async () => {
    const application = await apply(products.manual, 300_000);
    assert.equal(application.status, 'submitted');
    const decide = (bank: string) =>
      ledger.submit<ApplicationResponse>(bank, invocationName('application', 'DecideApplication'), {
        requestId: rid(),
        applicationId: application.applicationId,
        outcome: 'approved',
        amountYuan: 300_000,
        rateBps: 420,
        termMonths: 12,
      });
    await assertRefused(decide(BANK2), 'NOT_AUTHORIZED');
    const decided = await retryNotFound(() => decide(BANK1));
    assert.equal(decided.application.status, 'approved');
    await assertRefused(decide(BANK1), 'CONFLICT');
    const listed = await ledger.evaluate<Page<Application>>(
      BANK1,
      invocationName('application', 'ListApplicationsByBank'),
      {
        bankMspId: 'Bank1MSP',
        pageSize: 100,
      },
    );
    assert.ok(listed.items.length >= 1);
  });
});
