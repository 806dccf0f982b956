import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { ContractLedger } from './testing/contract-ledger';
import { appWith, auth, SHENGHUA } from './testing/test-app';

// Route tests over the real contracts (ContractLedger): the answers and refusals are the chaincode's own.
// The in-memory network's clock starts at 2026-11-29T06:00:00Z.
const terms = {
  bankMspId: 'Bank1MSP',
  categories: ['TAX_PAYMENT'],
  purpose: 'credit-review',
  validFrom: '2026-11-29T00:00:00Z',
  validUntil: '2027-05-29T00:00:00Z',
};

describe('consent routes over the real contracts', () => {
  it('grants a consent that the bank it names reads back, with the chaincode’s receipt', async () => {
    const app = await appWith(await ContractLedger.seeded());

    const granted = await app.inject({
      method: 'POST',
      url: '/v1/consents',
      headers: { ...auth('shenghua'), 'idempotency-key': 'grant-0001' },
      payload: terms,
    });

    assert.equal(granted.statusCode, 201, granted.body);
    const { consent, receipt } = granted.json<{
      consent: { consentId: string; status: string; uscc: string; receiptHash: string };
      receipt: { consentId: string };
    }>();
    assert.equal(consent.status, 'authorised');
    assert.equal(consent.uscc, SHENGHUA, 'the company in the certificate, not the body');
    assert.equal(receipt.consentId, consent.consentId);
    const read = await app.inject({
      method: 'GET',
      url: `/v1/consents/${consent.consentId}`,
      headers: auth('bank1'),
    });
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(read.json<{ consent: { receiptHash: string } }>().consent.receiptHash, consent.receiptHash);
  });

  it('keeps a consent from another bank: the chaincode reads only the caller’s own collection', async () => {
    const app = await appWith(await ContractLedger.seeded());
    const granted = await app.inject({
      method: 'POST',
      url: '/v1/consents',
      headers: { ...auth('shenghua'), 'idempotency-key': 'grant-0002' },
      payload: terms,
    });
    const { consentId } = granted.json<{ consent: { consentId: string } }>().consent;

    const read = await app.inject({
      method: 'GET',
      url: `/v1/consents/${consentId}`,
      headers: auth('bank2'),
    });

    assert.equal(read.statusCode, 404, read.body);
    assert.equal(read.json<{ code: string }>().code, 'NOT_FOUND');
  });

  it('refuses a validity window past the chaincode’s maximum with its LIMIT_EXCEEDED, writing nothing', async () => {
    const ledger = await ContractLedger.seeded();
    const app = await appWith(ledger);
    const before = ledger.network.snapshot();

    const refused = await app.inject({
      method: 'POST',
      url: '/v1/consents',
      headers: { ...auth('shenghua'), 'idempotency-key': 'grant-0003' },
      payload: { ...terms, validUntil: '2028-11-29T00:00:00Z' },
    });

    assert.equal(refused.statusCode, 400, refused.body);
    const problem = refused.json<{ code: string; detail: string }>();
    assert.equal(problem.code, 'LIMIT_EXCEEDED');
    assert.match(problem.detail, /at most 366 days/);
    assert.equal(ledger.network.snapshot(), before);
  });
});
