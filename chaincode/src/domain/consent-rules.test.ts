import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from '@jest/globals';
import type { Consent } from '@sme-credit-ledger/contract';
import { canonicalJson } from './canonical-json';
import {
  authorise,
  effectiveStatus,
  newConsent,
  parseConsentTerms,
  recordUse,
  refuseAccess,
  reject,
  revoke,
} from './consent-rules';

const NOW = '2026-11-29T06:00:00.000Z';
const tx = (txId: string, txTime = NOW) => ({ txId, txTime });
const terms = {
  uscc: '91441300MA4UQ7R20Q',
  categories: ['TAX_PAYMENT', 'SOCIAL_INSURANCE'],
  purpose: 'supply-chain',
  validFrom: '2026-11-29T00:00:00Z',
  validUntil: '2026-12-29T00:00:00Z',
};

function requested(extra: Record<string, unknown> = {}): Consent {
  return newConsent(parseConsentTerms({ ...terms, ...extra }, NOW), 'Bank1MSP', 'requested', tx('c1'));
}

const attempt = {
  bankMspId: 'Bank1MSP',
  uscc: '91441300MA4UQ7R20Q',
  categories: ['TAX_PAYMENT'],
  purpose: 'supply-chain' as const,
};

describe('parseConsentTerms', () => {
  it('normalizes times and sorts categories', () => {
    const parsed = parseConsentTerms(terms, NOW);
    assert.equal(parsed.validFrom, '2026-11-29T00:00:00.000Z');
    assert.deepEqual(parsed.categories, ['SOCIAL_INSURANCE', 'TAX_PAYMENT']);
  });

  it('refuses a window that ends before it starts or is already over', () => {
    assert.throws(
      () => parseConsentTerms({ ...terms, validUntil: '2026-11-28T00:00:00Z' }, NOW),
      /VALIDATION_FAILED: validUntil must be after validFrom/,
    );
    assert.throws(
      () =>
        parseConsentTerms(
          { ...terms, validFrom: '2026-01-01T00:00:00Z', validUntil: '2026-02-01T00:00:00Z' },
          NOW,
        ),
      /already in the past/,
    );
  });

  it('refuses windows over 366 days and more than 20 categories', () => {
    assert.throws(
      () => parseConsentTerms({ ...terms, validUntil: '2028-01-01T00:00:00Z' }, NOW),
      /LIMIT_EXCEEDED: a consent may last at most 366 days/,
    );
    const categories = Array.from({ length: 21 }, (_, i) => `CAT_${i}`);
    assert.throws(
      () => parseConsentTerms({ ...terms, categories }, NOW),
      /LIMIT_EXCEEDED: categories may hold at most 20/,
    );
  });

  it('refuses unknown purposes and bad usage limits', () => {
    assert.throws(
      () => parseConsentTerms({ ...terms, purpose: 'marketing' }, NOW),
      /VALIDATION_FAILED: purpose must be one of/,
    );
    assert.throws(() => parseConsentTerms({ ...terms, usageLimit: 0 }, NOW), /VALIDATION_FAILED: usageLimit/);
  });
});

describe('consent states', () => {
  it('authorises a requested consent and hashes the canonical receipt', () => {
    const { consent, receipt } = authorise(requested(), tx('c2'));
    assert.equal(consent.status, 'authorised');
    assert.equal(receipt.authorisedTxId, 'c2');
    assert.equal(consent.receiptHash, createHash('sha256').update(canonicalJson(receipt)).digest('hex'));
    assert.deepEqual(
      consent.history.map((entry) => entry.status),
      ['requested', 'authorised'],
    );
  });

  it('refuses to authorise a rejected or revoked consent', () => {
    assert.throws(
      () => authorise(reject(requested(), tx('c2')), tx('c3')),
      /CONFLICT: consent c1 is rejected/,
    );
    const revoked = revoke(authorise(requested(), tx('c2')).consent, tx('c3'));
    assert.throws(() => authorise(revoked, tx('c4')), /CONSENT_REVOKED/);
  });

  it('expires by transaction time, not by a stored state', () => {
    const { consent } = authorise(requested(), tx('c2'));
    assert.equal(effectiveStatus(consent, '2026-12-28T23:59:59.999Z'), 'authorised');
    assert.equal(effectiveStatus(consent, '2026-12-29T00:00:00.000Z'), 'expired');
    assert.throws(() => revoke(consent, tx('c3', '2026-12-30T00:00:00.000Z')), /CONSENT_EXPIRED/);
  });

  it('is consumed by the use that reaches its limit', () => {
    const { consent } = authorise(requested({ usageLimit: 2 }), tx('c2'));
    const once = recordUse(consent, tx('a1'));
    assert.equal(once?.status, 'authorised');
    assert.ok(once !== undefined);
    const twice = recordUse(once, tx('a2'));
    assert.equal(twice?.status, 'consumed');
    assert.equal(twice?.usageCount, 2);
  });

  it('counts nothing, and so changes nothing, for a consent without a usage limit', () => {
    const { consent } = authorise(requested(), tx('c2'));
    assert.equal(recordUse(consent, tx('a1')), undefined);
  });
});

describe('refuseAccess', () => {
  const authorised = authorise(requested(), tx('c2')).consent;

  it('allows the bank its own authorised consent for covered categories', () => {
    assert.equal(refuseAccess(authorised, attempt, NOW), undefined);
  });

  it('refuses without a consent', () => {
    assert.equal(refuseAccess(undefined, attempt, NOW)?.code, 'CONSENT_REQUIRED');
  });

  it('refuses another bank’s consent', () => {
    assert.equal(
      refuseAccess(authorised, { ...attempt, bankMspId: 'Bank2MSP' }, NOW)?.code,
      'NOT_AUTHORIZED',
    );
  });

  it('refuses another company and categories outside the consent', () => {
    assert.equal(
      refuseAccess(authorised, { ...attempt, uscc: '91440605MA53KJ1C4K' }, NOW)?.code,
      'CONSENT_REQUIRED',
    );
    const outside = refuseAccess(
      authorised,
      { ...attempt, categories: ['TAX_PAYMENT', 'COURT_JUDGEMENTS'] },
      NOW,
    );
    assert.deepEqual(outside, {
      code: 'CONSENT_REQUIRED',
      detail: 'consent c1 does not cover COURT_JUDGEMENTS',
    });
  });

  it('refuses a different purpose', () => {
    assert.equal(refuseAccess(authorised, { ...attempt, purpose: 'trade' }, NOW)?.code, 'CONSENT_REQUIRED');
  });

  it('refuses a requested, revoked, expired, consumed or not-yet-valid consent with its own code', () => {
    assert.equal(refuseAccess(requested(), attempt, NOW)?.code, 'CONSENT_REQUIRED');
    assert.equal(refuseAccess(revoke(authorised, tx('c3')), attempt, NOW)?.code, 'CONSENT_REVOKED');
    assert.equal(refuseAccess(authorised, attempt, '2027-01-01T00:00:00.000Z')?.code, 'CONSENT_EXPIRED');
    const consumed = recordUse(authorise(requested({ usageLimit: 1 }), tx('c2')).consent, tx('a1'));
    assert.equal(refuseAccess(consumed, attempt, NOW)?.code, 'CONSENT_CONSUMED');
    const later = authorise(requested({ validFrom: '2026-12-01T00:00:00Z' }), tx('c2')).consent;
    assert.equal(refuseAccess(later, attempt, NOW)?.code, 'CONSENT_NOT_ACTIVE');
  });
});
