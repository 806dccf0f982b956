import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { Product } from '@sme-credit-ledger/contract';
import {
  applicableOf,
  SHARDS_PER_BANK,
  shardOf,
  updateShard,
  viewEntryOf,
  type MatchableProduct,
} from './matching-view';

function product(productId: string, change: Partial<Product> = {}): Product {
  return {
    productId,
    name: `Loan ${productId}`,
    type: 'trade',
    amountYuan: { min: 1, max: 10 },
    termMonths: { min: 1, max: 12 },
    rateBps: { min: 300, max: 600 },
    rules: [{ id: 'tax', category: 'TAX_CREDIT_RATING', field: 'rating', op: 'in', value: ['A'] }],
    straightThrough: { minScore: 50, rateBps: 400 },
    bankMspId: 'Bank1MSP',
    version: 1,
    status: 'active',
    categories: ['TAX_CREDIT_RATING'],
    purpose: 'trade',
    scorecardVersion: 1,
    txId: 'tx',
    publishedAt: '2026-11-01T00:00:00.000Z',
    ...change,
  };
}

describe('matching view', () => {
  it('spreads product ids over every shard, the same shard each time', () => {
    const shards = new Set(Array.from({ length: 400 }, (_, i) => shardOf(`bench-product-${i}`)));
    assert.equal(shards.size, SHARDS_PER_BANK);
    assert.equal(shardOf('supply-chain-loan'), shardOf('supply-chain-loan'));
    assert.match(shardOf('ip-loan'), /^0[0-9a-f]$/);
  });

  it('keeps what matching and Apply read, not the product history', () => {
    const entry = viewEntryOf(product('p1', { consentDays: 60 }));
    assert.deepEqual(Object.keys(entry).sort(), [
      'amountYuan',
      'bankMspId',
      'categories',
      'consentDays',
      'name',
      'productId',
      'purpose',
      'rateBps',
      'rules',
      'straightThrough',
      'termMonths',
      'type',
      'version',
    ]);
    assert.deepEqual(
      [entry.rateBps, entry.straightThrough],
      [
        { min: 300, max: 600 },
        { minScore: 50, rateBps: 400 },
      ],
    );
    const plain = viewEntryOf(product('p2', { straightThrough: undefined }));
    assert.equal('straightThrough' in plain, false);
    assert.equal('consentDays' in plain, false);
  });

  it('serves Apply an entry with its terms as active, and nothing for an entry written before terms', () => {
    assert.equal(applicableOf(viewEntryOf(product('p1')))?.status, 'active');
    const older = Object.fromEntries(
      Object.entries(viewEntryOf(product('p1'))).filter(
        ([name]) => !['amountYuan', 'termMonths', 'purpose'].includes(name),
      ),
    ) as unknown as MatchableProduct;
    assert.equal(applicableOf({ ...older, rateBps: { min: 300 } }), undefined);
  });

  it('puts in, replaces a version, takes out a withdrawal, ordered by product id', () => {
    const one = updateShard(undefined, product('b'));
    const two = updateShard(one, product('a'));
    assert.deepEqual(
      two.products.map((p) => p.productId),
      ['a', 'b'],
    );
    const replaced = updateShard(two, product('b', { version: 2 }));
    assert.deepEqual(
      replaced.products.map((p) => [p.productId, p.version]),
      [
        ['a', 1],
        ['b', 2],
      ],
    );
    const withdrawn = updateShard(replaced, product('a', { status: 'withdrawn' }));
    assert.deepEqual(
      withdrawn.products.map((p) => p.productId),
      ['b'],
    );
    assert.deepEqual(updateShard(undefined, product('c', { status: 'withdrawn' })).products, []);
  });
});
