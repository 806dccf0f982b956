import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type {
  AccessRecord,
  AttestationHistory,
  Consent,
  ConsentResponse,
  Objection,
  Page,
  VerifyRecordResponse,
} from '@sme-credit-ledger/contract';
import { attest, IDS, seededNetwork, USCC, type FakeNetwork } from '../testing/fake-network';

let counter = 0;
const rid = (): string => `aud-${String((counter += 1)).padStart(6, '0')}`;

async function history(): Promise<{ network: FakeNetwork; salt: string; firstTime: string }> {
  const network = await seededNetwork();
  const firstTime = network.time;
  const { salt } = await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', { paidCny: 1 });
  network.advance(60);
  await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', { paidCny: 2 });
  const granted = await network.submit<ConsentResponse>(IDS.shenghua, 'consent:GrantConsent', {
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
    const request = {
      requestId: rid(),
      consentId: granted.consent.consentId,
      uscc: USCC.shenghua,
      categories: ['TAX_PAYMENT'],
      purpose: 'trade',
    };
    await network.submit(identity, 'access:RecordAccess', request);
  }
  return { network, salt, firstTime };
}

describe('audit contract', () => {
  it('shows the attestation history of a company with every version', async () => {
    const { network } = await history();
    const result = await network.evaluate<AttestationHistory>(IDS.auditor, 'audit:GetAttestationHistory', {
      uscc: USCC.shenghua,
    });
    assert.deepEqual(
      result.attestations.map((a) => [a.category, a.version]),
      [
        ['TAX_PAYMENT', 1],
        ['TAX_PAYMENT', 2],
      ],
    );
  });

  it('shows consent history and access logs by company, bank and time range', async () => {
    const { network } = await history();
    const consents = await network.evaluate<Page<Consent>>(IDS.auditor, 'audit:GetConsentHistory', {
      uscc: USCC.shenghua,
    });
    assert.deepEqual([consents.items.length, consents.bookmark], [1, '']);
    const byBank = await network.evaluate<Page<AccessRecord>>(IDS.auditor, 'audit:ListAccessByBank', {
      bankMspId: 'Bank2MSP',
    });
    assert.deepEqual(
      byBank.items.map((item) => [item.bankMspId, item.outcome, item.refusalCode]),
      [['Bank2MSP', 'refused', 'CONSENT_REQUIRED']],
    );
    const byCompany = await network.evaluate<Page<AccessRecord>>(IDS.auditor, 'audit:ListAccessByCompany', {
      uscc: USCC.shenghua,
    });
    assert.equal(byCompany.items.length, 2);
    const from = byBank.items[0]?.recordedAt ?? '';
    const range = await network.evaluate<Page<AccessRecord>>(IDS.auditor, 'audit:ListAccessByTimeRange', {
      from,
      to: '2026-11-30T00:00:00Z',
    });
    assert.deepEqual(
      range.items.map((item) => item.bankMspId),
      ['Bank2MSP'],
    );
    const all = await network.evaluate<Page<AccessRecord>>(IDS.auditor, 'audit:ListAccessByTimeRange', {
      from: '2026-11-29T00:00:00Z',
      to: from,
      pageSize: 1,
    });
    assert.deepEqual(
      all.items.map((item) => item.bankMspId),
      ['Bank1MSP'],
    );
  });

  it('verifies a record and salt against the attestation that matches, and says when it is not the latest', async () => {
    const { network, salt } = await history();
    const result = await network.evaluate<VerifyRecordResponse>(
      IDS.auditor,
      'audit:VerifyRecord',
      { uscc: USCC.shenghua, category: 'TAX_PAYMENT' },
      { record: '{"paidCny":1}', salt },
    );
    assert.equal(result.match, true);
    assert.equal(result.matched?.version, 1);
    assert.equal(result.isLatest, false);
    const tampered = await network.evaluate<VerifyRecordResponse>(
      IDS.auditor,
      'audit:VerifyRecord',
      { uscc: USCC.shenghua, category: 'TAX_PAYMENT' },
      { record: '{"paidCny":100}', salt },
    );
    assert.deepEqual([tampered.match, tampered.matched], [false, undefined]);
  });

  it('lists objections for auditors', async () => {
    const { network } = await history();
    await network.submit(IDS.shenghua, 'objection:RaiseObjection', {
      requestId: rid(),
      uscc: USCC.shenghua,
      category: 'TAX_PAYMENT',
      reason: 'x',
      evidenceHash: 'd'.repeat(64),
    });
    const result = await network.evaluate<{ items: Objection[] }>(IDS.auditor, 'audit:ListObjections', {
      uscc: USCC.shenghua,
    });
    assert.equal(result.items.length, 1);
  });

  it('refuses auditor writes', async () => {
    const { network } = await history();
    await assert.rejects(
      attest(network, IDS.auditor, USCC.shenghua, 'TAX_PAYMENT', { a: 1 }),
      /NOT_AUTHORIZED/,
    );
    await assert.rejects(
      network.submit(IDS.auditor, 'company:RegisterCompany', { requestId: rid(), uscc: USCC.spare }),
      /NOT_AUTHORIZED/,
    );
    await assert.rejects(
      network.submit(IDS.auditor, 'consent:RequestConsent', { requestId: rid() }),
      /NOT_AUTHORIZED/,
    );
  });

  it('refuses audit views to banks and departments', async () => {
    const { network } = await history();
    await assert.rejects(
      network.evaluate(IDS.bank1, 'audit:GetAttestationHistory', { uscc: USCC.shenghua }),
      /NOT_AUTHORIZED/,
    );
    await assert.rejects(
      network.evaluate(IDS.tax, 'audit:ListAccessByBank', { bankMspId: 'Bank1MSP' }),
      /NOT_AUTHORIZED/,
    );
    await assert.rejects(
      network.evaluate(IDS.bank1, 'audit:ListAccessByTimeRange', {
        from: '2026-11-29T00:00:00Z',
        to: '2026-11-30T00:00:00Z',
      }),
      /NOT_AUTHORIZED/,
    );
  });

  it('pages the consent history instead of capping it', async () => {
    const { network } = await history();
    await network.submit(IDS.shenghua, 'consent:GrantConsent', {
      requestId: rid(),
      uscc: USCC.shenghua,
      bankMspId: 'Bank2MSP',
      categories: ['TAX_PAYMENT'],
      purpose: 'trade',
      validFrom: '2026-11-29T00:00:00Z',
      validUntil: '2026-12-29T00:00:00Z',
    });
    const first = await network.evaluate<Page<Consent>>(IDS.auditor, 'audit:GetConsentHistory', {
      uscc: USCC.shenghua,
      pageSize: 1,
    });
    assert.equal(first.items.length, 1);
    assert.notEqual(first.bookmark, '');
    const second = await network.evaluate<Page<Consent>>(IDS.auditor, 'audit:GetConsentHistory', {
      uscc: USCC.shenghua,
      pageSize: 1,
      bookmark: first.bookmark,
    });
    assert.deepEqual([...first.items, ...second.items].map((consent) => consent.bankMspId).sort(), [
      'Bank1MSP',
      'Bank2MSP',
    ]);
    assert.equal(second.bookmark, '');
    await assert.rejects(
      network.evaluate(IDS.auditor, 'audit:GetConsentHistory', { uscc: USCC.shenghua, pageSize: 101 }),
      /LIMIT_EXCEEDED|VALIDATION_FAILED/,
    );
  });
});
