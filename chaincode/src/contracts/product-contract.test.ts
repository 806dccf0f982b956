import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type {
  InstitutionProfile,
  InstitutionProfileResponse,
  Page,
  Product,
  ProductResponse,
} from '@sme-credit-ledger/contract';
import type { MatchingShard } from '../domain/matching-view';
import { IDS } from '../testing/fake-network';
import { financingNetwork, IP_LOAN, publish, rid, SUPPLY_CHAIN_LOAN } from '../testing/financing-fixtures';

describe('product contract', () => {
  it('publishes versions, keeps each one, and withdraws only the current entry', async () => {
    const network = await financingNetwork();
    const v2 = await publish(network, IDS.bank1, { ...SUPPLY_CHAIN_LOAN, rateBps: { min: 330, max: 600 } });
    assert.equal(v2.product.version, 2);
    const withdrawn = await network.submit<ProductResponse>(IDS.bank1, 'product:WithdrawProduct', {
      requestId: rid('withdraw'),
      productId: SUPPLY_CHAIN_LOAN.productId,
      reason: 'replaced by a new programme',
    });
    assert.equal(withdrawn.product.status, 'withdrawn');
    const get = (version?: number): Promise<ProductResponse> =>
      network.evaluate<ProductResponse>(IDS.sunlux, 'product:GetProduct', {
        bankMspId: 'Bank1MSP',
        productId: SUPPLY_CHAIN_LOAN.productId,
        ...(version === undefined ? {} : { version }),
      });
    assert.equal((await get()).product.status, 'withdrawn');
    assert.deepEqual((await get(1)).product.rateBps, SUPPLY_CHAIN_LOAN.rateBps);
    assert.equal((await get(2)).product.status, 'active', 'a published version stays as published');
    const republished = await publish(network, IDS.bank1, SUPPLY_CHAIN_LOAN);
    assert.deepEqual([republished.product.version, republished.product.status], [3, 'active']);
    await assert.rejects(get(4), /^Error: NOT_FOUND/);
  });

  it('keeps the matching view equal to the active products through versions, withdrawals and re-publication', async () => {
    const network = await financingNetwork();
    const viewOf = (): string[] =>
      [...network.world.state]
        .filter(([key]) => key.startsWith('\u0000matchingShard\u0000'))
        .flatMap(([, value]) => (JSON.parse(value) as MatchingShard).products)
        .map((entry) => `${entry.bankMspId}/${entry.productId}@${entry.version}`)
        .sort();
    const active = async (): Promise<string[]> =>
      (await network.evaluate<Page<Product>>(IDS.sunlux, 'product:ListProducts', { pageSize: 100 })).items
        .filter((product) => product.status === 'active')
        .map((product) => `${product.bankMspId}/${product.productId}@${product.version}`)
        .sort();
    assert.deepEqual(viewOf(), await active());
    assert.equal(viewOf().length, 3);
    await publish(network, IDS.bank1, { ...SUPPLY_CHAIN_LOAN, name: 'Supply-chain loan, v2' });
    await network.submit(IDS.bank2, 'product:WithdrawProduct', {
      requestId: rid('w'),
      productId: IP_LOAN.productId,
    });
    assert.deepEqual(viewOf(), await active());
    assert.ok(viewOf().includes('Bank1MSP/supply-chain-loan@2'));
    await publish(network, IDS.bank2, IP_LOAN);
    assert.deepEqual(viewOf(), await active());
    assert.equal(viewOf().length, 3);
  });

  it('refuses a second withdrawal, and a withdrawal of an unknown or another bank’s product', async () => {
    const network = await financingNetwork();
    const withdraw = (identity: typeof IDS.bank1, productId: string): Promise<unknown> =>
      network.submit(identity, 'product:WithdrawProduct', { requestId: rid('withdraw'), productId });
    await withdraw(IDS.bank1, SUPPLY_CHAIN_LOAN.productId);
    await assert.rejects(withdraw(IDS.bank1, SUPPLY_CHAIN_LOAN.productId), /^Error: CONFLICT/);
    await assert.rejects(
      withdraw(IDS.bank2, SUPPLY_CHAIN_LOAN.productId),
      /^Error: NOT_FOUND: Bank2MSP has no product/,
    );
    await assert.rejects(withdraw(IDS.bank1, 'no-such-product'), /^Error: NOT_FOUND/);
  });

  it('lets only banks publish, and refuses malformed products without changing anything', async () => {
    const network = await financingNetwork();
    const before = network.snapshot();
    await assert.rejects(publish(network, IDS.shenghua as never, IP_LOAN), /^Error: NOT_AUTHORIZED/);
    await assert.rejects(publish(network, IDS.auditor as never, IP_LOAN), /^Error: NOT_AUTHORIZED/);
    await assert.rejects(publish(network, IDS.rogue as never, IP_LOAN), /^Error: NOT_AUTHORIZED/);
    const rule = (change: Record<string, unknown>): Record<string, unknown> => ({
      ...IP_LOAN,
      rules: [{ ...IP_LOAN.rules[0], ...change }],
    });
    await assert.rejects(
      publish(network, IDS.bank2, rule({ category: 'CREDIT_SCORE' })),
      /^Error: UNKNOWN_CATEGORY/,
    );
    await assert.rejects(publish(network, IDS.bank2, rule({ field: 'granted' })), /has no field granted/);
    await assert.rejects(publish(network, IDS.bank2, rule({ op: 'in' })), /in does not apply to invention/);
    await assert.rejects(publish(network, IDS.bank2, rule({ value: 'one' })), /type integer/);
    await assert.rejects(
      publish(network, IDS.bank2, { ...IP_LOAN, amountYuan: { min: 5, max: 1 } }),
      /VALIDATION_FAILED/,
    );
    assert.equal(network.snapshot(), before);
  });

  it('keeps a bank’s display name as ledger data it sets for itself', async () => {
    const network = await financingNetwork();
    const get = async (bankMspId: string): Promise<InstitutionProfile> => {
      const { institution } = await network.evaluate<InstitutionProfileResponse>(
        IDS.shenghua,
        'product:GetInstitutionProfile',
        { bankMspId },
      );
      return institution;
    };
    assert.equal((await get('Bank1MSP')).displayName, 'ICBC');
    await network.submit(IDS.bank1, 'product:SetInstitutionProfile', {
      requestId: rid('profile'),
      displayName: 'Industrial and Commercial Bank of China',
    });
    assert.equal((await get('Bank1MSP')).displayName, 'Industrial and Commercial Bank of China');
    assert.equal((await get('Bank2MSP')).displayName, 'Ping An Bank');
    await assert.rejects(
      network.submit(IDS.tax, 'product:SetInstitutionProfile', {
        requestId: rid('profile'),
        displayName: 'x',
      }),
      /^Error: NOT_AUTHORIZED/,
    );
    await assert.rejects(get('Bank9MSP'), /^Error: NOT_FOUND/);
  });

  it('replays a retried publication and refuses its request id for another product', async () => {
    const network = await financingNetwork();
    const request = { requestId: 'publish-retry-1', product: IP_LOAN };
    const first = await network.submit<ProductResponse>(IDS.bank2, 'product:PublishProduct', request);
    const again = await network.submit<ProductResponse>(IDS.bank2, 'product:PublishProduct', request);
    assert.deepEqual(again, first);
    await assert.rejects(
      network.submit(IDS.bank2, 'product:PublishProduct', { ...request, product: { ...IP_LOAN, name: 'x' } }),
      /^Error: CONFLICT/,
    );
  });

  it('announces a change with the bank, product, version and status only', async () => {
    const network = await financingNetwork();
    const { product } = await publish(network, IDS.bank2, IP_LOAN);
    const event = network.world.events.at(-1);
    assert.equal(event?.name, 'ProductChanged');
    assert.deepEqual(JSON.parse(event?.payload ?? '{}'), {
      bankMspId: 'Bank2MSP',
      productId: IP_LOAN.productId,
      version: product.version,
      status: 'active',
      txId: product.txId,
    });
  });

  it('lists current products of one bank or all, a page at a time', async () => {
    const network = await financingNetwork();
    const list = (request: Record<string, unknown>): Promise<Page<Product>> =>
      network.evaluate<Page<Product>>(IDS.auditor, 'product:ListProducts', request);
    assert.deepEqual(
      (await list({ bankMspId: 'Bank1MSP' })).items.map((p) => p.productId),
      ['a-rated-only', 'supply-chain-loan'],
    );
    const first = await list({ pageSize: 2 });
    assert.equal(first.items.length, 2);
    const second = await list({ pageSize: 2, bookmark: first.bookmark });
    assert.deepEqual(
      second.items.map((p) => p.productId),
      ['ip-loan'],
    );
  });
});
