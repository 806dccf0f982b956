import {
  invocationName,
  type AttestBatchResponse,
  type ErasureResponse,
  type ObjectionResponse,
  TRANSIENT_FIELDS,
  type AccessRecord,
  type AttestResponse,
  type AttestationView,
  type ConsentResponse,
  type Page,
  type OpenedAuthorizedRecords,
  type VerifyRecordResponse,
} from '@sme-credit-ledger/contract';
import { StatusCode } from '@hyperledger/fabric-gateway';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertRefused, LedgerCaller } from './support/ledger-caller';
import { ensureNetwork, type TestProfile } from './support/network-cli';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(600_000);

// The journey on the live network: department attests, company consents, bank reads, auditor verifies,
// and every refusal the issue lists. Runs are repeatable: ids, salts and consents are fresh each time.
const SHENGHUA = '91441300MA4UQ7R20Q';
const SUNLUX = '91440605MA53KJ1C4K';
const utf8 = new TextDecoder();
const encode = (text: string): Uint8Array => Buffer.from(text, 'utf8');

describe('credit flow on the live network', () => {
  let profile: TestProfile;
  let ledger: LedgerCaller;

  const rid = (): string => `it-${randomUUID()}`;
  const salt = (): string => randomBytes(16).toString('hex');
  const inSeconds = (seconds: number): string => new Date(Date.now() + seconds * 1000).toISOString();

  function grant(uscc: string, bankMspId: string, categories: string[], validUntil = inSeconds(86_400)) {
    const request = {
      requestId: rid(),
      uscc,
      bankMspId,
      categories,
      purpose: 'credit-review',
      validFrom: inSeconds(-600),
      validUntil,
    };
    return ledger.submit<ConsentResponse>(
      `gov/${uscc === SHENGHUA ? 'shenghua' : 'sunlux'}`,
      invocationName('consent', 'GrantConsent'),
      request,
    );
  }

  function recordAccess(bank: string, consentId: string, categories = ['TAX_PAYMENT']) {
    const request = { requestId: rid(), consentId, uscc: SHENGHUA, categories, purpose: 'credit-review' };
    return ledger.recordAccess(bank, request);
  }

  const attestRequest = (uscc: string, category: string) => ({
    requestId: rid(),
    uscc,
    category,
    schemaVersion: 1,
    effectiveDate: '2026-10-01',
  });

  /**
   * The raw read runs on a GovMSP peer, which may commit the access block a moment after the bank's own
   * peer reported it: NOT_FOUND right after RecordAccess is retried briefly (the gateway must do the same).
   */
  async function readAuthorized(bank: string, accessId: string): Promise<OpenedAuthorizedRecords> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await ledger.readAuthorizedRecords(bank, accessId);
      } catch (error) {
        if (attempt >= 20 || !/NOT_FOUND: no access/.test(String(error))) throw error;
        await sleep(250);
      }
    }
  }

  const taxRecord = { arrears: false, paidCny: 1_250_000, year: 2025 };
  let taxSalt = '';
  let attested: AttestResponse;

  beforeAll(async () => {
    profile = await ensureNetwork();
    ledger = new LedgerCaller(profile);
    await ledger.submit('gov/catalog-admin', invocationName('catalog', 'LoadStarterCatalog'), {});
    for (const uscc of [SHENGHUA, SUNLUX]) {
      // Registration is once per ledger: a re-run meets CONFLICT, which is the expected steady state.
      await ledger
        .submit('gov/samr-officer', invocationName('company', 'RegisterCompany'), {
          requestId: rid(),
          uscc,
        })
        .catch((error: Error) => assert.match(`${error.message} ${JSON.stringify(error)}`, /CONFLICT:/));
    }
    taxSalt = salt();
    const request = attestRequest(SHENGHUA, 'TAX_PAYMENT');
    attested = await ledger.submit<AttestResponse>(
      'gov/tax-officer',
      invocationName('attestation', 'Attest'),
      request,
      {
        [TRANSIENT_FIELDS.record]: JSON.stringify(taxRecord),
        [TRANSIENT_FIELDS.salt]: taxSalt,
      },
    );
  });

  afterAll(() => {
    ledger?.close();
  });

  it('attests the salted hash of the canonical record, never the record itself', () => {
    const expected = createHash('sha256')
      .update(`${taxSalt}${JSON.stringify(taxRecord)}`)
      .digest('hex');
    assert.equal(attested.attestation.hash, expected);
    assert.equal(attested.attestation.department, 'TAX');
    assert.ok(!JSON.stringify(attested).includes('1250000'));
  });

  it('keeps the raw record and salt out of the committed block', async () => {
    const qscc = ledger.connection('gov/tax-officer').gateway.getNetwork(profile.channel).getContract('qscc');
    assert.ok(qscc, 'the tax officer connection is open');
    const block = Buffer.from(
      await qscc.evaluateTransaction('GetBlockByTxID', profile.channel, attested.attestation.txId),
    );
    assert.ok(block.includes(attested.attestation.hash), 'the block holds the attestation');
    assert.ok(!block.includes(taxSalt), 'the salt reached the block');
    assert.ok(!block.includes('"paidCny":1250000'), 'the raw record reached the block');
  });

  it('lets a consented bank record an access and read the raw record on the gov peer', async () => {
    const { consent } = await grant(SHENGHUA, 'Bank1MSP', ['TAX_PAYMENT']);
    const access = await recordAccess('bank1/officer', consent.consentId);
    assert.equal(access.outcome, 'granted');
    const read = await readAuthorized('bank1/officer', access.accessId);
    const tax = read.records.find((record) => record.category === 'TAX_PAYMENT');
    assert.deepEqual(tax?.record, taxRecord);
    assert.equal(tax?.salt, taxSalt);
    assert.equal(tax?.attestation.txId, attested.attestation.txId);
  });

  it('lets the auditor verify the record and see the access log', async () => {
    const verified = await ledger
      .contract('auditor/auditor')
      .evaluate(invocationName('audit', 'VerifyRecord'), {
        arguments: [JSON.stringify({ uscc: SHENGHUA, category: 'TAX_PAYMENT' })],
        transientData: { record: encode(JSON.stringify(taxRecord)), salt: encode(taxSalt) },
      });
    const result = JSON.parse(utf8.decode(verified)) as VerifyRecordResponse;
    assert.equal(result.match, true);
    assert.equal(result.matched?.txId, attested.attestation.txId);
    const log = await ledger.evaluate<Page<AccessRecord>>(
      'auditor/auditor',
      invocationName('audit', 'ListAccessByBank'),
      { bankMspId: 'Bank1MSP', pageSize: 100 },
    );
    assert.ok(log.items.length > 0);
  });

  it('records a refusal for a bank without consent', async () => {
    const access = await recordAccess('bank2/officer', `no-consent-${randomUUID()}`);
    assert.deepEqual([access.outcome, access.refusalCode], ['refused', 'CONSENT_REQUIRED']);
  });

  it('records a refusal after the consent is revoked', async () => {
    const { consent } = await grant(SHENGHUA, 'Bank1MSP', ['TAX_PAYMENT']);
    await ledger.submit('gov/shenghua', invocationName('consent', 'RevokeConsent'), {
      requestId: rid(),
      consentId: consent.consentId,
    });
    assert.equal((await recordAccess('bank1/officer', consent.consentId)).refusalCode, 'CONSENT_REVOKED');
  });

  it('records a refusal after the consent expires', async () => {
    const { consent } = await grant(SHENGHUA, 'Bank1MSP', ['TAX_PAYMENT'], inSeconds(4));
    await sleep(5_000);
    assert.equal((await recordAccess('bank1/officer', consent.consentId)).refusalCode, 'CONSENT_EXPIRED');
  });

  it('records a refusal for categories outside the consent', async () => {
    const { consent } = await grant(SHENGHUA, 'Bank1MSP', ['TAX_PAYMENT']);
    const access = await recordAccess('bank1/officer', consent.consentId, ['COURT_JUDGEMENTS']);
    assert.equal(access.refusalCode, 'CONSENT_REQUIRED');
  });

  it('records a refusal when a bank uses another bank’s consent, and refuses its raw read', async () => {
    const { consent } = await grant(SHENGHUA, 'Bank1MSP', ['TAX_PAYMENT']);
    const access = await recordAccess('bank2/officer', consent.consentId);
    // Bank2's transactions read only Bank2's collection: Bank1's consent does not exist for it.
    assert.equal(access.refusalCode, 'CONSENT_REQUIRED');
    await assertRefused(readAuthorized('bank2/officer', access.accessId), 'NOT_AUTHORIZED');
  });

  it('refuses a department attesting a category it does not own', async () => {
    const request = attestRequest(SHENGHUA, 'TAX_PAYMENT');
    await assertRefused(
      ledger.submit('gov/court-officer', invocationName('attestation', 'Attest'), request, {
        record: '{"a":1}',
        salt: salt(),
      }),
      'NOT_AUTHORIZED',
    );
  });

  it('rejects at commit an attestation endorsed only by a bank peer, leaving the state unchanged', async () => {
    const before = await ledger.evaluate<AttestationView>(
      'gov/tax-officer',
      invocationName('attestation', 'GetAttestation'),
      {
        uscc: SHENGHUA,
        category: 'TAX_PAYMENT',
      },
    );
    const request = attestRequest(SHENGHUA, 'TAX_PAYMENT');

    // As if a bank ran a modified chaincode: only its own peer endorses. The policy OR('GovMSP.peer')
    // is checked by every peer at validation, so the transaction is ordered but marked invalid.
    const proposal = ledger.contract('gov/tax-officer').newProposal(invocationName('attestation', 'Attest'), {
      arguments: [JSON.stringify(request)],
      endorsingOrganizations: ['Bank1MSP'],
      transientData: { record: encode('{"forged":true}'), salt: encode(salt()) },
    });
    const commit = await (await proposal.endorse()).submit();
    const status = await commit.getStatus();

    assert.equal(status.successful, false);
    assert.equal(status.code, StatusCode.ENDORSEMENT_POLICY_FAILURE);
    const after = await ledger.evaluate<AttestationView>(
      'gov/tax-officer',
      invocationName('attestation', 'GetAttestation'),
      {
        uscc: SHENGHUA,
        category: 'TAX_PAYMENT',
      },
    );
    assert.deepEqual(after.attestation, before.attestation);
  });

  it('refuses the rogue bank officer that claims a TAX department role', async () => {
    const request = attestRequest(SHENGHUA, 'TAX_PAYMENT');
    await assertRefused(
      ledger.submit('bank1/rogue-officer', invocationName('attestation', 'Attest'), request, {
        record: '{"a":1}',
        salt: salt(),
      }),
      'NOT_AUTHORIZED',
    );
  });

  it('refuses a company consenting for another USCC', async () => {
    const request = {
      requestId: rid(),
      uscc: SHENGHUA,
      bankMspId: 'Bank1MSP',
      categories: ['TAX_PAYMENT'],
      purpose: 'credit-review',
      validFrom: inSeconds(-60),
      validUntil: inSeconds(3600),
    };
    await assertRefused(
      ledger.submit('gov/sunlux', invocationName('consent', 'GrantConsent'), request),
      'NOT_AUTHORIZED',
    );
  });

  it('refuses auditor writes', async () => {
    await assertRefused(
      ledger.submit('auditor/auditor', invocationName('company', 'RegisterCompany'), {
        requestId: rid(),
        uscc: SUNLUX,
      }),
      'NOT_AUTHORIZED',
    );
    const request = attestRequest(SHENGHUA, 'TAX_PAYMENT');
    await assertRefused(
      ledger.submit('auditor/auditor', invocationName('attestation', 'Attest'), request, {
        record: '{"a":1}',
        salt: salt(),
      }),
      'NOT_AUTHORIZED',
    );
  });
  it('attests a batch in one transaction', async () => {
    const batch = [SHENGHUA, SUNLUX].map((uscc) => ({
      uscc,
      category: 'TAX_CREDIT_RATING',
      schemaVersion: 1,
      effectiveDate: '2026-10-01',
      record: { rating: 'A' },
      salt: salt(),
    }));
    const response = await ledger.submit<AttestBatchResponse>(
      'gov/tax-officer',
      invocationName('attestation', 'AttestBatch'),
      { requestId: rid() },
      { [TRANSIENT_FIELDS.batch]: JSON.stringify(batch) },
    );
    assert.equal(response.count, 2);
    assert.deepEqual(
      response.items.map((item) => [item.uscc, item.category, item.hash.length]),
      batch.map((item) => [item.uscc, item.category, 64]),
    );
  });

  it('returns the first result when a client retries a request id', async () => {
    const request = {
      requestId: rid(),
      uscc: SHENGHUA,
      bankMspId: 'Bank2MSP',
      categories: ['TAX_PAYMENT'],
      purpose: 'trade',
      validFrom: inSeconds(-60),
      validUntil: inSeconds(3600),
    };
    const first = await ledger.submit<ConsentResponse>(
      'gov/shenghua',
      invocationName('consent', 'GrantConsent'),
      request,
    );
    const retry = await ledger.submit<ConsentResponse>(
      'gov/shenghua',
      invocationName('consent', 'GrantConsent'),
      request,
    );
    assert.equal(retry.consent.consentId, first.consent.consentId);
  });

  it('shows an objected record as disputed to the reading bank until the department resolves it', async () => {
    const { consent } = await grant(SHENGHUA, 'Bank1MSP', ['TAX_PAYMENT']);
    const objection = await ledger.submit<ObjectionResponse>(
      'gov/shenghua',
      invocationName('objection', 'RaiseObjection'),
      {
        requestId: rid(),
        uscc: SHENGHUA,
        category: 'TAX_PAYMENT',
        reason: 'paid amount is wrong',
        evidenceHash: createHash('sha256').update('evidence').digest('hex'),
      },
    );
    const access = await recordAccess('bank1/officer', consent.consentId);
    const read = await readAuthorized('bank1/officer', access.accessId);
    assert.equal(read.records[0]?.disputed, true);
    const resolved = await ledger.submit<ObjectionResponse>(
      'gov/tax-officer',
      invocationName('objection', 'ResolveObjection'),
      {
        requestId: rid(),
        objectionId: objection.objection.objectionId,
        outcome: 'rejected',
        reason: 'matches the tax books',
      },
    );
    assert.equal(resolved.objection.status, 'rejected');
  });

  it('purges raw records at the company’s request and keeps the proof', async () => {
    const request = attestRequest(SUNLUX, 'PATENTS');
    await ledger.submit('gov/cnipa-officer', invocationName('attestation', 'Attest'), request, {
      record: '{"granted":3}',
      salt: salt(),
    });
    const { erasure } = await ledger.submit<ErasureResponse>(
      'gov/sunlux',
      invocationName('attestation', 'EraseRawRecords'),
      {
        requestId: rid(),
        uscc: SUNLUX,
        categories: ['PATENTS'],
        reason: 'relationship ended',
      },
    );
    assert.ok((erasure.purged.PATENTS ?? 0) >= 1);
    const { consent } = await grant(SUNLUX, 'Bank1MSP', ['PATENTS']);
    const access = await ledger.recordAccess('bank1/officer', {
      requestId: rid(),
      consentId: consent.consentId,
      uscc: SUNLUX,
      categories: ['PATENTS'],
      purpose: 'credit-review',
    });
    const read = await readAuthorized('bank1/officer', access.accessId);
    assert.deepEqual([read.records[0]?.available, read.records[0]?.record], [false, undefined]);
    assert.match(read.records[0]?.attestation.hash ?? '', /^[0-9a-f]{64}$/);
  });

  it('pages the access log by time range for the auditor', async () => {
    const page = await ledger.evaluate<Page<AccessRecord>>(
      'auditor/auditor',
      invocationName('audit', 'ListAccessByTimeRange'),
      { from: inSeconds(-3600), to: inSeconds(60), pageSize: 2 },
    );
    assert.equal(page.items.length, 2);
    assert.notEqual(page.bookmark, '');
    const next = await ledger.evaluate<Page<AccessRecord>>(
      'auditor/auditor',
      invocationName('audit', 'ListAccessByTimeRange'),
      { from: inSeconds(-3600), to: inSeconds(60), pageSize: 2, bookmark: page.bookmark },
    );
    assert.ok(next.items.length > 0);
    assert.notEqual(next.items[0]?.accessId, page.items[0]?.accessId);
  });
});
