import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { CompanyResponse } from '@sme-credit-ledger/contract';
import { FakeNetwork, IDS, USCC } from '../testing/fake-network';

describe('company contract', () => {
  it('lets SAMR register a company with only its code, tx and time', async () => {
    const network = new FakeNetwork();
    const { company } = await network.submit<CompanyResponse>(IDS.samr, 'company:RegisterCompany', {
      requestId: 'reg-000001',
      uscc: ' 91441300ma4uq7r20q',
    });
    assert.deepEqual(company, {
      uscc: USCC.shenghua,
      registeredByDept: 'SAMR',
      txId: 'tx000001',
      registeredAt: network.time,
    });
    assert.deepEqual(await network.evaluate(IDS.auditor, 'company:GetCompany', { uscc: USCC.shenghua }), {
      company,
    });
  });

  it('refuses registration by other departments, companies and banks', async () => {
    const network = new FakeNetwork();
    for (const identity of [IDS.tax, IDS.shenghua, IDS.bank1]) {
      await assert.rejects(
        network.submit(identity, 'company:RegisterCompany', { requestId: 'reg-000001', uscc: USCC.shenghua }),
        /NOT_AUTHORIZED/,
      );
    }
  });

  it('refuses an invalid USCC and a second registration', async () => {
    const network = new FakeNetwork();
    await assert.rejects(
      network.submit(IDS.samr, 'company:RegisterCompany', {
        requestId: 'reg-000001',
        uscc: '91441300MA4UQ7R20X',
      }),
      /INVALID_USCC/,
    );
    await network.submit(IDS.samr, 'company:RegisterCompany', {
      requestId: 'reg-000002',
      uscc: USCC.shenghua,
    });
    await assert.rejects(
      network.submit(IDS.samr, 'company:RegisterCompany', { requestId: 'reg-000003', uscc: USCC.shenghua }),
      /CONFLICT/,
    );
  });

  it('returns the original result for a retried requestId and records nothing twice', async () => {
    const network = new FakeNetwork();
    const first = await network.submitText(IDS.samr, 'company:RegisterCompany', {
      requestId: 'reg-000001',
      uscc: USCC.shenghua,
    });
    const before = network.snapshot();
    const retry = await network.submitText(IDS.samr, 'company:RegisterCompany', {
      requestId: 'reg-000001',
      uscc: USCC.shenghua,
    });
    assert.equal(retry, first);
    assert.equal(network.snapshot(), before);
  });

  it('names the bare answer of a registration stored before every response became an object, on retry', async () => {
    const network = new FakeNetwork();
    const request = { requestId: 'reg-000001', uscc: USCC.shenghua };
    const { company } = await network.submit<CompanyResponse>(IDS.samr, 'company:RegisterCompany', request);
    const [key, text] =
      [...network.world.state].find(
        ([k]) => k.startsWith('\u0000request\u0000') && k.includes('reg-000001'),
      ) ?? assert.fail('no idempotency record');
    const stored = JSON.parse(text) as { response: string };
    network.world.state.set(key, JSON.stringify({ ...stored, response: JSON.stringify(company) }));
    const retry = await network.submit<CompanyResponse>(IDS.samr, 'company:RegisterCompany', request);
    assert.deepEqual(retry, { company });
  });

  it('refuses a requestId reused for a different request', async () => {
    const network = new FakeNetwork();
    await network.submit(IDS.samr, 'company:RegisterCompany', {
      requestId: 'reg-000001',
      uscc: USCC.shenghua,
    });
    await assert.rejects(
      network.submit(IDS.samr, 'company:RegisterCompany', { requestId: 'reg-000001', uscc: USCC.sunlux }),
      /CONFLICT: requestId reg-000001 was already used/,
    );
  });

  it('refuses requests without a valid requestId', async () => {
    const network = new FakeNetwork();
    await assert.rejects(
      network.submit(IDS.samr, 'company:RegisterCompany', { uscc: USCC.shenghua }),
      /VALIDATION_FAILED: requestId/,
    );
    await assert.rejects(
      network.submitText(IDS.samr, 'company:RegisterCompany', 'not json'),
      /VALIDATION_FAILED/,
    );
  });
});
