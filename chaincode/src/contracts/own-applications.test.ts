import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { ApplicationResponse, CompanyApplication, Page } from '@sme-credit-ledger/contract';
import type { CallerIdentity } from '../domain/roles';
import { CRAFTED_BOOKMARKS } from '../testing/crafted-bookmarks';
import { IDS, USCC, type FakeNetwork } from '../testing/fake-network';
import { financingNetwork, IP_LOAN, itemOf, match, rid, STRICT_LOAN } from '../testing/financing-fixtures';

async function apply(network: FakeNetwork, productId: string, amountYuan: number) {
  const item = itemOf(await match(network), productId);
  const { application } = await network.submit<ApplicationResponse>(IDS.shenghua, 'application:Apply', {
    requestId: rid('own-apply'),
    evaluation: item.evaluation,
    evaluationTag: item.evaluationTag,
    amountYuan,
    termMonths: 6,
  });
  return application;
}

/** Shenghua applies to Bank1's strict loan (Bank1 declines) and to Bank2's IP loan (Bank2 approves). */
async function applied() {
  const network = await financingNetwork();
  const strict = await apply(network, STRICT_LOAN.productId, 200_000);
  const ip = await apply(network, IP_LOAN.productId, 300_000);
  await network.submit(IDS.bank1, 'application:DecideApplication', {
    requestId: rid('decide'),
    applicationId: strict.applicationId,
    outcome: 'declined',
    reasonCodes: ['TAX_RATING_BELOW_A'],
  });
  await network.submit(IDS.bank2, 'application:DecideApplication', {
    requestId: rid('decide'),
    applicationId: ip.applicationId,
    outcome: 'approved',
    amountYuan: 250_000,
    rateBps: ip.terms.rateBps.min,
    termMonths: 6,
  });
  return { network, strict, ip };
}

const list = (network: FakeNetwork, who: CallerIdentity, request: Record<string, unknown> = {}) =>
  network.evaluate<Page<CompanyApplication>>(who, 'own:ListOwnApplications', request);

describe('own applications', () => {
  it('lists every bank’s applications of the calling company with bank, product and decision', async () => {
    const { network, strict, ip } = await applied();
    const page = await list(network, IDS.shenghua);
    const byId = new Map(page.items.map((item) => [item.applicationId, item]));
    assert.equal(page.items.length, 2);
    const declined = byId.get(strict.applicationId);
    assert.deepEqual(
      [declined?.bankName, declined?.productName, declined?.status, declined?.decision?.reasonCodes],
      ['ICBC', STRICT_LOAN.name, 'declined', ['TAX_RATING_BELOW_A']],
    );
    const approved = byId.get(ip.applicationId);
    assert.deepEqual(
      [approved?.bankName, approved?.productName, approved?.status, approved?.decision?.amountYuan],
      ['Ping An Bank', IP_LOAN.name, 'approved', 250_000],
    );
    assert.equal(page.bookmark, '');
  });

  it('lists none of another company’s applications, whatever the request names', async () => {
    const { network } = await applied();
    assert.deepEqual(await list(network, IDS.sunlux), { items: [], bookmark: '' });
    assert.deepEqual(await list(network, IDS.sunlux, { uscc: USCC.shenghua }), { items: [], bookmark: '' });
  });

  it('pages with the bookmark, without repeating an application', async () => {
    const { network } = await applied();
    const first = await list(network, IDS.shenghua, { pageSize: 1 });
    assert.equal(first.items.length, 1);
    assert.notEqual(first.bookmark, '');
    const second = await list(network, IDS.shenghua, { pageSize: 1, bookmark: first.bookmark });
    assert.equal(second.items.length, 1);
    assert.notEqual(second.items[0]?.applicationId, first.items[0]?.applicationId);
  });

  it('refuses crafted bookmarks, and another company’s bookmark reads nothing of the first', async () => {
    const { network } = await applied();
    for (const bookmark of CRAFTED_BOOKMARKS) {
      await assert.rejects(
        list(network, IDS.shenghua, { bookmark }),
        /VALIDATION_FAILED/,
        JSON.stringify(bookmark),
      );
    }
    const first = await list(network, IDS.shenghua, { pageSize: 1 });
    const borrowed = await list(network, IDS.sunlux, { bookmark: first.bookmark }).catch(() => ({
      items: [],
      bookmark: '',
    }));
    assert.deepEqual(borrowed.items, []);
  });

  it('refuses banks, departments and auditors', async () => {
    const { network } = await applied();
    for (const who of [IDS.bank1, IDS.bank2, IDS.tax, IDS.auditor, IDS.rogue]) {
      await assert.rejects(list(network, who), /NOT_AUTHORIZED/, String(who.role));
    }
  });
});
