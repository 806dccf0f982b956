import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { consentChangeOf, lastTxIdOf, newestChangeFirst, showsConsentAt } from './settle';
import type { Consent } from './types';

const consent = (consentId: string, txIds: string[]): Consent => ({
  consentId,
  uscc: '91440300MA5FXXXX0X',
  bankMspId: 'Bank1MSP',
  categories: ['TAX_PAYMENT'],
  purpose: 'credit-review',
  validFrom: '2026-01-01T00:00:00.000Z',
  validUntil: '2027-01-01T00:00:00.000Z',
  usageCount: 0,
  status: 'authorised',
  history: txIds.map((txId) => ({ status: 'authorised', txId, at: '2026-01-01T00:00:00.000Z' })),
});

describe('settling a list on a change the caller knows happened', () => {
  it('waits for the consent to be listed with the transaction that changed it, not just listed', () => {
    const until = showsConsentAt('c1', 'tx2');
    assert.equal(until([]), false);
    assert.equal(until([consent('c2', ['tx2'])]), false);
    assert.equal(
      until([consent('c1', ['tx1'])]),
      false,
      'the list still shows the consent before the change',
    );
    assert.equal(until([consent('c2', []), consent('c1', ['tx1', 'tx2'])]), true);
    assert.equal(showsConsentAt('c1', undefined)([consent('c1', [])]), true);
  });

  it('names the last transaction of a consent, and reads a ConsentChanged event’s id and transaction', () => {
    assert.equal(lastTxIdOf(consent('c1', ['tx1', 'tx2'])), 'tx2');
    assert.equal(lastTxIdOf(consent('c1', [])), undefined);
    assert.deepEqual(consentChangeOf(JSON.stringify({ txId: 'tx9', payload: { consentId: 'c1' } })), {
      consentId: 'c1',
      txId: 'tx9',
    });
    assert.equal(consentChangeOf(JSON.stringify({ txId: 'tx9', payload: { accessId: 'a1' } })), undefined);
    assert.equal(consentChangeOf('not json'), undefined);
  });

  it('orders a bank’s consents by their last change, newest first, without changing the list it was given', () => {
    const at = (consentId: string, times: string[]): Consent => ({
      ...consent(
        consentId,
        times.map((_, i) => `tx${i}`),
      ),
      history: times.map((time, i) => ({ status: 'authorised', txId: `tx${i}`, at: time })),
    });
    const given = [
      at('old', ['2026-01-01T00:00:00.000Z']),
      at('revoked-today', ['2025-06-01T00:00:00.000Z', '2026-12-03T00:00:00.000Z']),
      at('new', ['2026-11-30T00:00:00.000Z']),
    ];
    const ordered = newestChangeFirst(given);
    assert.deepEqual(
      ordered.map((item) => item.consentId),
      ['revoked-today', 'new', 'old'],
    );
    assert.equal(given[0]?.consentId, 'old');
  });
});
