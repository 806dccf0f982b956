import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { newReaderKeyPair, parseReaderKey } from '@sme-credit-ledger/contract';
import { appWith, auth, ledgerWithCatalog, sealedReadAnswer, SHENGHUA } from './testing/test-app';

describe('profile reads sealed to a one-time key', () => {
  const readBody = { consentId: 'c-1', purpose: 'supply-chain', categories: ['TAX_PAYMENT'] };

  it('sends a fresh one-time reader key with each read and never the same twice', async () => {
    const ledger = ledgerWithCatalog()
      .on('access:RecordAccess', () => ({
        access: {
          accessId: 'x2',
          outcome: 'granted' as const,
          recordedAt: '2026-11-29T05:00:01Z',
        },
      }))
      .on('access:ReadAuthorizedRecords', (_request, call) => sealedReadAnswer(call));
    const app = await appWith(ledger);
    const read = () =>
      app.inject({
        method: 'POST',
        url: `/v1/companies/${SHENGHUA}/profile-reads`,
        headers: auth('bank1'),
        payload: readBody,
      });

    assert.equal((await read()).statusCode, 200);
    assert.equal((await read()).statusCode, 200);

    const keys = ledger.calls
      .filter((call) => call.transaction === 'access:ReadAuthorizedRecords')
      .map((call) => call.readerKey?.publicKey);
    assert.equal(keys.length, 2);
    assert.notEqual(keys[0], keys[1]);
    assert.ok(keys.every((key) => key !== undefined && parseReaderKey(key) !== undefined));
  });

  it('answers 502 without any raw value when the sealed records do not open with the read’s key', async () => {
    const stranger = newReaderKeyPair();
    const ledger = ledgerWithCatalog()
      .on('access:RecordAccess', () => ({
        access: {
          accessId: 'x2',
          outcome: 'granted' as const,
          recordedAt: '2026-11-29T05:00:01Z',
        },
      }))
      .on('access:ReadAuthorizedRecords', (_request, call) => sealedReadAnswer(call, stranger.publicKey));
    const app = await appWith(ledger);

    const response = await app.inject({
      method: 'POST',
      url: `/v1/companies/${SHENGHUA}/profile-reads`,
      headers: auth('bank1'),
      payload: readBody,
    });

    assert.equal(response.statusCode, 502);
    assert.equal(response.json<{ code: string }>().code, 'LEDGER_ERROR');
    assert.doesNotMatch(response.body, /paidYuan|ssssssss/);
  });
});
