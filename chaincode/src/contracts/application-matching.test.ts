import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  bankCollection,
  PLATFORM_INDEX_COLLECTION,
  PUBLIC_KEY_FAMILIES,
  type ApplicationResponse,
} from '@sme-credit-ledger/contract';
import { attest, IDS, USCC, type FakeNetwork } from '../testing/fake-network';
import {
  financingNetwork,
  IP_LOAN,
  itemOf,
  match,
  publish,
  rid,
  STRICT_LOAN,
  SUPPLY_CHAIN_LOAN,
} from '../testing/financing-fixtures';

/** What a bank can see of the ledger: public state, its own collection and the events. */
function bankView(network: FakeNetwork, bankMspId: string): string {
  const own = network.world.privateData.get(bankCollection(bankMspId)) ?? new Map();
  return JSON.stringify({ state: [...network.world.state], own: [...own], events: network.world.events });
}

describe('matching', () => {
  it('ranks every active product with a per-rule outcome, the bank’s display name and a score', async () => {
    const network = await financingNetwork();
    const response = await match(network);
    assert.equal(response.total, 3);
    assert.deepEqual(
      response.items.map((item) => [item.rank, item.productId, item.eligible]),
      [
        [1, 'supply-chain-loan', true],
        [2, 'ip-loan', false],
        [3, 'a-rated-only', false],
      ],
    );
    const supply = itemOf(response, SUPPLY_CHAIN_LOAN.productId);
    assert.equal(supply.bankName, 'ICBC');
    assert.equal(supply.straightThrough, true);
    assert.deepEqual(
      supply.evaluation.rules.map((rule) => rule.outcome),
      ['passed', 'passed', 'passed'],
    );
    assert.equal(supply.evaluation.score.score, 73); // B 18 + 36 months 20 + no cases 20 + 10 years 15
    assert.deepEqual(itemOf(response, 'ip-loan').evaluation.rules[0]?.outcome, 'not-attested');
    const strict = itemOf(response, 'a-rated-only').evaluation.rules[0];
    assert.deepEqual([strict?.outcome, strict?.detail], ['failed', 'rating == "A" does not hold']);
  });

  it('says needs-consent for a category the company keeps out of matching, and reads nothing of it', async () => {
    const network = await financingNetwork();
    const response = await match(network, { categories: ['TAX_CREDIT_RATING', 'COURT_ENFORCEMENT'] });
    const supply = itemOf(response, SUPPLY_CHAIN_LOAN.productId);
    assert.deepEqual(
      supply.evaluation.rules.map((rule) => rule.outcome),
      ['passed', 'passed', 'needs-consent'],
    );
    assert.deepEqual(
      supply.evaluation.inputs.map((input) => input.category),
      ['COURT_ENFORCEMENT', 'TAX_CREDIT_RATING'],
    );
    assert.ok(
      supply.evaluation.score.factors.every((f) => f.hash === undefined || f.category !== 'SOCIAL_INSURANCE'),
    );
    assert.equal(supply.straightThrough, false);
  });

  it('filters by product type and limits the answer', async () => {
    const network = await financingNetwork();
    const ip = await match(network, { types: ['ip-backed'] });
    assert.deepEqual(
      ip.items.map((item) => item.productId),
      ['ip-loan'],
    );
    const bank2 = await match(network, { bankMspId: 'Bank2MSP' });
    assert.deepEqual(
      bank2.items.map((item) => item.productId),
      ['ip-loan'],
    );
    const chosen = await match(network, { productIds: ['a-rated-only', 'ip-loan'] });
    assert.deepEqual(chosen.items.map((item) => item.productId).sort(), ['a-rated-only', 'ip-loan']);
    await assert.rejects(match(network, { productIds: ['Not An Id'] }), /productId must be/);
    const top = await match(network, { limit: 1 });
    assert.deepEqual([top.total, top.items.length], [3, 1]);
    await assert.rejects(
      match(network, { limit: 1_001 }),
      /^Error: LIMIT_EXCEEDED: limit must be between 1 and 1000/,
    );
  });

  it('leaves out withdrawn products and ranks the new version', async () => {
    const network = await financingNetwork();
    await network.submit(IDS.bank1, 'product:WithdrawProduct', {
      requestId: rid('w'),
      productId: STRICT_LOAN.productId,
    });
    await publish(network, IDS.bank2, {
      ...IP_LOAN,
      rules: [{ ...IP_LOAN.rules[0], op: 'exists', value: undefined }],
    });
    const response = await match(network);
    assert.deepEqual(
      response.items.map((item) => [item.productId, item.productVersion]),
      [
        ['supply-chain-loan', 1],
        ['ip-loan', 2],
      ],
    );
  });

  it('is for the company itself only', async () => {
    const network = await financingNetwork();
    await assert.rejects(match(network, {}, IDS.bank1 as never), /^Error: NOT_AUTHORIZED/);
    await assert.rejects(
      match(network, {}, IDS.sunlux as never),
      /^Error: NOT_AUTHORIZED: company .* cannot act for/,
    );
    await assert.rejects(match(network, {}, IDS.auditor as never), /^Error: NOT_AUTHORIZED/);
  });

  it('teaches a bank nothing: its state, collection, events and queries are identical before and after', async () => {
    const network = await financingNetwork();
    const before = [bankView(network, 'Bank1MSP'), bankView(network, 'Bank2MSP')];
    const listed = async (): Promise<unknown[]> => [
      await network.evaluate(IDS.bank1, 'application:ListApplicationsByBank', { bankMspId: 'Bank1MSP' }),
      await network.evaluate(IDS.bank1, 'consent:ListConsentsByBank', { bankMspId: 'Bank1MSP' }),
      await network.evaluate(IDS.bank1, 'product:ListProducts', {}),
    ];
    const queriesBefore = await listed();
    const index = JSON.stringify([...(network.world.privateData.get(PLATFORM_INDEX_COLLECTION) ?? [])]);
    await match(network);
    await match(network, { categories: ['TAX_CREDIT_RATING'] });
    assert.deepEqual([bankView(network, 'Bank1MSP'), bankView(network, 'Bank2MSP')], before);
    assert.deepEqual(await listed(), queriesBefore);
    assert.equal(
      JSON.stringify([...(network.world.privateData.get(PLATFORM_INDEX_COLLECTION) ?? [])]),
      index,
    );
  });
});

describe('evaluations over time', () => {
  it('keeps a department’s later attestation out of an earlier evaluation', async () => {
    const network = await financingNetwork();
    const item = itemOf(await match(network), STRICT_LOAN.productId);
    await attest(network, IDS.tax, USCC.shenghua, 'TAX_CREDIT_RATING', { year: 2026, rating: 'A' });
    const { application } = await network.submit<ApplicationResponse>(IDS.shenghua, 'application:Apply', {
      requestId: rid('apply'),
      evaluation: item.evaluation,
      evaluationTag: item.evaluationTag,
      amountYuan: 100_000,
      termMonths: 6,
    });
    assert.equal(application.evaluation.inputs[0]?.version, 1, 'the bank sees what was evaluated');
    const rematched = itemOf(await match(network), STRICT_LOAN.productId);
    assert.equal(rematched.eligible, true);
    assert.equal(rematched.evaluation.inputs[0]?.version, 2);
  });
});

describe('what an application’s block shows', () => {
  it('Apply reads no public key naming the company or the product it applies for', async () => {
    const network = await financingNetwork();
    const item = itemOf(await match(network), STRICT_LOAN.productId);
    await network.submit<ApplicationResponse>(IDS.shenghua, 'application:Apply', {
      requestId: rid('apply'),
      evaluation: item.evaluation,
      evaluationTag: item.evaluationTag,
      amountYuan: 100_000,
      termMonths: 6,
    });
    const reads = network.lastLedger?.reads ?? [];
    assert.ok(reads.length > 0);
    assert.deepEqual(
      reads.filter((key) => key.includes(USCC.shenghua) || key.includes(STRICT_LOAN.productId)),
      [],
    );
    assert.ok(!reads.some((key) => key.includes('attestation')), 'no attested data is re-read');
    const families: string[] = [PUBLIC_KEY_FAMILIES.product, PUBLIC_KEY_FAMILIES.matchingShard];
    assert.deepEqual(
      reads.filter((key) => families.includes(key.split('\u0000')[1] ?? '')),
      [],
      'the product comes from a range read of the bank’s whole view, not a key of its own',
    );
  });

  it('applies over view entries written before the view held terms, from the bank’s product list', async () => {
    const network = await financingNetwork();
    for (const [key, value] of network.world.state) {
      if (key.split('\u0000')[1] !== PUBLIC_KEY_FAMILIES.matchingShard) continue;
      const shard = JSON.parse(value) as { products: Record<string, unknown>[] };
      const terms = ['amountYuan', 'termMonths', 'purpose', 'consentDays'];
      const older = shard.products.map((entry) =>
        Object.fromEntries(Object.entries(entry).filter(([name]) => !terms.includes(name))),
      );
      network.world.state.set(key, JSON.stringify({ ...shard, products: older }));
    }
    const item = itemOf(await match(network), SUPPLY_CHAIN_LOAN.productId);
    const { application } = await network.submit<ApplicationResponse>(IDS.shenghua, 'application:Apply', {
      requestId: rid('apply'),
      evaluation: item.evaluation,
      evaluationTag: item.evaluationTag,
      amountYuan: 1_120_000,
      termMonths: 12,
    });
    assert.equal(application.status, 'approved');
    assert.deepEqual(application.terms.rateBps, SUPPLY_CHAIN_LOAN.rateBps);
    assert.equal(application.decision?.rateBps, SUPPLY_CHAIN_LOAN.straightThrough.rateBps);
  });
});
