import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  LIMITS,
  type AccessRecord,
  type Page,
  canonicalJson,
  newReaderKeyPair,
  openAuthorizedRecords,
  openResponse,
  type SealedBox,
  SealingError,
  type ReadAuthorizedRecordsResponse,
} from '@sme-credit-ledger/contract';
import { recordHash } from '../domain/attestation-rules';
import { consentedNetwork, readAuthorized, recordAccess, rid, TAX_RECORD } from '../testing/access-fixtures';
import { attest, IDS, USCC, type FakeNetwork } from '../testing/fake-network';

/** A value as it could appear in a response: text, hex and base64 of its UTF-8 bytes. */
function encodings(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  return [value, bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')];
}

describe('access contract', () => {
  it('grants a consented access, then returns raw record, salt and proof fields on evaluate', async () => {
    const { network, consentId, salt } = await consentedNetwork();
    const access = await recordAccess(network, consentId, {
      categories: ['TAX_PAYMENT', 'SOCIAL_INSURANCE'],
    });
    assert.equal(access.outcome, 'granted');
    const read = await readAuthorized(network, IDS.bank1, access.accessId);
    const tax = read.records.find((record) => record.category === 'TAX_PAYMENT');
    assert.deepEqual(tax?.record, { paidCny: 1_250_000, year: 2025 });
    assert.equal(tax?.salt, salt);
    assert.equal(tax?.attestation.hash, recordHash('sha256', salt, '{"paidCny":1250000,"year":2025}'));
    assert.equal(tax?.disputed, false);
    assert.equal(read.records.length, 2);
  });

  describe('raw records sealed to the reader', () => {
    // As a client of the bank's own would call it: exactly this transient data, the response as sent.
    const readRaw = (network: FakeNetwork, accessId: string, transient: Record<string, string> = {}) =>
      network.rawText(IDS.bank1, 'access:ReadAuthorizedRecords', '{}', {
        request: JSON.stringify({ accessId }),
        ...transient,
      });

    it('refuses a read without a reader key, or with a malformed or unusable one', async () => {
      const { network, consentId } = await consentedNetwork();
      const access = await recordAccess(network, consentId);
      const badKeys = [
        undefined,
        '',
        'not-a-key',
        Buffer.alloc(33, 7).toString('base64url'),
        Buffer.alloc(32, 7).toString('base64'),
        Buffer.alloc(32).toString('base64url'),
      ];
      for (const readerKey of badKeys) {
        await assert.rejects(
          readRaw(network, access.accessId, readerKey === undefined ? {} : { readerKey }),
          /VALIDATION_FAILED: transient field "readerKey"/,
          `reader key ${String(readerKey)}`,
        );
      }
    });

    it('answers the raw record and salt only as ciphertext that opens with the reader’s private key', async () => {
      const { network, consentId, salt } = await consentedNetwork();
      const access = await recordAccess(network, consentId);
      const reader = network.newReaderKeyPair();
      const text = await readRaw(network, access.accessId, { readerKey: reader.publicKey });
      const raw = canonicalJson(TAX_RECORD);
      // The whole response is sealed: not even the company or the consent is in clear.
      for (const secret of [raw, salt, String(TAX_RECORD.paidCny), USCC.shenghua, consentId]) {
        for (const encoded of encodings(secret)) {
          assert.equal(text.includes(encoded), false, `${secret} appears in clear as ${encoded}`);
        }
      }
      const opened1 = openResponse(
        JSON.parse(text) as SealedBox,
        reader.privateKey,
        'access:ReadAuthorizedRecords',
      );
      const response = JSON.parse(opened1) as ReadAuthorizedRecordsResponse;
      assert.equal('record' in (response.records[0] ?? {}), false);
      const opened = openAuthorizedRecords(response, reader.privateKey);
      assert.deepEqual([opened.records[0]?.record, opened.records[0]?.salt], [TAX_RECORD, salt]);
    });

    it('answers ciphertext that another key cannot open, nor the reader once moved to another access', async () => {
      const { network, consentId } = await consentedNetwork();
      const first = await recordAccess(network, consentId);
      const second = await recordAccess(network, consentId);
      const reader = network.newReaderKeyPair();
      const read = (accessId: string): Promise<ReadAuthorizedRecordsResponse> =>
        network.evaluate(
          IDS.bank1,
          'access:ReadAuthorizedRecords',
          { accessId },
          {
            readerKey: reader.publicKey,
          },
        );
      const response = await read(first.accessId);
      assert.throws(() => openAuthorizedRecords(response, newReaderKeyPair().privateKey), SealingError);
      const moved = { ...(await read(second.accessId)), sealed: response.sealed };
      assert.throws(() => openAuthorizedRecords(moved, reader.privateKey), SealingError);
    });
  });

  it('counts granted accesses and consumes the consent at its usage limit', async () => {
    const { network, consentId } = await consentedNetwork({ usageLimit: 1 });
    assert.equal((await recordAccess(network, consentId)).outcome, 'granted');
    const second = await recordAccess(network, consentId);
    assert.equal(second.outcome, 'refused');
    assert.equal(second.refusalCode, 'CONSENT_CONSUMED');
  });

  it('records a refusal when the bank has no consent', async () => {
    const { network } = await consentedNetwork();
    const access = await recordAccess(network, 'no-such-consent');
    assert.deepEqual([access.outcome, access.refusalCode], ['refused', 'CONSENT_REQUIRED']);
  });

  it('records a refusal after the consent is revoked', async () => {
    const { network, consentId } = await consentedNetwork();
    await network.submit(IDS.shenghua, 'consent:RevokeConsent', { requestId: rid(), consentId });
    assert.equal((await recordAccess(network, consentId)).refusalCode, 'CONSENT_REVOKED');
  });

  it('records a refusal after the consent expires', async () => {
    const { network, consentId } = await consentedNetwork();
    network.advance(31 * 24 * 3600);
    assert.equal((await recordAccess(network, consentId)).refusalCode, 'CONSENT_EXPIRED');
  });

  it('records a refusal for categories outside the consent', async () => {
    const { network, consentId } = await consentedNetwork();
    const access = await recordAccess(network, consentId, { categories: ['COURT_JUDGEMENTS'] });
    assert.equal(access.refusalCode, 'CONSENT_REQUIRED');
    assert.match(access.refusalDetail ?? '', /does not cover COURT_JUDGEMENTS/);
  });

  it('records a refusal when a bank uses another bank’s consent', async () => {
    const { network, consentId } = await consentedNetwork();
    // Bank2 reads only its own collection: Bank1's consent does not exist for it.
    assert.equal((await recordAccess(network, consentId, {}, IDS.bank2)).refusalCode, 'CONSENT_REQUIRED');
  });

  it('shows refusals to auditors in the access log and never lets a refused access read', async () => {
    const { network, consentId } = await consentedNetwork();
    const refused = await recordAccess(network, consentId, { categories: ['COURT_JUDGEMENTS'] });
    const log = await network.evaluate<Page<AccessRecord>>(IDS.auditor, 'audit:ListAccessByCompany', {
      uscc: USCC.shenghua,
    });
    assert.deepEqual(
      log.items.map((item) => item.outcome),
      ['refused'],
    );
    await assert.rejects(
      readAuthorized(network, IDS.bank1, refused.accessId),
      /NOT_AUTHORIZED: access .* was refused/,
    );
  });

  it('refuses a read after the consent is revoked', async () => {
    const { network, consentId } = await consentedNetwork();
    const access = await recordAccess(network, consentId);
    await network.submit(IDS.shenghua, 'consent:RevokeConsent', { requestId: rid(), consentId });
    await assert.rejects(readAuthorized(network, IDS.bank1, access.accessId), /CONSENT_REVOKED/);
  });

  it('refuses a read of another bank’s access and of a stale access', async () => {
    const { network, consentId } = await consentedNetwork();
    const access = await recordAccess(network, consentId);
    await assert.rejects(readAuthorized(network, IDS.bank2, access.accessId), /NOT_FOUND: no access/);
    network.advance(16 * 60);
    await assert.rejects(readAuthorized(network, IDS.bank1, access.accessId), /ACCESS_EXPIRED/);
  });

  it('refuses access recording by departments, companies, auditors and the rogue officer', async () => {
    const { network, consentId } = await consentedNetwork();
    for (const identity of [IDS.tax, IDS.shenghua, IDS.auditor, IDS.rogue]) {
      await assert.rejects(recordAccess(network, consentId, {}, identity), /NOT_AUTHORIZED/);
    }
  });

  it('marks a disputed record and an erased one in the read', async () => {
    const { network, consentId } = await consentedNetwork();
    await network.submit(IDS.shenghua, 'objection:RaiseObjection', {
      requestId: rid(),
      uscc: USCC.shenghua,
      category: 'TAX_PAYMENT',
      reason: 'wrong year',
      evidenceHash: 'b'.repeat(64),
    });
    await network.submit(IDS.shenghua, 'attestation:EraseRawRecords', {
      requestId: rid(),
      uscc: USCC.shenghua,
      categories: ['SOCIAL_INSURANCE'],
      reason: 'no longer needed',
    });
    const access = await recordAccess(network, consentId, {
      categories: ['TAX_PAYMENT', 'SOCIAL_INSURANCE'],
    });
    const read = await readAuthorized(network, IDS.bank1, access.accessId);
    const tax = read.records.find((record) => record.category === 'TAX_PAYMENT');
    const social = read.records.find((record) => record.category === 'SOCIAL_INSURANCE');
    assert.equal(tax?.disputed, true);
    assert.deepEqual(
      [social?.available, social?.record, typeof social?.attestation.hash],
      [false, undefined, 'string'],
    );
  });

  it('leaves an unlimited consent untouched, so concurrent accesses under it do not conflict', async () => {
    const { network, consentId } = await consentedNetwork();
    const consentKey = (key: string): boolean =>
      key.includes(consentId) && key.includes('\u0000consent\u0000');
    const access = await recordAccess(network, consentId);
    assert.equal(access.outcome, 'granted');
    const written = network.lastLedger?.writes.map((write) => write.key) ?? [];
    assert.ok(written.length > 0, 'the access itself is written');
    assert.deepEqual(written.filter(consentKey), []);
    assert.ok((network.lastLedger?.reads ?? []).some(consentKey), 'the consent is read and checked');
  });

  describe('proposal timestamps chosen by the client', () => {
    const tolerance = LIMITS.proposalTimeToleranceSeconds;
    const validUntil = '2026-12-29T00:00:00.000Z';
    const before = (seconds: number): string =>
      new Date(Date.parse(validUntil) - seconds * 1000).toISOString();

    it('records CONSENT_EXPIRED for an access timestamped within the tolerance of validUntil', async () => {
      const { network, consentId } = await consentedNetwork();
      network.time = before(tolerance - 1);
      const access = await recordAccess(network, consentId);
      assert.deepEqual([access.outcome, access.refusalCode], ['refused', 'CONSENT_EXPIRED']);
      network.time = before(tolerance + 1);
      assert.equal((await recordAccess(network, consentId)).outcome, 'granted');
    });

    it('refuses a read timestamped before its access was recorded', async () => {
      const { network, consentId } = await consentedNetwork();
      const access = await recordAccess(network, consentId);
      network.advance(-30);
      await assert.rejects(
        readAuthorized(network, IDS.bank1, access.accessId),
        /VALIDATION_FAILED: .*before access/,
      );
    });

    it('closes the read window early by the tolerance of both timestamps', async () => {
      const { network, consentId } = await consentedNetwork();
      const access = await recordAccess(network, consentId);
      const read = (): Promise<unknown> => readAuthorized(network, IDS.bank1, access.accessId);
      network.advance(LIMITS.accessReadWindowSeconds - 2 * tolerance);
      await read();
      network.advance(1);
      await assert.rejects(read(), /ACCESS_EXPIRED/);
    });

    it('refuses a read timestamped within the tolerance of the consent’s validUntil', async () => {
      const { network, consentId } = await consentedNetwork();
      network.time = before(tolerance + 30);
      const access = await recordAccess(network, consentId);
      assert.equal(access.outcome, 'granted');
      network.advance(60);
      await assert.rejects(readAuthorized(network, IDS.bank1, access.accessId), /CONSENT_EXPIRED/);
    });
  });

  describe('reads bound to the attested versions of the access', () => {
    it('logs the head version of each category and returns exactly those after a newer attestation', async () => {
      const { network, consentId, salt } = await consentedNetwork();
      const access = await recordAccess(network, consentId, {
        categories: ['TAX_PAYMENT', 'SOCIAL_INSURANCE'],
      });
      assert.deepEqual(access.attestedVersions, { SOCIAL_INSURANCE: 1, TAX_PAYMENT: 1 });
      await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', { year: 2026, paidCny: 9 });
      const read = await readAuthorized(network, IDS.bank1, access.accessId);
      const tax = read.records.find((record) => record.category === 'TAX_PAYMENT');
      assert.deepEqual(
        [tax?.attestation.version, tax?.record, tax?.salt],
        [1, { paidCny: 1_250_000, year: 2025 }, salt],
      );
    });

    it('reports a category first attested after the access as missing', async () => {
      const { network, consentId } = await consentedNetwork({
        categories: ['TAX_PAYMENT', 'INVOICE_VOLUME'],
      });
      const access = await recordAccess(network, consentId, {
        categories: ['TAX_PAYMENT', 'INVOICE_VOLUME'],
      });
      assert.deepEqual(access.attestedVersions, { TAX_PAYMENT: 1 });
      await attest(network, IDS.tax, USCC.shenghua, 'INVOICE_VOLUME', { quarter: 3 });
      const read = await readAuthorized(network, IDS.bank1, access.accessId);
      assert.deepEqual(
        [read.records.map((record) => record.category), read.missingCategories],
        [['TAX_PAYMENT'], ['INVOICE_VOLUME']],
      );
    });

    it('logs no versions for a refused access', async () => {
      const { network } = await consentedNetwork();
      const access = await recordAccess(network, 'no-such-consent');
      assert.equal(access.attestedVersions, undefined);
    });
  });

  it('closes the read window of an access when its consumed consent is revoked', async () => {
    const { network, consentId } = await consentedNetwork({ usageLimit: 1 });
    const access = await recordAccess(network, consentId);
    assert.equal(access.outcome, 'granted');
    await network.submit(IDS.shenghua, 'consent:RevokeConsent', { requestId: rid(), consentId });
    await assert.rejects(readAuthorized(network, IDS.bank1, access.accessId), /CONSENT_REVOKED/);
  });

  describe('refused access quota', () => {
    it('refuses an access to an unregistered company without recording it, so quotas cannot be dodged', async () => {
      const { network } = await consentedNetwork();
      const before = network.snapshot();
      await assert.rejects(
        recordAccess(network, 'no-such-consent', { uscc: USCC.spare }),
        /NOT_FOUND: company .* is not registered/,
      );
      assert.equal(network.snapshot(), before);
    });

    const quota = LIMITS.maxRefusedAccessesPerCompanyPerDay;

    it('refuses with LIMIT_EXCEEDED past a bank’s daily refusals for one company, and writes nothing', async () => {
      const { network, consentId } = await consentedNetwork();
      for (let i = 0; i < quota; i += 1) {
        assert.equal((await recordAccess(network, 'no-such-consent')).outcome, 'refused');
      }
      const before = network.snapshot();
      await assert.rejects(recordAccess(network, 'no-such-consent'), /LIMIT_EXCEEDED: .*refused/);
      assert.equal(network.snapshot(), before);
      assert.equal((await recordAccess(network, consentId)).outcome, 'granted');
      const otherCompany = await recordAccess(network, 'no-such-consent', { uscc: USCC.sunlux });
      assert.equal(otherCompany.outcome, 'refused');
      const otherBank = await recordAccess(network, 'no-such-consent', {}, IDS.bank2);
      assert.equal(otherBank.outcome, 'refused');
      network.advance(24 * 3600);
      assert.equal((await recordAccess(network, 'no-such-consent')).outcome, 'refused');
    });
  });
});
