import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { ApiError } from '../errors/problem';
import type { FakeLedger } from '../testing/fake-ledger';
import { appWith, auth, ledgerWithCatalog, SHENGHUA, SUNLUX } from '../testing/test-app';

const event = (blockNumber: bigint, txId: string, name: string, payload: object) => ({
  blockNumber,
  txId,
  name,
  payload: Buffer.from(JSON.stringify(payload)),
});

const refuse = (): never => {
  throw new ApiError('NOT_AUTHORIZED', 'another company’s');
};

/** The company owns consent c-own, access x-own and application app-own; the chaincode refuses the rest. */
function companyLedger(): FakeLedger {
  const ledger = ledgerWithCatalog()
    .on('consent:GetConsent', ({ consentId }) => (consentId === 'c-own' ? { consent: {} } : refuse()))
    .on('access:GetAccess', ({ accessId }) => (accessId === 'x-own' ? { access: {} } : refuse()))
    .on('application:GetApplication', ({ applicationId }) =>
      applicationId === 'app-own' ? { application: {} } : refuse(),
    );
  ledger.events = [
    event(5n, 'a1', 'AttestationRecorded', { uscc: SHENGHUA, department: 'TAX', category: 'TAX_PAYMENT' }),
    event(5n, 'a2', 'AttestationRecorded', { uscc: SUNLUX, department: 'TAX', category: 'TAX_PAYMENT' }),
    event(6n, 'a3', 'ConsentChanged', { consentId: 'c-own', bankMspId: 'Bank1MSP' }),
    event(6n, 'a4', 'ConsentChanged', { consentId: 'c-other', bankMspId: 'Bank1MSP' }),
    event(7n, 'a5', 'ConsentChanged', { consentId: 'c-own', bankMspId: 'Bank1MSP' }),
    event(7n, 'a6', 'AccessRecorded', { accessId: 'x-own', bankMspId: 'Bank2MSP' }),
    event(8n, 'a7', 'AccessRecorded', { accessId: 'x-other', bankMspId: 'Bank2MSP' }),
    event(8n, 'a8', 'ApplicationChanged', { applicationId: 'app-own', bankMspId: 'Bank1MSP' }),
    event(8n, 'a9', 'RawRecordsErased', { uscc: SUNLUX }),
    event(9n, 'b1', 'ObjectionChanged', { uscc: SHENGHUA, category: 'TAX_PAYMENT' }),
    event(9n, 'b2', 'ProductChanged', { bankMspId: 'Bank1MSP', productId: 'p' }),
    event(9n, 'b3', 'AttestationRecorded', { department: 'TAX', category: 'TAX_PAYMENT' }),
    event(9n, 'b4', 'AttestationBatchRecorded', { department: 'TAX', count: 3 }),
    event(9n, 'b5', 'ObjectionChanged', { uscc: SUNLUX, category: 'PATENTS' }),
  ];
  return ledger;
}

const ids = (body: string): string[] => [...body.matchAll(/^id: (.+)$/gm)].map((match) => match[1] ?? '');

describe('event stream for companies and departments', () => {
  it('gives a company only its own attestations, objections, consents, accesses and applications', async () => {
    const ledger = companyLedger();
    const app = await appWith(ledger);

    const response = await app.inject({ method: 'GET', url: '/v1/events', headers: auth('shenghua') });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(ids(response.body), ['5:a1', '6:a3', '7:a5', '7:a6', '8:a8', '9:b1']);
    const asked = ledger.calls.filter((call) => call.transaction.includes(':Get'));
    assert.ok(
      asked.every((call) => call.identity === 'gov/shenghua'),
      'ownership is asked as the company itself',
    );
    assert.equal(
      asked.filter((call) => call.transaction === 'consent:GetConsent').length,
      2,
      'each consent is asked about once per stream',
    );
    assert.equal(ledger.followed[0]?.acknowledged.length, 14, 'skipped events are acknowledged too');
  });

  it('gives a department its own attestations and batches and objections about the categories it attests', async () => {
    const ledger = companyLedger();
    const app = await appWith(ledger);

    const response = await app.inject({ method: 'GET', url: '/v1/events', headers: auth('tax') });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(ids(response.body), ['5:a1', '5:a2', '9:b1', '9:b3', '9:b4']);
    assert.deepEqual(
      ledger.calls.filter((call) => call.transaction.includes(':Get')),
      [],
      'a department’s events need no ownership query',
    );
  });

  it('keeps consent and access events from banks that are not named, for companies as before', async () => {
    const ledger = companyLedger();
    const app = await appWith(ledger);

    const response = await app.inject({ method: 'GET', url: '/v1/events', headers: auth('bank2') });

    assert.deepEqual(ids(response.body), ['7:a6', '8:a7']);
  });
});
