import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { appWith, auth, ledgerWithCatalog, SHENGHUA } from '../testing/test-app';

async function consentHistory(query: string) {
  const ledger = ledgerWithCatalog().on('audit:GetConsentHistory', () => ({
    items: [{ consentId: 'c1' }],
    bookmark: 'next',
  }));
  const app = await appWith(ledger);
  const response = await app.inject({
    method: 'GET',
    url: `/v1/companies/${SHENGHUA}/consent-history${query}`,
    headers: auth('auditor'),
  });
  const requests = ledger.calls
    .filter((call) => call.transaction === 'audit:GetConsentHistory')
    .map((call) => JSON.parse(call.args?.[0] ?? '{}') as Record<string, unknown>);
  return { response, requests };
}

describe('consent history route', () => {
  it('passes pageSize and bookmark to the ledger and returns the next bookmark', async () => {
    const { response, requests } = await consentHistory('?pageSize=1&bookmark=abc');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { items: [{ consentId: 'c1' }], bookmark: 'next' });
    assert.deepEqual(requests, [{ uscc: SHENGHUA, pageSize: 1, bookmark: 'abc' }]);
  });

  it('refuses a page size over the chaincode limit before reading the ledger', async () => {
    const { response, requests } = await consentHistory('?pageSize=101');
    assert.equal(response.statusCode, 400);
    assert.deepEqual(requests, []);
  });
});
