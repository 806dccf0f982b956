import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type {
  AccessRecord,
  Attestation,
  ConsentResponse,
  ErasureRecord,
  Page,
} from '@sme-credit-ledger/contract';
import type { CallerIdentity } from '../domain/roles';
import { MAX_SCANNED_ATTESTATIONS } from '../ledger/department-attestations';
import { attest, IDS, seededNetwork, USCC, type FakeNetwork } from '../testing/fake-network';

let counter = 0;
const rid = (): string => `own-${String((counter += 1)).padStart(6, '0')}`;

/** TAX attests two companies, SAMR one; Bank1 reads under a consent, Bank2 is refused. */
async function ledger(): Promise<FakeNetwork> {
  const network = await seededNetwork();
  await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', { paidCny: 1 });
  await attest(network, IDS.samr, USCC.shenghua, 'BUSINESS_REGISTRATION', { status: 'active' });
  await attest(network, IDS.tax, USCC.sunlux, 'TAX_CREDIT_RATING', { rating: 'A' });
  const { consent } = await network.submit<ConsentResponse>(IDS.shenghua, 'consent:GrantConsent', {
    requestId: rid(),
    uscc: USCC.shenghua,
    bankMspId: 'Bank1MSP',
    categories: ['TAX_PAYMENT'],
    purpose: 'trade',
    validFrom: '2026-11-29T00:00:00Z',
    validUntil: '2026-12-29T00:00:00Z',
  });
  for (const identity of [IDS.bank1, IDS.bank2]) {
    network.advance(60);
    await network.submit(identity, 'access:RecordAccess', {
      requestId: rid(),
      consentId: consent.consentId,
      uscc: USCC.shenghua,
      categories: ['TAX_PAYMENT'],
      purpose: 'trade',
    });
  }
  return network;
}

describe('own contract', () => {
  it('lists a department’s own attestations and none of another department’s', async () => {
    const network = await ledger();
    const tax = await network.evaluate<Page<Attestation>>(IDS.tax, 'own:ListOwnAttestations', {});
    assert.deepEqual(
      tax.items.map((item) => [item.department, item.uscc, item.category]),
      [
        ['TAX', USCC.shenghua, 'TAX_PAYMENT'],
        ['TAX', USCC.sunlux, 'TAX_CREDIT_RATING'],
      ].sort((a, b) => (a[1] ?? '').localeCompare(b[1] ?? '')),
    );
    assert.equal(tax.bookmark, '');
    const samr = await network.evaluate<Page<Attestation>>(IDS.samr, 'own:ListOwnAttestations', {});
    assert.deepEqual(
      samr.items.map((item) => item.category),
      ['BUSINESS_REGISTRATION'],
    );
    const court = await network.evaluate<Page<Attestation>>(IDS.court, 'own:ListOwnAttestations', {});
    assert.deepEqual(court, { items: [], bookmark: '' });
  });

  it('pages a department’s attestations with the bookmark, without repeating one', async () => {
    const network = await ledger();
    const first = await network.evaluate<Page<Attestation>>(IDS.tax, 'own:ListOwnAttestations', {
      pageSize: 1,
    });
    assert.equal(first.items.length, 1);
    assert.notEqual(first.bookmark, '');
    const second = await network.evaluate<Page<Attestation>>(IDS.tax, 'own:ListOwnAttestations', {
      pageSize: 1,
      bookmark: first.bookmark,
    });
    assert.equal(second.items.length, 1);
    assert.notEqual(second.items[0]?.uscc, first.items[0]?.uscc);
    assert.ok(MAX_SCANNED_ATTESTATIONS >= 100);
  });

  it('refuses a bookmark that was not one of its pages', async () => {
    const network = await ledger();
    await assert.rejects(
      network.evaluate(IDS.tax, 'own:ListOwnAttestations', { bookmark: 'consent\u0000x' }),
      /VALIDATION_FAILED/,
    );
  });

  it('lists a bank’s own accesses, refused ones included, and never another bank’s', async () => {
    const network = await ledger();
    const bank1 = await network.evaluate<Page<AccessRecord>>(IDS.bank1, 'own:ListOwnAccess', {});
    assert.deepEqual(
      bank1.items.map((item) => [item.bankMspId, item.outcome]),
      [['Bank1MSP', 'granted']],
    );
    const bank2 = await network.evaluate<Page<AccessRecord>>(IDS.bank2, 'own:ListOwnAccess', {});
    assert.deepEqual(
      bank2.items.map((item) => [item.bankMspId, item.outcome, item.refusalCode]),
      [['Bank2MSP', 'refused', 'CONSENT_REQUIRED']],
    );
  });

  it('takes no party: a bank naming another bank still gets only its own accesses', async () => {
    const network = await ledger();
    const answer = await network.evaluate<Page<AccessRecord>>(IDS.bank2, 'own:ListOwnAccess', {
      bankMspId: 'Bank1MSP',
    });
    assert.deepEqual(
      answer.items.map((item) => item.bankMspId),
      ['Bank2MSP'],
    );
  });

  it('lists a company’s own erasures only', async () => {
    const network = await ledger();
    await network.submit(IDS.shenghua, 'attestation:EraseRawRecords', {
      requestId: rid(),
      uscc: USCC.shenghua,
      categories: ['TAX_PAYMENT'],
      reason: 'contract ended',
    });
    const own = await network.evaluate<{ items: ErasureRecord[] }>(IDS.shenghua, 'own:ListOwnErasures', {});
    assert.deepEqual(
      own.items.map((item) => [item.uscc, item.purged]),
      [[USCC.shenghua, { TAX_PAYMENT: 1 }]],
    );
    const other = await network.evaluate<{ items: ErasureRecord[] }>(IDS.sunlux, 'own:ListOwnErasures', {});
    assert.deepEqual(other.items, []);
  });

  it('refuses every other role', async () => {
    const network = await ledger();
    const refusals: [CallerIdentity, string][] = [
      [IDS.bank1, 'own:ListOwnAttestations'],
      [IDS.shenghua, 'own:ListOwnAttestations'],
      [IDS.auditor, 'own:ListOwnAttestations'],
      [IDS.tax, 'own:ListOwnAccess'],
      [IDS.shenghua, 'own:ListOwnAccess'],
      [IDS.auditor, 'own:ListOwnAccess'],
      [IDS.bank1, 'own:ListOwnErasures'],
      [IDS.tax, 'own:ListOwnErasures'],
      [IDS.rogue, 'own:ListOwnAttestations'],
    ];
    for (const [identity, invocation] of refusals) {
      await assert.rejects(network.evaluate(identity, invocation, {}), /NOT_AUTHORIZED/, invocation);
    }
  });
});
