import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { Category, EligibilityRule, ProductType } from '@sme-credit-ledger/contract';
import { STARTER_CATALOG } from './catalog';
import { parseRule } from './eligibility-rules';
import {
  CompanyMatcher,
  countOutcomes,
  evaluateProduct,
  isEligible,
  clearsStraightThrough,
  matchOf,
  rankSummaries,
  type AttestedRecord,
} from './matching';
import type { MatchableProduct } from './matching-view';

const CATALOG = new Map<string, Category>(STARTER_CATALOG.map((category) => [category.code, category]));
const EVALUATED_AT = '2026-11-29T06:00:00.000Z';
const HASH = 'a'.repeat(64);

/** Conditions over every operator, shared by many products under different rule ids. */
const CONDITIONS: Record<string, unknown>[] = [
  { category: 'TAX_CREDIT_RATING', field: 'rating', op: 'in', value: ['A', 'B'] },
  { category: 'TAX_CREDIT_RATING', field: 'rating', op: 'in', value: ['A'] },
  { category: 'TAX_CREDIT_RATING', field: 'rating', op: 'not-in', value: ['D'] },
  { category: 'TAX_CREDIT_RATING', field: 'rating', op: '==', value: 'B' },
  { category: 'TAX_CREDIT_RATING', field: 'rating', op: '!=', value: 'C' },
  { category: 'TAX_CREDIT_RATING', field: 'year', op: 'exists' },
  { category: 'SOCIAL_INSURANCE', field: 'paidMonths', op: '>=', value: 12 },
  { category: 'SOCIAL_INSURANCE', field: 'paidMonths', op: '>=', value: 48 },
  { category: 'SOCIAL_INSURANCE', field: 'paidMonths', op: '<=', value: 40 },
  { category: 'SOCIAL_INSURANCE', field: 'paidMonths', op: '>=', value: 12, maxAgeMonths: 1 },
  { category: 'SOCIAL_INSURANCE', field: 'arrears', op: '==', value: false },
  { category: 'COURT_ENFORCEMENT', field: 'lastEnforcementDate', op: 'within-last-months', value: 24 },
  { category: 'COURT_ENFORCEMENT', field: 'lastEnforcementDate', op: 'not-within-last-months', value: 24 },
  { category: 'COURT_ENFORCEMENT', field: 'lastEnforcementDate', op: 'not-within-last-months', value: 6 },
  { category: 'BUSINESS_REGISTRATION', field: 'established', op: '<=', value: '2020-01-01' },
  { category: 'PATENTS', field: 'invention', op: '>=', value: 1 },
  { category: 'CUSTOMS_CREDIT_RATING', field: 'rating', op: 'exists' },
];

/** Shenghua-like: B rating, 36 months, an enforcement 22 months ago, registration erased, no patents. */
const RECORDS = new Map<string, AttestedRecord>([
  [
    'TAX_CREDIT_RATING',
    { version: 1, hash: HASH, effectiveDate: '2026-10-01', record: { year: 2025, rating: 'B' } },
  ],
  ['SOCIAL_INSURANCE', { version: 3, hash: HASH, effectiveDate: '2026-10-01', record: { paidMonths: 36 } }],
  [
    'COURT_ENFORCEMENT',
    {
      version: 2,
      hash: HASH,
      effectiveDate: '2026-10-01',
      record: { openCases: 0, lastEnforcementDate: '2025-01-10' },
    },
  ],
  ['BUSINESS_REGISTRATION', { version: 1, hash: HASH, effectiveDate: '2016-04-12' }],
]);

const TYPES: ProductType[] = ['supply-chain', 'trade', 'working-capital', 'credit-line'];

/** A view entry of `index`: 1-4 shared conditions, a quarter with a scorecard, some naming fewer categories. */
function product(index: number): MatchableProduct {
  const rules: EligibilityRule[] = Array.from({ length: 1 + (index % 4) }, (_, n) =>
    parseRule(
      { id: `rule-${index}-${n}`, ...CONDITIONS[(index * 7 + n * 5) % CONDITIONS.length] },
      n,
      CATALOG,
    ),
  );
  if (index % 11 === 0) {
    // A field the catalog no longer has: the rule fails closed.
    rules.push({ id: 'gone', category: 'TAX_CREDIT_RATING', field: 'grade', op: 'exists' });
  }
  const categories = [...new Set(rules.map((rule) => rule.category))].sort();
  return {
    bankMspId: index % 3 === 0 ? 'Bank2MSP' : 'Bank1MSP',
    productId: `p-${String(index).padStart(3, '0')}`,
    version: 1 + (index % 2),
    name: `Offer ${index}`,
    type: TYPES[index % TYPES.length] ?? 'trade',
    // A crafted entry whose rules name a category its consent lacks: the evaluation says needs-consent.
    categories: index % 13 === 0 ? categories.slice(1) : categories,
    rules,
    rateBps: { min: 300 + (index % 7) * 10 },
    ...(index % 4 === 0 ? { straightThrough: { minScore: 20 + (index % 50) } } : {}),
  };
}

const PRODUCTS = Array.from({ length: 240 }, (_, index) => product(index));

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The ranking as it was before summaries: every product fully evaluated, compared on its evaluation. */
function rankedByEvaluation(allowed: (category: string) => boolean): string[] {
  const full = PRODUCTS.map((item) => ({
    item,
    evaluation: evaluateProduct(item, 'U', CATALOG, RECORDS, allowed, EVALUATED_AT),
  }));
  const unusable = (counts: Record<string, number>): number =>
    (counts['needs-consent'] ?? 0) + (counts['not-attested'] ?? 0) + (counts.stale ?? 0);
  return full
    .map(({ item, evaluation }) => ({ item, evaluation, counts: countOutcomes(evaluation) }))
    .sort(
      (a, b) =>
        Number(isEligible(b.evaluation)) - Number(isEligible(a.evaluation)) ||
        a.counts.failed - b.counts.failed ||
        unusable(a.counts) - unusable(b.counts) ||
        b.evaluation.score.score - a.evaluation.score.score ||
        a.item.rateBps.min - b.item.rateBps.min ||
        order(a.item.bankMspId, b.item.bankMspId) ||
        order(a.item.productId, b.item.productId),
    )
    .map(({ item }) => `${item.bankMspId}/${item.productId}`);
}

const SCOPES: [string, (category: string) => boolean][] = [
  ['every category', () => true],
  ['without social insurance', (category) => category !== 'SOCIAL_INSURANCE'],
  ['tax rating only', (category) => category === 'TAX_CREDIT_RATING'],
];

describe('matching summaries', () => {
  for (const [scope, allowed] of SCOPES) {
    it(`count exactly what each product's full evaluation says (${scope})`, () => {
      const matcher = new CompanyMatcher('U', CATALOG, RECORDS, allowed, EVALUATED_AT);
      const seen = new Set<string>();
      for (const item of PRODUCTS) {
        const summary = matcher.summarize(item);
        const evaluation = evaluateProduct(item, 'U', CATALOG, RECORDS, allowed, EVALUATED_AT);
        evaluation.rules.forEach((rule) => seen.add(rule.outcome));
        assert.deepEqual(summary.counts, countOutcomes(evaluation), item.productId);
        assert.equal(summary.eligible, isEligible(evaluation), item.productId);
        assert.equal(summary.straightThrough, clearsStraightThrough(item, evaluation), item.productId);
        assert.equal(summary.score, evaluation.score.score, item.productId);
        assert.deepEqual(matcher.evaluate(item), evaluation, item.productId);
      }
      if (scope === 'every category') {
        // The set covers every outcome, or the comparison above proves less than it says.
        assert.deepEqual([...seen].sort(), ['failed', 'needs-consent', 'not-attested', 'passed', 'stale']);
      }
    });

    it(`rank in the order of the full evaluations (${scope})`, () => {
      const matcher = new CompanyMatcher('U', CATALOG, RECORDS, allowed, EVALUATED_AT);
      const ranked = rankSummaries(PRODUCTS.map((item) => matcher.summarize(item)));
      assert.deepEqual(
        ranked.map(({ product: item }) => `${item.bankMspId}/${item.productId}`),
        rankedByEvaluation(allowed),
      );
    });
  }

  it('answers an item with its rank, full evaluation and the counts of that evaluation', () => {
    const matcher = new CompanyMatcher('U', CATALOG, RECORDS, () => true, EVALUATED_AT);
    const first = rankSummaries(PRODUCTS.map((item) => matcher.summarize(item)))[0];
    assert.ok(first);
    const match = matchOf(first.product, matcher.evaluate(first.product), 'ICBC', 1);
    assert.equal(match.rank, 1);
    assert.equal(match.bankName, 'ICBC');
    assert.deepEqual(match.counts, first.counts);
    assert.equal(match.eligible, first.eligible);
    assert.equal(match.evaluation.rules.length, first.product.rules.length);
  });
});
