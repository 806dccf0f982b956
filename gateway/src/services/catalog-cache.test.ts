import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { Category } from '@sme-credit-ledger/contract';
import { ApiError } from '../errors/problem';
import { testIdentities, FakeLedger } from '../testing/fake-ledger';
import { CatalogCache } from './catalog-cache';
import { CreditLedger } from './credit-ledger';

const TAX: Category = {
  code: 'TAX_PAYMENT',
  name: 'Tax',
  departments: ['TAX'],
  schemaVersion: 2,
  sensitivity: 'high',
};
const caller = testIdentities().get('gov/tax-officer');

function cacheOver(categories: Category[]): {
  cache: CatalogCache;
  ledger: FakeLedger;
  clock: { now: number };
} {
  const ledger = new FakeLedger().on('catalog:ListCategories', () => ({ items: categories }));
  const clock = { now: 1_000_000 };
  return { cache: new CatalogCache(new CreditLedger(ledger), () => clock.now), ledger, clock };
}

const reads = (ledger: FakeLedger): number =>
  ledger.calls.filter((call) => call.transaction === 'catalog:ListCategories').length;

describe('CatalogCache', () => {
  assert.ok(caller !== undefined);

  it('reads the catalog once for many requests that arrive together', async () => {
    const { cache, ledger } = cacheOver([TAX]);

    const found = await Promise.all(
      Array.from({ length: 32 }, () => cache.require(caller, 'TAX_PAYMENT', '/category')),
    );

    assert.equal(found.length, 32);
    assert.equal(reads(ledger), 1);
  });

  it('reads it again once the list is older than 30 s', async () => {
    const { cache, ledger, clock } = cacheOver([TAX]);
    await cache.require(caller, 'TAX_PAYMENT', '/category');

    clock.now += 29_000;
    await cache.require(caller, 'TAX_PAYMENT', '/category');
    clock.now += 2_000;
    await cache.require(caller, 'TAX_PAYMENT', '/category');

    assert.equal(reads(ledger), 2);
  });

  it('refuses an unknown category with the field, after one fresh read', async () => {
    const { cache, ledger } = cacheOver([TAX]);
    await cache.require(caller, 'TAX_PAYMENT', '/category');

    await assert.rejects(cache.require(caller, 'NO_SUCH', '/items/3/category'), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, 'UNKNOWN_CATEGORY');
      assert.equal(error.toProblem().field, '/items/3/category');
      return true;
    });
    assert.equal(reads(ledger), 2);
  });
});
