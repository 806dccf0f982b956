import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { accessRecord, requireReadableAccess } from './access-rules';
import { authorise, newConsent, parseConsentTerms, revoke } from './consent-rules';

const NOW = '2026-11-29T06:00:00.000Z';
const consent = authorise(
  newConsent(
    parseConsentTerms(
      {
        uscc: '91441300MA4UQ7R20Q',
        categories: ['TAX_PAYMENT'],
        purpose: 'trade',
        validFrom: '2026-11-29T00:00:00Z',
        validUntil: '2026-12-01T00:00:00Z',
      },
      NOW,
    ),
    'Bank1MSP',
    'requested',
    { txId: 'c1', txTime: NOW },
  ),
  { txId: 'c2', txTime: NOW },
).consent;
const attempt = {
  bankMspId: 'Bank1MSP',
  uscc: '91441300MA4UQ7R20Q',
  categories: ['TAX_PAYMENT'],
  purpose: 'trade' as const,
  consentId: 'c1',
};
const granted = accessRecord(attempt, undefined, { txId: 'a1', txTime: NOW });

describe('access records', () => {
  it('records a refusal with its code and detail', () => {
    const refused = accessRecord(
      attempt,
      { code: 'CONSENT_REVOKED', detail: 'revoked' },
      { txId: 'a2', txTime: NOW },
    );
    assert.equal(refused.outcome, 'refused');
    assert.equal(refused.refusalCode, 'CONSENT_REVOKED');
    assert.equal(granted.outcome, 'granted');
    assert.equal(granted.refusalCode, undefined);
  });
});

describe('requireReadableAccess', () => {
  it('allows the bank to read its granted access within the window less twice the time tolerance', () => {
    assert.doesNotThrow(() =>
      requireReadableAccess(granted, consent, 'Bank1MSP', '2026-11-29T06:13:00.000Z'),
    );
  });

  it('refuses another bank', () => {
    assert.throws(
      () => requireReadableAccess(granted, consent, 'Bank2MSP', NOW),
      /NOT_AUTHORIZED: access a1 belongs to another bank/,
    );
  });

  it('refuses a refused access', () => {
    const refused = accessRecord(
      attempt,
      { code: 'CONSENT_REQUIRED', detail: 'no' },
      { txId: 'a2', txTime: NOW },
    );
    assert.throws(
      () => requireReadableAccess(refused, consent, 'Bank1MSP', NOW),
      /NOT_AUTHORIZED: access a2 was refused \(CONSENT_REQUIRED\)/,
    );
  });

  it('refuses an access older than 15 minutes less twice the proposal time tolerance', () => {
    assert.throws(
      () => requireReadableAccess(granted, consent, 'Bank1MSP', '2026-11-29T06:13:01.000Z'),
      /ACCESS_EXPIRED/,
    );
  });

  it('refuses a read timestamped before the access', () => {
    assert.throws(
      () => requireReadableAccess(granted, consent, 'Bank1MSP', '2026-11-29T05:59:59.000Z'),
      /VALIDATION_FAILED: read time .* is before access a1/,
    );
  });

  it('refuses an access recorded before reads were bound to versions', () => {
    const legacy = { ...granted };
    delete legacy.attestedVersions;
    assert.throws(
      () => requireReadableAccess(legacy, consent, 'Bank1MSP', NOW),
      /ACCESS_EXPIRED: access a1 logged no attested versions/,
    );
  });

  it('refuses a read after the consent is revoked', () => {
    const revoked = revoke(consent, { txId: 'c3', txTime: NOW });
    assert.throws(() => requireReadableAccess(granted, revoked, 'Bank1MSP', NOW), /CONSENT_REVOKED/);
  });
});
