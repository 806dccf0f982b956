import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type {
  Category,
  DefineCategoryResponse,
  LoadStarterCatalogResponse,
} from '@sme-credit-ledger/contract';
import { STARTER_CATALOG } from '../domain/catalog';
import { FakeNetwork, IDS } from '../testing/fake-network';

describe('catalog contract', () => {
  it('loads the starter catalog once and reports it unchanged the second time', async () => {
    const network = new FakeNetwork();
    const first = await network.submit<LoadStarterCatalogResponse>(
      IDS.catalogAdmin,
      'catalog:LoadStarterCatalog',
      {},
    );
    const again = await network.submit<LoadStarterCatalogResponse>(
      IDS.catalogAdmin,
      'catalog:LoadStarterCatalog',
      {},
    );
    assert.equal(first.defined.length, STARTER_CATALOG.length);
    assert.deepEqual(again, { defined: [], unchanged: STARTER_CATALOG.map((category) => category.code) });
    assert.equal(network.lastLedger?.writes.length, 0);
  });

  it('defines a new category and treats an identical definition as a no-op', async () => {
    const network = new FakeNetwork();
    const category: Category = {
      code: 'EXPORT_LICENCES',
      name: 'Export licences',
      departments: ['CUSTOMS'],
      schemaVersion: 1,
      sensitivity: 'low',
    };
    const defined = await network.submit<DefineCategoryResponse>(IDS.catalogAdmin, 'catalog:DefineCategory', {
      category,
    });
    const repeated = await network.submit<DefineCategoryResponse>(
      IDS.catalogAdmin,
      'catalog:DefineCategory',
      { category },
    );
    assert.equal(defined.changed, true);
    assert.equal(repeated.changed, false);
    assert.deepEqual(await network.evaluate(IDS.bank1, 'catalog:GetCategory', { code: 'export_licences' }), {
      category,
    });
  });

  it('refuses catalog changes from departments, banks and the rogue officer', async () => {
    const network = new FakeNetwork();
    for (const identity of [IDS.tax, IDS.bank1, IDS.auditor]) {
      await assert.rejects(network.submit(identity, 'catalog:LoadStarterCatalog', {}), /NOT_AUTHORIZED/);
    }
    await assert.rejects(
      network.submit(IDS.rogue, 'catalog:LoadStarterCatalog', {}),
      /NOT_AUTHORIZED: role department is not honoured from Bank1MSP/,
    );
  });

  it('answers UNKNOWN_CATEGORY for a code not in the catalog', async () => {
    const network = new FakeNetwork();
    await assert.rejects(
      network.evaluate(IDS.bank1, 'catalog:GetCategory', { code: 'NOPE' }),
      /UNKNOWN_CATEGORY: category NOPE is not in the catalog/,
    );
  });

  it('lists the catalog', async () => {
    const network = new FakeNetwork();
    await network.submit(IDS.catalogAdmin, 'catalog:LoadStarterCatalog', {});
    const list = await network.evaluate<{ items: Category[] }>(IDS.auditor, 'catalog:ListCategories', {});
    assert.equal(list.items.length, STARTER_CATALOG.length);
  });
});
