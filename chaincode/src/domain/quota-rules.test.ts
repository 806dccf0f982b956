import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { LIMITS } from '@sme-credit-ledger/contract';
import { dayOf, latestRealTime } from './proposal-time';
import { requirePendingRequestRoom, requireRefusalRoom, splitPendingRequests } from './quota-rules';

const NOW = '2026-11-29T06:00:00.000Z';

describe('quota rules', () => {
  it('counts a pending request as open only before its validUntil', () => {
    const pending = [
      { consentId: 'a', validUntil: '2026-11-29T05:59:59.999Z' },
      { consentId: 'b', validUntil: NOW },
      { consentId: 'c', validUntil: '2026-11-29T06:00:00.001Z' },
    ];
    const { open, expired } = splitPendingRequests(pending, NOW);
    assert.deepEqual(
      [open.map((request) => request.consentId), expired.map((request) => request.consentId)],
      [['c'], ['a', 'b']],
    );
  });

  it('refuses at the quota, not before', () => {
    const pendingMax = LIMITS.maxPendingConsentRequestsPerCompany;
    assert.doesNotThrow(() => requirePendingRequestRoom(pendingMax - 1, 'Bank1MSP', 'X'));
    assert.throws(() => requirePendingRequestRoom(pendingMax, 'Bank1MSP', 'X'), /LIMIT_EXCEEDED: .*pending/);
    const refusedMax = LIMITS.maxRefusedAccessesPerCompanyPerDay;
    assert.doesNotThrow(() => requireRefusalRoom(refusedMax - 1, 'Bank1MSP', 'X', '2026-11-29'));
    assert.throws(
      () => requireRefusalRoom(refusedMax, 'Bank1MSP', 'X', '2026-11-29'),
      /LIMIT_EXCEEDED: .*refused/,
    );
  });
});

describe('proposal time', () => {
  it('puts the latest real time one tolerance after the transaction time', () => {
    assert.equal(latestRealTime(NOW), '2026-11-29T06:01:00.000Z');
  });

  it('buckets a transaction time by its UTC day', () => {
    assert.deepEqual(
      [dayOf('2026-11-29T23:59:59.999Z'), dayOf('2026-11-30T00:00:00.000Z')],
      ['2026-11-29', '2026-11-30'],
    );
  });
});
