import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  LIMITS,
  type AccessResponse,
  type Consent,
  type ConsentResponse,
  type Page,
} from '@sme-credit-ledger/contract';
import { IDS, seededNetwork, USCC, type FakeNetwork } from '../testing/fake-network';

const TERMS = {
  uscc: USCC.shenghua,
  categories: ['TAX_PAYMENT', 'SOCIAL_INSURANCE'],
  purpose: 'supply-chain',
  validFrom: '2026-11-29T00:00:00Z',
  validUntil: '2026-12-29T00:00:00Z',
};

let counter = 0;
const rid = (): string => `req-${String((counter += 1)).padStart(6, '0')}`;

async function requestConsent(network: FakeNetwork, extra: Record<string, unknown> = {}): Promise<Consent> {
  const response = await network.submit<ConsentResponse>(IDS.bank1, 'consent:RequestConsent', {
    requestId: rid(),
    ...TERMS,
    ...extra,
  });
  return response.consent;
}

describe('consent contract', () => {
  it('lets a bank request and the company authorise, with a receipt hash', async () => {
    const network = await seededNetwork();
    const requested = await requestConsent(network);
    assert.equal(requested.status, 'requested');
    assert.equal(requested.bankMspId, 'Bank1MSP');
    const authorised = await network.submit<ConsentResponse>(IDS.shenghua, 'consent:AuthoriseConsent', {
      requestId: rid(),
      consentId: requested.consentId,
    });
    assert.equal(authorised.consent.status, 'authorised');
    assert.match(authorised.consent.receiptHash ?? '', /^[0-9a-f]{64}$/);
    assert.equal(authorised.receipt?.consentId, requested.consentId);
  });

  it('lets a company grant directly', async () => {
    const network = await seededNetwork();
    const granted = await network.submit<ConsentResponse>(IDS.shenghua, 'consent:GrantConsent', {
      requestId: rid(),
      ...TERMS,
      bankMspId: 'Bank2MSP',
      usageLimit: 3,
    });
    assert.equal(granted.consent.status, 'authorised');
    assert.equal(granted.consent.bankMspId, 'Bank2MSP');
    assert.equal(granted.consent.usageLimit, 3);
  });

  it('refuses a company consenting for another USCC', async () => {
    const network = await seededNetwork();
    await assert.rejects(
      network.submit(IDS.sunlux, 'consent:GrantConsent', {
        requestId: rid(),
        ...TERMS,
        bankMspId: 'Bank1MSP',
      }),
      /NOT_AUTHORIZED: company 91440605MA53KJ1C4K cannot act for 91441300MA4UQ7R20Q/,
    );
    const requested = await requestConsent(network);
    await assert.rejects(
      network.submit(IDS.sunlux, 'consent:AuthoriseConsent', {
        requestId: rid(),
        consentId: requested.consentId,
      }),
      /NOT_AUTHORIZED/,
    );
  });

  it('refuses departments, banks and auditors deciding for companies', async () => {
    const network = await seededNetwork();
    const requested = await requestConsent(network);
    for (const identity of [IDS.tax, IDS.bank1, IDS.auditor]) {
      await assert.rejects(
        network.submit(identity, 'consent:AuthoriseConsent', {
          requestId: rid(),
          consentId: requested.consentId,
        }),
        /NOT_AUTHORIZED/,
      );
      await assert.rejects(
        network.submit(identity, 'consent:GrantConsent', {
          requestId: rid(),
          ...TERMS,
          bankMspId: 'Bank1MSP',
        }),
        /NOT_AUTHORIZED/,
      );
    }
  });

  it('refuses consent requests from non-banks and for unknown categories', async () => {
    const network = await seededNetwork();
    await assert.rejects(
      network.submit(IDS.shenghua, 'consent:RequestConsent', { requestId: rid(), ...TERMS }),
      /NOT_AUTHORIZED/,
    );
    await assert.rejects(requestConsent(network, { categories: ['NOT_A_CATEGORY'] }), /UNKNOWN_CATEGORY/);
  });

  it('rejects, revokes, and refuses to authorise a rejected consent', async () => {
    const network = await seededNetwork();
    const requested = await requestConsent(network);
    const rejected = await network.submit<ConsentResponse>(IDS.shenghua, 'consent:RejectConsent', {
      requestId: rid(),
      consentId: requested.consentId,
      reason: 'not now',
    });
    assert.equal(rejected.consent.status, 'rejected');
    await assert.rejects(
      network.submit(IDS.shenghua, 'consent:AuthoriseConsent', {
        requestId: rid(),
        consentId: requested.consentId,
      }),
      /CONFLICT/,
    );
    const other = await requestConsent(network);
    await network.submit(IDS.shenghua, 'consent:AuthoriseConsent', {
      requestId: rid(),
      consentId: other.consentId,
    });
    const revoked = await network.submit<ConsentResponse>(IDS.shenghua, 'consent:RevokeConsent', {
      requestId: rid(),
      consentId: other.consentId,
    });
    assert.deepEqual(
      revoked.consent.history.map((entry) => entry.status),
      ['requested', 'authorised', 'revoked'],
    );
  });

  it('reports an authorised consent as expired once the transaction time passes its window', async () => {
    const network = await seededNetwork();
    const requested = await requestConsent(network);
    await network.submit(IDS.shenghua, 'consent:AuthoriseConsent', {
      requestId: rid(),
      consentId: requested.consentId,
    });
    network.advance(31 * 24 * 3600);
    const read = await network.evaluate<ConsentResponse>(IDS.bank1, 'consent:GetConsent', {
      consentId: requested.consentId,
    });
    assert.equal(read.consent.status, 'expired');
  });

  it('revokes the replaced consent when its replacement is authorised', async () => {
    const network = await seededNetwork();
    const old = await requestConsent(network);
    await network.submit(IDS.shenghua, 'consent:AuthoriseConsent', {
      requestId: rid(),
      consentId: old.consentId,
    });
    const replacement = await requestConsent(network, {
      categories: ['TAX_PAYMENT'],
      replacesConsentId: old.consentId,
    });
    await network.submit(IDS.shenghua, 'consent:AuthoriseConsent', {
      requestId: rid(),
      consentId: replacement.consentId,
    });
    const oldNow = await network.evaluate<ConsentResponse>(IDS.auditor, 'consent:GetConsent', {
      consentId: old.consentId,
    });
    assert.equal(oldNow.consent.status, 'revoked');
    assert.equal(oldNow.consent.history.at(-1)?.reason, `replaced by ${replacement.consentId}`);
  });

  it('refuses replacing another bank’s consent', async () => {
    const network = await seededNetwork();
    const granted = await network.submit<ConsentResponse>(IDS.shenghua, 'consent:GrantConsent', {
      requestId: rid(),
      ...TERMS,
      bankMspId: 'Bank2MSP',
    });
    await assert.rejects(
      requestConsent(network, { replacesConsentId: granted.consent.consentId }),
      /NOT_FOUND: no consent/,
    );
  });

  it('lists consents by company and by bank with paging, only for the owner or an auditor', async () => {
    const network = await seededNetwork();
    for (let i = 0; i < 3; i += 1) {
      await requestConsent(network);
    }
    const first = await network.evaluate<Page<Consent>>(IDS.shenghua, 'consent:ListConsentsByCompany', {
      uscc: USCC.shenghua,
      pageSize: 2,
    });
    assert.equal(first.items.length, 2);
    const second = await network.evaluate<Page<Consent>>(IDS.shenghua, 'consent:ListConsentsByCompany', {
      uscc: USCC.shenghua,
      pageSize: 2,
      bookmark: first.bookmark,
    });
    assert.equal(second.items.length, 1);
    assert.equal(second.bookmark, '');
    const byBank = await network.evaluate<Page<Consent>>(IDS.auditor, 'consent:ListConsentsByBank', {
      bankMspId: 'Bank1MSP',
    });
    assert.equal(byBank.items.length, 3);
    await assert.rejects(
      network.evaluate(IDS.bank2, 'consent:ListConsentsByBank', { bankMspId: 'Bank1MSP' }),
      /NOT_AUTHORIZED/,
    );
    await assert.rejects(
      network.evaluate(IDS.sunlux, 'consent:ListConsentsByCompany', { uscc: USCC.shenghua }),
      /NOT_AUTHORIZED/,
    );
    await assert.rejects(
      network.evaluate(IDS.bank2, 'consent:GetConsent', { consentId: first.items[0]?.consentId }),
      /NOT_FOUND: no consent/,
    );
  });

  it('refuses page sizes over 100', async () => {
    const network = await seededNetwork();
    await assert.rejects(
      network.evaluate(IDS.auditor, 'consent:ListConsentsByBank', { bankMspId: 'Bank1MSP', pageSize: 101 }),
      /LIMIT_EXCEEDED: pageSize/,
    );
  });

  it('revokes a consumed consent', async () => {
    const network = await seededNetwork();
    const granted = await network.submit<ConsentResponse>(IDS.shenghua, 'consent:GrantConsent', {
      requestId: rid(),
      ...TERMS,
      bankMspId: 'Bank1MSP',
      usageLimit: 1,
    });
    const { consentId } = granted.consent;
    await network.submit<AccessResponse>(IDS.bank1, 'access:RecordAccess', {
      requestId: rid(),
      consentId,
      uscc: USCC.shenghua,
      categories: ['TAX_PAYMENT'],
      purpose: 'supply-chain',
    });
    const revoked = await network.submit<ConsentResponse>(IDS.shenghua, 'consent:RevokeConsent', {
      requestId: rid(),
      consentId,
      reason: 'relationship ended',
    });
    assert.deepEqual(
      revoked.consent.history.map((entry) => entry.status),
      ['authorised', 'consumed', 'revoked'],
    );
  });

  describe('pending request quota', () => {
    const quota = LIMITS.maxPendingConsentRequestsPerCompany;

    async function fill(network: FakeNetwork): Promise<Consent[]> {
      const pending: Consent[] = [];
      for (let i = 0; i < quota; i += 1) {
        pending.push(await requestConsent(network));
      }
      return pending;
    }

    it('refuses a bank’s request past its pending quota for one company, and changes nothing', async () => {
      const network = await seededNetwork();
      await fill(network);
      const before = network.snapshot();
      await assert.rejects(requestConsent(network), /LIMIT_EXCEEDED: .*pending/);
      assert.equal(network.snapshot(), before);
    });

    it('counts per bank and per company', async () => {
      const network = await seededNetwork();
      await fill(network);
      assert.equal((await requestConsent(network, { uscc: USCC.sunlux })).status, 'requested');
      const other = await network.submit<ConsentResponse>(IDS.bank2, 'consent:RequestConsent', {
        requestId: rid(),
        ...TERMS,
      });
      assert.equal(other.consent.status, 'requested');
    });

    it('frees a place when the company decides on a request or the request expires', async () => {
      const network = await seededNetwork();
      const [first, second] = await fill(network);
      for (const [transaction, consent] of [
        ['consent:RejectConsent', first],
        ['consent:AuthoriseConsent', second],
      ] as const) {
        await network.submit(IDS.shenghua, transaction, { requestId: rid(), consentId: consent?.consentId });
        assert.equal((await requestConsent(network)).status, 'requested');
      }
      await assert.rejects(requestConsent(network), /LIMIT_EXCEEDED/);
      network.time = '2026-12-30T00:00:00.000Z';
      assert.equal(
        (await requestConsent(network, { validUntil: '2027-01-29T00:00:00Z' })).status,
        'requested',
      );
    });
  });
});
