import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { appWith, attestation, auth, ledgerWithCatalog, SHENGHUA } from '../testing/test-app';

function ownLedger() {
  return ledgerWithCatalog()
    .on('own:ListOwnAttestations', () => ({
      items: [attestation(SHENGHUA, 'TAX_PAYMENT')],
      bookmark: 'next',
    }))
    .on('own:ListOwnAccess', () => ({ items: [], bookmark: '' }))
    .on('own:ListOwnErasures', () => ({ items: [] }));
}

describe('own lists', () => {
  it('lists a department’s attestations as the department, passing the page through', async () => {
    const ledger = ownLedger();
    const app = await appWith(ledger);

    const response = await app.inject({
      method: 'GET',
      url: '/v1/attestations?pageSize=10&bookmark=abc',
      headers: auth('tax'),
    });

    assert.equal(response.statusCode, 200);
    assert.equal(response.json<{ bookmark: string }>().bookmark, 'next');
    const call = ledger.lastCall('own:ListOwnAttestations');
    assert.equal(call?.identity, 'gov/tax-officer');
    assert.deepEqual(JSON.parse(call?.args?.[0] ?? ''), { pageSize: 10, bookmark: 'abc' });
  });

  it('lists a company’s erasures as the company', async () => {
    const ledger = ownLedger();
    const app = await appWith(ledger);

    const response = await app.inject({ method: 'GET', url: '/v1/erasures', headers: auth('shenghua') });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { items: [] });
    assert.equal(ledger.lastCall('own:ListOwnErasures')?.identity, 'gov/shenghua');
  });

  it('refuses every other role with 403 before any ledger call', async () => {
    const ledger = ownLedger();
    const app = await appWith(ledger);
    const refused = [
      ['/v1/attestations', 'shenghua'],
      ['/v1/attestations', 'bank1'],
      ['/v1/attestations', 'auditor'],
      ['/v1/attestations', 'operator'],
      ['/v1/erasures', 'tax'],
      ['/v1/erasures', 'bank1'],
      ['/v1/erasures', 'auditor'],
      ['/v1/erasures', 'operator'],
    ] as const;
    for (const [url, who] of refused) {
      const response = await app.inject({ method: 'GET', url, headers: auth(who) });
      assert.equal(response.statusCode, 403, `${who} ${url}`);
      assert.equal(response.json<{ code: string }>().code, 'FORBIDDEN');
    }
    assert.deepEqual(
      ledger.calls.filter((call) => call.transaction.startsWith('own:')),
      [],
    );
  });

  it('refuses a malformed page before the ledger', async () => {
    const ledger = ownLedger();
    const app = await appWith(ledger);

    const response = await app.inject({
      method: 'GET',
      url: '/v1/attestations?pageSize=1000',
      headers: auth('tax'),
    });

    assert.equal(response.statusCode, 400);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(ledger.lastCall('own:ListOwnAttestations'), undefined);
  });
});

describe('a bank’s access log', () => {
  it('is the bank’s own list, asked as the bank with no party named', async () => {
    const ledger = ownLedger();
    const app = await appWith(ledger);

    const plain = await app.inject({ method: 'GET', url: '/v1/access', headers: auth('bank1') });
    const named = await app.inject({
      method: 'GET',
      url: '/v1/access?bankMspId=Bank1MSP&pageSize=5',
      headers: auth('bank1'),
    });

    assert.equal(plain.statusCode, 200);
    assert.equal(named.statusCode, 200);
    const calls = ledger.calls.filter((call) => call.transaction === 'own:ListOwnAccess');
    assert.deepEqual(
      calls.map((call) => [call.identity, JSON.parse(call.args?.[0] ?? '') as unknown]),
      [
        ['bank1/officer', {}],
        ['bank1/officer', { pageSize: 5 }],
      ],
    );
  });

  it('refuses another bank’s log with 403, and the company and time filters with 400', async () => {
    const ledger = ownLedger();
    const app = await appWith(ledger);

    const other = await app.inject({
      method: 'GET',
      url: '/v1/access?bankMspId=Bank2MSP',
      headers: auth('bank1'),
    });
    const byCompany = await app.inject({
      method: 'GET',
      url: `/v1/access?uscc=${SHENGHUA}`,
      headers: auth('bank1'),
    });
    const byTime = await app.inject({
      method: 'GET',
      url: '/v1/access?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z',
      headers: auth('bank1'),
    });

    assert.equal(other.statusCode, 403);
    assert.equal(other.json<{ code: string }>().code, 'FORBIDDEN');
    assert.deepEqual([byCompany.statusCode, byCompany.json<{ field: string }>().field], [400, '/uscc']);
    assert.deepEqual([byTime.statusCode, byTime.json<{ field: string }>().field], [400, '/from']);
    assert.deepEqual(
      ledger.calls.filter((call) => call.transaction.includes('Access')),
      [],
      'nothing is read from the ledger',
    );
  });

  it('still refuses departments', async () => {
    const response = await (
      await appWith(ownLedger())
    ).inject({
      method: 'GET',
      url: '/v1/access',
      headers: auth('tax'),
    });
    assert.equal(response.statusCode, 403);
  });
});
