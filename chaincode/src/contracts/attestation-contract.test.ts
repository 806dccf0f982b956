import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { AttestBatchResponse, AttestationView, ErasureResponse } from '@sme-credit-ledger/contract';
import { recordHash } from '../domain/attestation-rules';
import { attest, IDS, seededNetwork, USCC } from '../testing/fake-network';

const TAX_RECORD = { year: 2025, paidCny: 1_250_000, arrears: false };

describe('attestation contract', () => {
  it('stores the salted hash on chain and the raw record only in the private collection', async () => {
    const network = await seededNetwork();
    const { response, salt } = await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', TAX_RECORD);
    assert.equal(
      response.attestation.hash,
      recordHash('sha256', salt, '{"arrears":false,"paidCny":1250000,"year":2025}'),
    );
    assert.equal(response.attestation.version, 1);
    assert.equal(response.attestation.department, 'TAX');
    const publicData = JSON.stringify([...network.world.state]) + JSON.stringify(network.world.events);
    assert.ok(
      !publicData.includes('1250000') && !publicData.includes(salt),
      'raw record or salt leaked to world state or events',
    );
    const raw = [...(network.world.privateData.get('govRawRecords')?.values() ?? [])];
    assert.equal(raw.length, 1);
    assert.ok(raw[0]?.includes('1250000') && raw[0].includes(salt));
    assert.ok(!JSON.stringify(response).includes('1250000'));
  });

  it('supersedes the previous attestation and keeps both versions', async () => {
    const network = await seededNetwork();
    const first = await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', TAX_RECORD);
    const second = await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', {
      ...TAX_RECORD,
      paidCny: 1_300_000,
    });
    assert.equal(second.response.attestation.version, 2);
    assert.equal(second.response.attestation.supersedesTxId, first.response.attestation.txId);
    const view = await network.evaluate<AttestationView>(IDS.auditor, 'attestation:GetAttestation', {
      uscc: USCC.shenghua,
      category: 'TAX_PAYMENT',
    });
    assert.equal(view.attestation.version, 2);
  });

  it('refuses a department attesting a category it does not own', async () => {
    const network = await seededNetwork();
    await assert.rejects(
      attest(network, IDS.court, USCC.shenghua, 'TAX_PAYMENT', TAX_RECORD),
      /NOT_AUTHORIZED: department COURT may not attest TAX_PAYMENT/,
    );
  });

  it('refuses banks, companies, auditors and the rogue officer as attesters', async () => {
    const network = await seededNetwork();
    for (const identity of [IDS.bank1, IDS.shenghua, IDS.auditor, IDS.rogue]) {
      await assert.rejects(
        attest(network, identity, USCC.shenghua, 'TAX_PAYMENT', TAX_RECORD),
        /NOT_AUTHORIZED/,
      );
    }
  });

  it('refuses unknown categories, unregistered companies and wrong schema versions', async () => {
    const network = await seededNetwork();
    await assert.rejects(
      attest(network, IDS.tax, USCC.shenghua, 'TAX_SECRETS', TAX_RECORD),
      /UNKNOWN_CATEGORY/,
    );
    await assert.rejects(
      attest(network, IDS.tax, USCC.spare, 'TAX_PAYMENT', TAX_RECORD),
      /NOT_FOUND: company 91440101MA59AB3N63 is not registered/,
    );
    const request = {
      requestId: 'attest-schema',
      uscc: USCC.shenghua,
      category: 'TAX_PAYMENT',
      schemaVersion: 2,
      effectiveDate: '2026-10-01',
    };
    await assert.rejects(
      network.submit(IDS.tax, 'attestation:Attest', request, { record: '{}', salt: network.salt() }),
      /VALIDATION_FAILED: TAX_PAYMENT expects schemaVersion 1/,
    );
  });

  it('refuses a reused salt and leaves the ledger unchanged', async () => {
    const network = await seededNetwork();
    const { salt } = await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', TAX_RECORD);
    const before = network.snapshot();
    const request = {
      requestId: 'attest-reuse',
      uscc: USCC.sunlux,
      category: 'TAX_PAYMENT',
      schemaVersion: 1,
      effectiveDate: '2026-10-01',
    };
    await assert.rejects(
      network.submit(IDS.tax, 'attestation:Attest', request, { record: '{"a":1}', salt }),
      /SALT_REUSED/,
    );
    assert.equal(network.snapshot(), before);
  });

  it('refuses raw data missing from transient and the sm3 algorithm for now', async () => {
    const network = await seededNetwork();
    const request = {
      requestId: 'attest-missing',
      uscc: USCC.shenghua,
      category: 'TAX_PAYMENT',
      schemaVersion: 1,
      effectiveDate: '2026-10-01',
    };
    await assert.rejects(
      network.submit(IDS.tax, 'attestation:Attest', request, { salt: network.salt() }),
      /VALIDATION_FAILED: record is required in transient field "record"/,
    );
    await assert.rejects(
      network.submit(
        IDS.tax,
        'attestation:Attest',
        { ...request, algorithm: 'sm3' },
        { record: '{}', salt: network.salt() },
      ),
      /VALIDATION_FAILED: algorithm sm3 is reserved/,
    );
  });

  it('returns the original attestation when a retry repeats the requestId', async () => {
    const network = await seededNetwork();
    const request = {
      requestId: 'attest-retry-1',
      uscc: USCC.shenghua,
      category: 'TAX_PAYMENT',
      schemaVersion: 1,
      effectiveDate: '2026-10-01',
    };
    const transient = { record: JSON.stringify(TAX_RECORD), salt: network.salt() };
    const first = await network.submitText(IDS.tax, 'attestation:Attest', request, transient);
    const retry = await network.submitText(IDS.tax, 'attestation:Attest', request, transient);
    assert.equal(retry, first);
    const view = await network.evaluate<AttestationView>(IDS.tax, 'attestation:GetAttestation', {
      uscc: USCC.shenghua,
      category: 'TAX_PAYMENT',
    });
    assert.equal(view.attestation.version, 1);
  });

  it('attests a batch in one transaction with one summary event', async () => {
    const network = await seededNetwork();
    const batch = [USCC.shenghua, USCC.sunlux, USCC.corehelm].map((uscc) => ({
      uscc,
      category: 'TAX_CREDIT_RATING',
      schemaVersion: 1,
      effectiveDate: '2026-10-01',
      record: { rating: 'A' },
      salt: network.salt(),
    }));
    const response = await network.submit<AttestBatchResponse>(
      IDS.tax,
      'attestation:AttestBatch',
      { requestId: 'batch-000001' },
      { batch: JSON.stringify(batch) },
    );
    assert.equal(response.count, 3);
    assert.equal(response.txId, network.lastLedger?.txId);
    assert.equal(response.department, 'TAX');
    assert.deepEqual(
      response.items.map((item) => item.uscc),
      [USCC.shenghua, USCC.sunlux, USCC.corehelm],
    );
    // Each receipt is what the ledger holds for that item, and nothing more (the response is stored twice).
    for (const item of response.items) {
      assert.deepEqual(Object.keys(item).sort(), ['category', 'hash', 'uscc', 'version']);
      const view = await network.evaluate<AttestationView>(IDS.tax, 'attestation:GetAttestation', {
        uscc: item.uscc,
        category: item.category,
      });
      assert.equal(view.attestation.hash, item.hash);
      assert.equal(view.attestation.version, item.version);
      assert.equal(view.attestation.attestedAt, response.attestedAt);
    }
    const events = network.world.events.filter((event) => event.txId === response.txId);
    assert.deepEqual(
      events.map((event) => event.name),
      ['AttestationBatchRecorded'],
    );
    assert.ok(!events[0]?.payload.includes('rating'));
  });

  it('writes nothing when one batch item is invalid', async () => {
    const network = await seededNetwork();
    const before = network.snapshot();
    const batch = [
      {
        uscc: USCC.shenghua,
        category: 'TAX_PAYMENT',
        schemaVersion: 1,
        effectiveDate: '2026-10-01',
        record: { a: 1 },
        salt: network.salt(),
      },
      {
        uscc: USCC.sunlux,
        category: 'COURT_JUDGEMENTS',
        schemaVersion: 1,
        effectiveDate: '2026-10-01',
        record: { a: 1 },
        salt: network.salt(),
      },
    ];
    await assert.rejects(
      network.submit(
        IDS.tax,
        'attestation:AttestBatch',
        { requestId: 'batch-000002' },
        { batch: JSON.stringify(batch) },
      ),
      /NOT_AUTHORIZED: department TAX may not attest COURT_JUDGEMENTS/,
    );
    assert.equal(network.snapshot(), before);
  });

  it('erases the raw records at the company’s request and keeps the hashes', async () => {
    const network = await seededNetwork();
    await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', TAX_RECORD);
    await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', { ...TAX_RECORD, paidCny: 1 });
    const { erasure } = await network.submit<ErasureResponse>(IDS.shenghua, 'attestation:EraseRawRecords', {
      requestId: 'erase-000001',
      uscc: USCC.shenghua,
      categories: ['TAX_PAYMENT'],
      reason: 'contract ended',
    });
    assert.deepEqual(erasure.purged, { TAX_PAYMENT: 2 });
    assert.equal(network.world.privateData.get('govRawRecords')?.size, 0);
    assert.equal(network.world.purgedKeys.length, 2);
    const view = await network.evaluate<AttestationView>(IDS.auditor, 'attestation:GetAttestation', {
      uscc: USCC.shenghua,
      category: 'TAX_PAYMENT',
    });
    assert.equal(view.erasedThroughVersion, 2);
  });

  it('refuses erasure for another company or by a department', async () => {
    const network = await seededNetwork();
    await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', TAX_RECORD);
    const request = {
      requestId: 'erase-000002',
      uscc: USCC.shenghua,
      categories: ['TAX_PAYMENT'],
      reason: 'x',
    };
    await assert.rejects(
      network.submit(IDS.sunlux, 'attestation:EraseRawRecords', request),
      /NOT_AUTHORIZED: company 91440605MA53KJ1C4K cannot act for 91441300MA4UQ7R20Q/,
    );
    await assert.rejects(network.submit(IDS.tax, 'attestation:EraseRawRecords', request), /NOT_AUTHORIZED/);
  });

  it('hides attestations from banks and from other companies', async () => {
    const network = await seededNetwork();
    await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', TAX_RECORD);
    const request = { uscc: USCC.shenghua, category: 'TAX_PAYMENT' };
    await assert.rejects(
      network.evaluate(IDS.bank1, 'attestation:GetAttestation', request),
      /NOT_AUTHORIZED/,
    );
    await assert.rejects(
      network.evaluate(IDS.sunlux, 'attestation:GetAttestation', request),
      /NOT_AUTHORIZED/,
    );
    assert.equal(
      (await network.evaluate<AttestationView>(IDS.shenghua, 'attestation:GetAttestation', request)).disputed,
      false,
    );
  });
});
