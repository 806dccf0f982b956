import {
  buildUscc,
  invocationName,
  LIMITS,
  TRANSIENT_FIELDS,
  type AccessRecord,
  type AttestResponse,
  type Consent,
  type ConsentResponse,
  type Page,
  type OpenedAuthorizedRecords,
} from '@sme-credit-ledger/contract';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertRefused, LedgerCaller } from './support/ledger-caller';
import { ensureNetwork, type TestProfile } from './support/network-cli';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(600_000);

// The bounds of a bank's consented access on the live network: reads bound to the versions the access
// logged, revocation of a consumed consent closing the read, and the per-bank quotas. Quotas are checked on
// a company registered fresh for each run, so reruns on the same ledger and day start from zero.
const COREHELM = '91440300MA5FT9WX61';
/** Reads go to the gov peer: the raw records are there only, and it has committed what the test just wrote. */
const ON_GOV_PEER = { endorsingOrganizations: ['GovMSP'] };

describe('consent and access bounds on the live network', () => {
  let profile: TestProfile;
  let ledger: LedgerCaller;

  const rid = (): string => `ca-${randomUUID()}`;
  const inSeconds = (seconds: number): string => new Date(Date.now() + seconds * 1000).toISOString();
  const terms = (uscc: string) => ({
    uscc,
    categories: ['TAX_PAYMENT'],
    purpose: 'credit-review',
    validFrom: inSeconds(-600),
    validUntil: inSeconds(86_400),
  });

  async function attestTax(record: object): Promise<{ response: AttestResponse; salt: string }> {
    const salt = randomBytes(16).toString('hex');
    const request = {
      requestId: rid(),
      uscc: COREHELM,
      category: 'TAX_PAYMENT',
      schemaVersion: 1,
      effectiveDate: '2026-10-01',
    };
    const response = await ledger.submit<AttestResponse>(
      'gov/tax-officer',
      invocationName('attestation', 'Attest'),
      request,
      { [TRANSIENT_FIELDS.record]: JSON.stringify(record), [TRANSIENT_FIELDS.salt]: salt },
    );
    return { response, salt };
  }

  /** Corehelm's own consent for Bank1 on its tax record. */
  function grantToBank1(extra: object = {}): Promise<ConsentResponse> {
    return ledger.submit<ConsentResponse>('gov/corehelm', invocationName('consent', 'GrantConsent'), {
      requestId: rid(),
      ...terms(COREHELM),
      bankMspId: 'Bank1MSP',
      ...extra,
    });
  }

  function recordAccess(bank: string, uscc: string, consentId: string): Promise<AccessRecord> {
    return ledger.recordAccess(bank, {
      requestId: rid(),
      consentId,
      uscc,
      categories: ['TAX_PAYMENT'],
      purpose: 'credit-review',
    });
  }

  /**
   * The gov peer may commit RecordAccess a moment after the bank's own peer reported it: NOT_FOUND right
   * after it is retried briefly, as in credit-flow.
   */
  async function readAuthorized(accessId: string): Promise<OpenedAuthorizedRecords> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await ledger.readAuthorizedRecords('bank1/officer', accessId);
      } catch (error) {
        if (attempt >= 20 || !/NOT_FOUND: no access/.test(`${String(error)} ${JSON.stringify(error)}`)) {
          throw error;
        }
        await sleep(250);
      }
    }
  }

  /** Reads until the gov peer, once it has committed the change, refuses with `code` (within 5 s). */
  async function assertReadClosed(accessId: string, code: string): Promise<void> {
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      const refused = await readAuthorized(accessId).then(
        () => false,
        async (error: Error) => {
          await assertRefused(Promise.reject(error), code);
          return true;
        },
      );
      if (refused) return;
      await sleep(250);
    }
    assert.fail(`access ${accessId} is still readable`);
  }

  async function registerFreshCompany(): Promise<string> {
    const uscc = buildUscc('91440300', randomBytes(4).toString('hex').toUpperCase());
    await ledger.submit('gov/samr-officer', invocationName('company', 'RegisterCompany'), {
      requestId: rid(),
      uscc,
    });
    return uscc;
  }

  beforeAll(async () => {
    profile = await ensureNetwork();
    ledger = new LedgerCaller(profile);
    await ledger.seedCompany(COREHELM);
  });

  afterAll(() => {
    ledger?.close();
  });

  it('returns the version the access logged, not a newer attestation', async () => {
    const logged = await attestTax({ paidCny: 1, run: randomUUID() });
    const granted = await grantToBank1();
    const access = await recordAccess('bank1/officer', COREHELM, granted.consent.consentId);
    assert.deepEqual(access.attestedVersions, { TAX_PAYMENT: logged.response.attestation.version });

    const newer = await attestTax({ paidCny: 2, run: randomUUID() });
    const read = await readAuthorized(access.accessId);

    assert.ok(newer.response.attestation.version > logged.response.attestation.version);
    const tax = read.records[0];
    assert.deepEqual(
      [tax?.attestation.version, tax?.attestation.txId, tax?.salt],
      [logged.response.attestation.version, logged.response.attestation.txId, logged.salt],
    );
  });

  it('refuses a consent to an organization the topology gave no business collection', async () => {
    // The peer's answer for an undefined collection is what tells the chaincode a bank from anything else.
    await assertRefused(grantToBank1({ bankMspId: 'Bank9MSP' }), 'VALIDATION_FAILED');
    await assertRefused(
      ledger.evaluate('auditor/auditor', invocationName('consent', 'ListConsentsByBank'), {
        bankMspId: 'GovMSP',
      }),
      'VALIDATION_FAILED',
    );
  });

  it('revokes a consumed consent and closes the read of its access', async () => {
    const granted = await grantToBank1({ usageLimit: 1 });
    const access = await recordAccess('bank1/officer', COREHELM, granted.consent.consentId);
    assert.equal(access.outcome, 'granted');
    await readAuthorized(access.accessId);

    const revoked = await ledger.submit<ConsentResponse>(
      'gov/corehelm',
      invocationName('consent', 'RevokeConsent'),
      {
        requestId: rid(),
        consentId: granted.consent.consentId,
      },
    );

    assert.deepEqual(
      revoked.consent.history.map((entry) => entry.status),
      ['authorised', 'consumed', 'revoked'],
    );
    await assertReadClosed(access.accessId, 'CONSENT_REVOKED');
  });

  describe('quotas per bank and company', () => {
    let company = '';

    beforeAll(async () => {
      company = await registerFreshCompany();
    });

    it('refuses a bank’s consent request past its pending quota for one company', async () => {
      const request = (bank: string) =>
        ledger.submit<ConsentResponse>(bank, invocationName('consent', 'RequestConsent'), {
          requestId: rid(),
          ...terms(company),
        });
      for (let i = 0; i < LIMITS.maxPendingConsentRequestsPerCompany; i += 1) {
        assert.equal((await request('bank1/officer')).consent.status, 'requested');
      }

      await assertRefused(request('bank1/officer'), 'LIMIT_EXCEEDED');
      assert.equal((await request('bank2/officer')).consent.status, 'requested');
    });

    it('pages the company’s consent history for the auditor', async () => {
      const name = invocationName('audit', 'GetConsentHistory');
      const seen: Consent[] = [];
      let bookmark = '';
      do {
        const page = await ledger.evaluate<Page<Consent>>(
          'auditor/auditor',
          name,
          { uscc: company, pageSize: 2, bookmark },
          ON_GOV_PEER,
        );
        assert.ok(page.items.length <= 2);
        seen.push(...page.items);
        bookmark = page.bookmark;
      } while (bookmark !== '');

      assert.equal(seen.length, LIMITS.maxPendingConsentRequestsPerCompany + 1);
      assert.equal(new Set(seen.map((consent) => consent.consentId)).size, seen.length);
    });

    it('refuses a bank’s access past its daily refusals for one company, without recording it', async () => {
      const quota = LIMITS.maxRefusedAccessesPerCompanyPerDay;
      for (let i = 0; i < quota; i += 1) {
        assert.equal((await recordAccess('bank2/officer', company, `no-consent-${i}`)).outcome, 'refused');
      }

      await assertRefused(recordAccess('bank2/officer', company, 'no-consent-over'), 'LIMIT_EXCEEDED');
      const log = await ledger.evaluate<Page<AccessRecord>>(
        'auditor/auditor',
        invocationName('audit', 'ListAccessByCompany'),
        { uscc: company, pageSize: 100 },
        ON_GOV_PEER,
      );
      assert.equal(log.items.filter((item) => item.bankMspId === 'Bank2MSP').length, quota);
    });
  });
});
