import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { Category, Product } from '@sme-credit-ledger/contract';
import { SUPPLY_CHAIN_LOAN } from '../testing/product-fixtures';
import { STARTER_CATALOG } from './catalog';
import { CompanyMatcher, evaluateProduct, rankSummaries, type AttestedRecord } from './matching';
import {
  parseProductTerms,
  productCategories,
  publishProduct,
  requireWithin,
  withdrawProduct,
} from './product-rules';

const CATALOG = new Map<string, Category>(STARTER_CATALOG.map((category) => [category.code, category]));
const TX = { txId: 'tx1', txTime: '2026-11-29T06:00:00.000Z' };

function product(fields: Record<string, unknown> = {}): Product {
  return publishProduct(
    parseProductTerms({ ...SUPPLY_CHAIN_LOAN, straightThrough: undefined, ...fields }, CATALOG),
    'Bank1MSP',
    undefined,
    TX,
  );
}

describe('products', () => {
  it('publishes version 1 with the consent purpose of its type and the categories of its rules', () => {
    const published = product();
    assert.equal(published.version, 1);
    assert.equal(published.status, 'active');
    assert.equal(published.purpose, 'supply-chain');
    assert.deepEqual(published.categories, ['COURT_ENFORCEMENT', 'SOCIAL_INSURANCE', 'TAX_CREDIT_RATING']);
    assert.equal(publishProduct(published, 'Bank1MSP', published, { ...TX, txId: 'tx2' }).version, 2);
  });

  it('a straight-through product also consents to the scorecard categories', () => {
    const published = product({ straightThrough: { minScore: 40, rateBps: 400 } });
    assert.deepEqual(published.categories, [
      'BUSINESS_REGISTRATION',
      'COURT_ENFORCEMENT',
      'CUSTOMS_CREDIT_RATING',
      'PATENTS',
      'SOCIAL_INSURANCE',
      'TAX_CREDIT_RATING',
    ]);
  });

  it('maps ip-backed to the ip-financing purpose', () => {
    assert.equal(product({ type: 'ip-backed' }).purpose, 'ip-financing');
  });

  it('refuses malformed offers', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ productId: 'A B' }, /productId/],
      [{ type: 'mortgage' }, /type must be one of/],
      [{ amountYuan: { min: 10, max: 1 } }, /amountYuan.min must not exceed/],
      [{ termMonths: { min: 0, max: 12 } }, /termMonths/],
      [{ rateBps: 400 }, /rateBps must be an object/],
      [{ straightThrough: { minScore: 50, rateBps: 900 } }, /straightThrough/],
      [{ straightThrough: { minScore: 101, rateBps: 400 } }, /LIMIT_EXCEEDED|straightThrough/],
      [{ rules: [] }, /rules must be a non-empty array/],
      [{ rules: [{ id: 'x', category: 'NOPE', field: 'a', op: 'exists' }] }, /UNKNOWN_CATEGORY/],
      [{ name: '' }, /name is required/],
    ];
    for (const [change, error] of cases) {
      assert.throws(() => product(change), error, JSON.stringify(change));
    }
  });

  it('withdraws once; a second withdrawal is CONFLICT', () => {
    const withdrawn = withdrawProduct(product(), { txId: 'tx9', txTime: TX.txTime }, 'rates changed');
    assert.equal(withdrawn.status, 'withdrawn');
    assert.deepEqual(withdrawn.withdrawal, { reason: 'rates changed', txId: 'tx9', at: TX.txTime });
    assert.throws(() => withdrawProduct(withdrawn, TX, undefined), /^Error: CONFLICT/);
  });

  it('checks amounts inside the range, boundaries included', () => {
    const range = { min: 100, max: 200 };
    assert.equal(requireWithin('amountYuan', 100, range), 100);
    assert.equal(requireWithin('amountYuan', 200, range), 200);
    assert.throws(() => requireWithin('amountYuan', 99, range), /outside the product's range 100-200/);
    assert.throws(() => requireWithin('amountYuan', 201, range), /VALIDATION_FAILED/);
  });

  it('refuses a product whose consent would exceed 20 categories', () => {
    const codes = STARTER_CATALOG.filter((c) => (c.fields ?? []).length > 0).map((c) => c.code);
    const rules = codes.slice(0, 20).map((category, i) => ({
      id: `r${i}`,
      category,
      field: CATALOG.get(category)?.fields?.[0]?.name,
      op: 'exists',
    }));
    const terms = parseProductTerms({ ...SUPPLY_CHAIN_LOAN, rules, straightThrough: undefined }, CATALOG);
    assert.equal(productCategories(terms).length, 20);
  });
});

describe('matching', () => {
  const records = (rating: string): Map<string, AttestedRecord> =>
    new Map([
      [
        'TAX_CREDIT_RATING',
        { version: 1, hash: 'a'.repeat(64), effectiveDate: '2026-10-01', record: { rating } },
      ],
      [
        'COURT_ENFORCEMENT',
        { version: 2, hash: 'b'.repeat(64), effectiveDate: '2026-10-01', record: { openCases: 0 } },
      ],
      [
        'SOCIAL_INSURANCE',
        { version: 1, hash: 'c'.repeat(64), effectiveDate: '2026-10-01', record: { paidMonths: 36 } },
      ],
    ]);

  it('evaluates only the product categories the company allows, and records their versions and hashes', () => {
    const evaluation = evaluateProduct(
      product(),
      'U',
      CATALOG,
      records('A'),
      (c) => c !== 'COURT_ENFORCEMENT',
      TX.txTime,
    );
    assert.deepEqual(
      evaluation.rules.map((rule) => rule.outcome),
      ['passed', 'needs-consent', 'passed'],
    );
    assert.deepEqual(evaluation.inputs, [
      { category: 'SOCIAL_INSURANCE', version: 1, hash: 'c'.repeat(64), effectiveDate: '2026-10-01' },
      { category: 'TAX_CREDIT_RATING', version: 1, hash: 'a'.repeat(64), effectiveDate: '2026-10-01' },
    ]);
  });

  it('ranks eligible first, then fewer failures, then fewer unusable rules, then lower rates', () => {
    const all = (): boolean => true;
    const cheap = product({ productId: 'cheap', rateBps: { min: 300, max: 500 } });
    const dear = product({ productId: 'dear' });
    const strict = product({
      productId: 'strict',
      rules: [{ id: 'a-only', category: 'TAX_CREDIT_RATING', field: 'rating', op: 'in', value: ['A'] }],
    });
    const unknown = product({
      productId: 'needs-patents',
      rules: [{ id: 'patents', category: 'PATENTS', field: 'invention', op: '>=', value: 1 }],
    });
    const matcher = new CompanyMatcher('U', CATALOG, records('B'), all, TX.txTime);
    const ranked = rankSummaries([dear, unknown, strict, cheap].map((item) => matcher.summarize(item)));
    assert.deepEqual(
      ranked.map((m, index) => [index + 1, m.product.productId, m.eligible]),
      [
        [1, 'cheap', true],
        [2, 'dear', true],
        [3, 'needs-patents', false],
        [4, 'strict', false],
      ],
    );
    assert.equal(ranked[2]?.counts['not-attested'], 1);
    assert.equal(ranked[3]?.counts.failed, 1);
  });
});
