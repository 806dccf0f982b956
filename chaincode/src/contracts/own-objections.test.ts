import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { Objection, ObjectionResponse, Page } from '@sme-credit-ledger/contract';
import type { CallerIdentity } from '../domain/roles';
import { CRAFTED_BOOKMARKS } from '../testing/crafted-bookmarks';
import { attest, IDS, seededNetwork, USCC, type FakeNetwork } from '../testing/fake-network';

let counter = 0;
const rid = (): string => `own-obj-${String((counter += 1)).padStart(6, '0')}`;
const EVIDENCE = 'd'.repeat(64);

async function raise(network: FakeNetwork, company: CallerIdentity, uscc: string, category: string) {
  const { objection } = await network.submit<ObjectionResponse>(company, 'objection:RaiseObjection', {
    requestId: rid(),
    uscc,
    category,
    reason: `${category} is wrong`,
    evidenceHash: EVIDENCE,
  });
  return objection;
}

/** TAX attested Shenghua and Sunlux, SAMR Shenghua; each record has an objection, TAX rejected Sunlux's. */
async function objected() {
  const network = await seededNetwork();
  await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', { paidCny: 1 });
  await attest(network, IDS.tax, USCC.sunlux, 'TAX_CREDIT_RATING', { rating: 'A' });
  await attest(network, IDS.samr, USCC.shenghua, 'BUSINESS_REGISTRATION', { status: 'active' });
  const shenghuaTax = await raise(network, IDS.shenghua, USCC.shenghua, 'TAX_PAYMENT');
  const sunluxTax = await raise(network, IDS.sunlux, USCC.sunlux, 'TAX_CREDIT_RATING');
  const shenghuaSamr = await raise(network, IDS.shenghua, USCC.shenghua, 'BUSINESS_REGISTRATION');
  await network.submit(IDS.tax, 'objection:ResolveObjection', {
    requestId: rid(),
    objectionId: sunluxTax.objectionId,
    outcome: 'rejected',
    reason: 'matches our books',
  });
  return { network, shenghuaTax, sunluxTax, shenghuaSamr };
}

const list = (network: FakeNetwork, who: CallerIdentity, request: Record<string, unknown> = {}) =>
  network.evaluate<Page<Objection>>(who, 'own:ListOwnObjections', request);
const ids = (page: Page<Objection>): string[] => page.items.map((item) => item.objectionId).sort();

describe('own objections', () => {
  it('lists the objections about a department’s records, every company’s, and no other department’s', async () => {
    const { network, shenghuaTax, sunluxTax, shenghuaSamr } = await objected();
    assert.deepEqual(
      ids(await list(network, IDS.tax)),
      [shenghuaTax.objectionId, sunluxTax.objectionId].sort(),
    );
    assert.deepEqual(ids(await list(network, IDS.samr)), [shenghuaSamr.objectionId]);
    assert.deepEqual(await list(network, IDS.court), { items: [], bookmark: '' });
  });

  it('narrows a department’s list by status', async () => {
    const { network, shenghuaTax, sunluxTax } = await objected();
    const open = await list(network, IDS.tax, { status: 'open' });
    assert.deepEqual(ids(open), [shenghuaTax.objectionId]);
    const rejected = await list(network, IDS.tax, { status: 'rejected' });
    assert.deepEqual(
      rejected.items.map((item) => [item.objectionId, item.resolution?.reason]),
      [[sunluxTax.objectionId, 'matches our books']],
    );
    assert.deepEqual((await list(network, IDS.tax, { status: 'corrected' })).items, []);
  });

  it('lists a company’s own objections with their outcomes, and none of another company’s', async () => {
    const { network, shenghuaTax, sunluxTax, shenghuaSamr } = await objected();
    const shenghua = await list(network, IDS.shenghua);
    assert.deepEqual(ids(shenghua), [shenghuaTax.objectionId, shenghuaSamr.objectionId].sort());
    assert.ok(shenghua.items.every((item) => item.uscc === USCC.shenghua));
    const sunlux = await list(network, IDS.sunlux);
    assert.deepEqual(
      sunlux.items.map((item) => [item.objectionId, item.status]),
      [[sunluxTax.objectionId, 'rejected']],
    );
    assert.deepEqual((await list(network, IDS.corehelm)).items, []);
  });

  it('takes no party: naming another department or company still lists only the caller’s', async () => {
    const { network, shenghuaSamr } = await objected();
    const samr = await list(network, IDS.samr, { dept: 'TAX', department: 'TAX' });
    assert.deepEqual(ids(samr), [shenghuaSamr.objectionId]);
    const sunlux = await list(network, IDS.sunlux, { uscc: USCC.shenghua });
    assert.ok(sunlux.items.every((item) => item.uscc === USCC.sunlux));
  });

  it('pages with the bookmark, without repeating an objection', async () => {
    const { network } = await objected();
    const first = await list(network, IDS.tax, { pageSize: 1 });
    assert.equal(first.items.length, 1);
    assert.notEqual(first.bookmark, '');
    const second = await list(network, IDS.tax, { pageSize: 1, bookmark: first.bookmark });
    assert.equal(second.items.length, 1);
    assert.notEqual(second.items[0]?.objectionId, first.items[0]?.objectionId);
    const company = await list(network, IDS.shenghua, { pageSize: 1 });
    const next = await list(network, IDS.shenghua, { pageSize: 1, bookmark: company.bookmark });
    assert.notEqual(next.items[0]?.objectionId, company.items[0]?.objectionId);
  });

  it('refuses crafted bookmarks; another company’s bookmark reads only the caller’s list', async () => {
    const { network } = await objected();
    for (const who of [IDS.tax, IDS.shenghua]) {
      for (const bookmark of CRAFTED_BOOKMARKS) {
        await assert.rejects(list(network, who, { bookmark }), /VALIDATION_FAILED/, JSON.stringify(bookmark));
      }
    }
    const shenghua = await list(network, IDS.shenghua, { pageSize: 1 });
    const borrowed = await list(network, IDS.sunlux, { bookmark: shenghua.bookmark }).catch(
      (error: unknown) => ({ items: [], bookmark: String(error) }),
    );
    assert.ok(borrowed.items.every((item) => item.uscc === USCC.sunlux));
  });

  it('refuses an unknown status and every role but departments and companies', async () => {
    const { network } = await objected();
    await assert.rejects(list(network, IDS.tax, { status: 'resolved' }), /VALIDATION_FAILED/);
    for (const who of [IDS.bank1, IDS.bank2, IDS.auditor, IDS.catalogAdmin, IDS.rogue]) {
      await assert.rejects(list(network, who), /NOT_AUTHORIZED/, String(who.role));
    }
  });
});
