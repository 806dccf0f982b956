import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { appWith, auth, ledgerWithCatalog } from '../testing/test-app';

function ownLedger() {
  return ledgerWithCatalog()
    .on('own:ListOwnObjections', () => ({ items: [], bookmark: 'next' }))
    .on('own:ListOwnApplications', () => ({ items: [], bookmark: '' }))
    .on('application:ListApplicationsByBank', () => ({ items: [], bookmark: '' }));
}

const argsOf = (ledger: ReturnType<typeof ownLedger>, transaction: string) =>
  ledger.calls
    .filter((call) => call.transaction === transaction)
    .map((call) => [call.identity, JSON.parse(call.args?.[0] ?? '') as unknown]);

describe('GET /v1/objections', () => {
  it('asks as the department or company, passing the status and page through and naming no party', async () => {
    const ledger = ownLedger();
    const app = await appWith(ledger);

    const tax = await app.inject({
      method: 'GET',
      url: '/v1/objections?status=open&pageSize=5&bookmark=abc',
      headers: auth('tax'),
    });
    const company = await app.inject({ method: 'GET', url: '/v1/objections', headers: auth('shenghua') });

    assert.equal(tax.statusCode, 200);
    assert.equal(tax.json<{ bookmark: string }>().bookmark, 'next');
    assert.equal(company.statusCode, 200);
    assert.deepEqual(argsOf(ledger, 'own:ListOwnObjections'), [
      ['gov/tax-officer', { status: 'open', pageSize: 5, bookmark: 'abc' }],
      ['gov/shenghua', {}],
    ]);
  });

  it('refuses a bank, an auditor and the operator with 403, and a named party or unknown status with 400', async () => {
    const ledger = ownLedger();
    const app = await appWith(ledger);
    for (const who of ['bank1', 'auditor', 'operator'] as const) {
      const response = await app.inject({ method: 'GET', url: '/v1/objections', headers: auth(who) });
      assert.equal(response.statusCode, 403, who);
      assert.equal(response.json<{ code: string }>().code, 'FORBIDDEN');
    }
    for (const query of ['dept=SAMR', 'department=SAMR', 'uscc=91440605MA53KJ1C4K', 'status=resolved']) {
      const response = await app.inject({
        method: 'GET',
        url: `/v1/objections?${query}`,
        headers: auth('tax'),
      });
      assert.equal(response.statusCode, 400, query);
    }
    assert.deepEqual(argsOf(ledger, 'own:ListOwnObjections'), []);
  });
});

describe('GET /v1/applications', () => {
  it('lists a company’s own applications as the company', async () => {
    const ledger = ownLedger();
    const app = await appWith(ledger);

    const response = await app.inject({
      method: 'GET',
      url: '/v1/applications?pageSize=20',
      headers: auth('shenghua'),
    });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(argsOf(ledger, 'own:ListOwnApplications'), [['gov/shenghua', { pageSize: 20 }]]);
  });

  it('lists a bank’s own applications only: its MSP from the identity, never from the request', async () => {
    const ledger = ownLedger();
    const app = await appWith(ledger);

    const plain = await app.inject({ method: 'GET', url: '/v1/applications', headers: auth('bank2') });
    const named = await app.inject({
      method: 'GET',
      url: '/v1/applications?bankMspId=Bank1MSP',
      headers: auth('bank2'),
    });

    assert.equal(plain.statusCode, 200);
    assert.equal(named.statusCode, 400);
    assert.deepEqual(argsOf(ledger, 'application:ListApplicationsByBank'), [
      ['bank2/officer', { bankMspId: 'Bank2MSP' }],
    ]);
  });

  it('refuses departments, auditors and the operator with 403 before any ledger call', async () => {
    const ledger = ownLedger();
    const app = await appWith(ledger);
    for (const who of ['tax', 'auditor', 'operator'] as const) {
      const response = await app.inject({ method: 'GET', url: '/v1/applications', headers: auth(who) });
      assert.equal(response.statusCode, 403, who);
    }
    assert.equal(ledger.calls.filter((call) => call.transaction.includes('Applications')).length, 0);
  });
});
