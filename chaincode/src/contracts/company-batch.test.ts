import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  buildUscc,
  LIMITS,
  type CompanyResponse,
  type ConsentResponse,
  type RegisterCompaniesResponse,
} from '@sme-credit-ledger/contract';
import { FakeNetwork, IDS, USCC } from '../testing/fake-network';

/** Valid codes `91440100` + 8 digits + both check characters. */
const codes = (count: number, from = 0): string[] =>
  Array.from({ length: count }, (_, i) => buildUscc('91440100', String(30_000_000 + from + i)));

describe('registering companies in bulk', () => {
  it('registers every code of the batch in one transaction, each as RegisterCompany would', async () => {
    const network = new FakeNetwork();
    const usccs = codes(3);
    const answer = await network.submit<RegisterCompaniesResponse>(IDS.samr, 'company:RegisterCompanies', {
      requestId: 'bulk-000001',
      usccs,
    });
    assert.deepEqual(answer, {
      count: 3,
      registeredByDept: 'SAMR',
      txId: 'tx000001',
      registeredAt: network.time,
    });
    for (const uscc of usccs) {
      const { company } = await network.evaluate<CompanyResponse>(IDS.auditor, 'company:GetCompany', {
        uscc,
      });
      assert.deepEqual(company, {
        uscc,
        registeredByDept: 'SAMR',
        txId: 'tx000001',
        registeredAt: network.time,
      });
    }
    // A bank's consent to a bulk-registered company works: the platform index knows it.
    await network.submit(IDS.catalogAdmin, 'catalog:LoadStarterCatalog', {});
    const company = { mspId: 'GovMSP', role: 'company', dept: null, uscc: usccs[1] ?? '' };
    const { consent } = await network.submit<ConsentResponse>(company, 'consent:GrantConsent', {
      requestId: 'grant-000001',
      uscc: usccs[1],
      bankMspId: 'Bank1MSP',
      categories: ['TAX_PAYMENT'],
      purpose: 'supply-chain',
      validFrom: '2026-11-29T00:00:00Z',
      validUntil: '2026-12-29T00:00:00Z',
    });
    assert.equal(consent.status, 'authorised');
  });

  it('refuses the whole batch, writing nothing, when one code is registered already', async () => {
    const network = new FakeNetwork();
    await network.submit(IDS.samr, 'company:RegisterCompany', {
      requestId: 'reg-000001',
      uscc: USCC.shenghua,
    });
    const before = network.snapshot();
    await assert.rejects(
      network.submit(IDS.samr, 'company:RegisterCompanies', {
        requestId: 'bulk-000002',
        usccs: [...codes(2), USCC.shenghua],
      }),
      (error: Error) => /^CONFLICT: already registered: 91441300MA4UQ7R20Q/.test(error.message),
    );
    assert.equal(network.snapshot(), before);
  });

  it('names the first invalid code by its position and writes nothing', async () => {
    const network = new FakeNetwork();
    const before = network.snapshot();
    const usccs = codes(3);
    usccs[2] = '91441300MA4UQ7R20X';
    await assert.rejects(
      network.submit(IDS.samr, 'company:RegisterCompanies', { requestId: 'bulk-000003', usccs }),
      /INVALID_USCC: usccs\[2\]: /,
    );
    assert.equal(network.snapshot(), before);
  });

  it('refuses a code twice, an empty batch, a batch over the limit and a value that is not an array', async () => {
    const network = new FakeNetwork();
    const [one = ''] = codes(1);
    const cases: [unknown, RegExp][] = [
      [[one, one], /VALIDATION_FAILED: usccs names .* twice/],
      [[], /VALIDATION_FAILED/],
      [codes(LIMITS.maxRegistrationBatch + 1), /LIMIT_EXCEEDED|VALIDATION_FAILED/],
      [one, /VALIDATION_FAILED/],
      [[42], /INVALID_USCC|VALIDATION_FAILED/],
    ];
    const before = network.snapshot();
    for (const [usccs, expected] of cases) {
      await assert.rejects(
        network.submit(IDS.samr, 'company:RegisterCompanies', { requestId: 'bulk-000004', usccs }),
        expected,
      );
    }
    assert.equal(network.snapshot(), before);
  });

  it('lets only SAMR register in bulk', async () => {
    const network = new FakeNetwork();
    for (const identity of [IDS.tax, IDS.shenghua, IDS.bank1, IDS.auditor]) {
      await assert.rejects(
        network.submit(identity, 'company:RegisterCompanies', { requestId: 'bulk-000005', usccs: codes(2) }),
        /NOT_AUTHORIZED/,
      );
    }
  });

  it('answers a retried requestId with the first answer and records nothing twice', async () => {
    const network = new FakeNetwork();
    const request = { requestId: 'bulk-000006', usccs: codes(2) };
    const first = await network.submitText(IDS.samr, 'company:RegisterCompanies', request);
    const before = network.snapshot();
    assert.equal(await network.submitText(IDS.samr, 'company:RegisterCompanies', request), first);
    assert.equal(network.snapshot(), before);
  });
});
