import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from '@jest/globals';
import type { Catalog } from './authorization-rules';
import type { TrustedIdentity } from './identity-verifier';
import { check, codes, creator, remove, write } from './rule-test-kit';
import { TrackedState } from './tracked-state';

const USCC = '91440101MA59AB3N63';
const TAX = creator('GovMSP', { role: 'department', dept: 'TAX' });
const COMPANY = creator('GovMSP', { role: 'company', uscc: USCC });
const BANK1 = creator('Bank1MSP', { role: 'bank' });

const attestation = (department: string, version = 1, category = 'TAX_PAYMENT', txId = 'tx1') =>
  write(['attestation', USCC, category, String(version).padStart(8, '0')], {
    uscc: USCC,
    category,
    version,
    department,
    txId,
  });
const head = (latestVersion: number, fields: Record<string, unknown> = {}, category = 'TAX_PAYMENT') =>
  write(['attestationHead', USCC, category], {
    uscc: USCC,
    category,
    latestVersion,
    openObjectionIds: [],
    erasedThroughVersion: 0,
    latestTxId: 'tx1',
    ...fields,
  });
const saltUse = (fingerprint = 'f1', txId = 'tx1') => write(['saltUse', fingerprint], { txId });
const attest = (department: string, version = 1) => [
  attestation(department, version),
  head(version),
  saltUse(),
];

/** A state that has seen version 1 of USCC/TAX_PAYMENT attested. */
function attestedOnce(): TrackedState {
  const state = new TrackedState();
  check(attest('TAX'), { creator: TAX, txId: 'tx0', state });
  return state;
}

describe('authorization rules: attestations, heads and salt-use marks', () => {
  it('accepts an attestation by an allowed department with its head and salt-use mark', () => {
    assert.deepEqual(check(attest('TAX'), { creator: TAX }), []);
  });

  it('refuses an attestation by a department not allowed for the category', () => {
    const findings = check(attest('HRSS'), {
      creator: creator('GovMSP', { role: 'department', dept: 'HRSS' }),
    });

    assert.equal(findings[0]?.code, 'AUTHZ_ATTESTATION');
    assert.match(findings[0]?.message ?? '', /HRSS may not attest TAX_PAYMENT/);
  });

  it('refuses a bank certificate that claims a department role', () => {
    const findings = check(attest('TAX'), {
      creator: creator('Bank1MSP', { role: 'department', dept: 'TAX' }),
    });

    assert.ok(codes(findings).includes('AUTHZ_ATTESTATION'));
  });

  it('refuses an attestation naming another department than its creator', () => {
    const findings = check(attest('TAX'), {
      creator: creator('GovMSP', { role: 'department', dept: 'MEE' }),
    });

    assert.equal(findings[0]?.code, 'AUTHZ_ATTESTATION');
  });

  it('refuses a head that points to another version than the attestation written with it', () => {
    const findings = check([attestation('TAX'), head(7), saltUse()], { creator: TAX });

    assert.deepEqual(codes(findings), ['AUTHZ_ATTESTATION_HEAD']);
    assert.match(findings[0]?.message ?? '', /points to version 7, not to version 1/);
  });

  it('refuses a head rewritten with no attestation, objection or erasure beside it', () => {
    const findings = check([head(1, { openObjectionIds: [] })], { creator: BANK1, state: attestedOnce() });

    assert.deepEqual(codes(findings), ['AUTHZ_ATTESTATION_HEAD']);
  });

  it('refuses a head moved to a version that is not the latest on the ledger', () => {
    const objection = write(['objection', 'tx1'], {
      objectionId: 'tx1',
      uscc: USCC,
      category: 'TAX_PAYMENT',
      department: 'TAX',
      status: 'open',
      raisedTxId: 'tx1',
    });
    const index = write(['objectionByCompany', USCC, 'tx1'], 'tx1');

    const honest = check([objection, index, head(1, { openObjectionIds: ['tx1'] })], {
      creator: COMPANY,
      state: attestedOnce(),
    });
    const moved = check([objection, index, head(2, { openObjectionIds: ['tx1'] })], {
      creator: COMPANY,
      state: attestedOnce(),
    });
    const unlisted = check([objection, index, head(1)], { creator: COMPANY, state: attestedOnce() });

    assert.deepEqual(honest, []);
    assert.deepEqual(codes(moved), ['AUTHZ_ATTESTATION_HEAD']);
    assert.match(unlisted[0]?.message ?? '', /does not mark objection tx1 raised with it open/);
  });

  it('refuses a salt-use mark written without an attestation', () => {
    const findings = check([saltUse()], { creator: TAX });

    assert.deepEqual(codes(findings), ['AUTHZ_SALT_USE']);
  });

  it('refuses a second salt-use mark of the same salt and a rewritten attestation version', () => {
    const state = attestedOnce();

    const findings = check(attest('TAX', 1), { creator: TAX, state });

    assert.deepEqual(codes(findings).sort(), ['AUTHZ_REWRITE', 'AUTHZ_REWRITE']);
  });

  it('accepts the next version and refuses one that skips a version', () => {
    assert.deepEqual(
      check([attestation('TAX', 2), head(2), saltUse('f2')], { creator: TAX, state: attestedOnce() }),
      [],
    );
    assert.deepEqual(
      codes(check([attestation('TAX', 3), head(3), saltUse('f2')], { creator: TAX, state: attestedOnce() })),
      ['AUTHZ_ATTESTATION'],
    );
  });
});

describe('authorization rules: deletes and unknown keys', () => {
  it('refuses a delete of an attestation', () => {
    const findings = check([remove(['attestation', USCC, 'TAX_PAYMENT', '00000001'])], { creator: TAX });

    assert.deepEqual(codes(findings), ['AUTHZ_DELETE']);
  });

  it('refuses a write to a key of no family of the chaincode', () => {
    assert.deepEqual(codes(check([write(['backdoor', 'x'], {})], { creator: TAX })), ['AUTHZ_UNKNOWN_KEY']);
    assert.deepEqual(codes(check([write(['accessByTime|', 'x'], {})], { creator: BANK1 })), [
      'AUTHZ_UNKNOWN_KEY',
    ]);
  });
});

describe('authorization rules: bank business in public state', () => {
  const consent = write(['consent', 'c1'], {
    consentId: 'c1',
    uscc: USCC,
    bankMspId: 'Bank1MSP',
    status: 'authorised',
  });

  it('names a consent written to public state, even by the company it names and with its indexes', () => {
    const findings = check(
      [
        consent,
        write(['consentByCompany', USCC, 'c1'], 'c1'),
        write(['consentByBank', 'Bank1MSP', 'c1'], 'c1'),
      ],
      { creator: COMPANY, txId: 'c1', functionName: 'consent:GrantConsent' },
    );

    assert.deepEqual(codes(findings), Array(3).fill('AUTHZ_CONFIDENTIAL_IN_PUBLIC_STATE'));
    assert.match(findings[0]?.message ?? '', /"consent\/c1" in public state by GovMSP company/);
  });

  it('names every former public business family and the keys of the business collections', () => {
    const keys = [
      ['access', 'a1'],
      ['accessByCompany', USCC, '2026-01-01T00:00:00.000Z', 'a1'],
      ['accessByBank', 'Bank1MSP', '2026-01-01T00:00:00.000Z', 'a1'],
      ['pendingConsentRequest', 'Bank1MSP', USCC, 'c1'],
      ['refusedAccess', 'Bank1MSP', USCC, '2026-01-01', 'a1'],
      ['pendingRequests', 'p'],
      ['registered', 'p'],
    ];
    for (const parts of keys) {
      assert.deepEqual(
        codes(
          check([write(parts, { accessId: 'a1' })], { creator: BANK1, functionName: 'access:RecordAccess' }),
        ),
        ['AUTHZ_CONFIDENTIAL_IN_PUBLIC_STATE'],
        parts.join('/'),
      );
    }
    const byTime = {
      key: 'accessByTime|2026-01-01T00:00:00.000Z|a1',
      value: Buffer.from('{}'),
      isDelete: false,
    };
    assert.deepEqual(codes(check([byTime], { creator: BANK1 })), ['AUTHZ_CONFIDENTIAL_IN_PUBLIC_STATE']);
  });

  it('names a delete of a public consent as business in public state, not as an allowed delete', () => {
    const findings = check([remove(['pendingConsentRequest', 'Bank1MSP', USCC, 'c1'])], { creator: COMPANY });

    assert.deepEqual(codes(findings), ['AUTHZ_CONFIDENTIAL_IN_PUBLIC_STATE']);
  });
});

describe('authorization rules: request keys, companies, catalog', () => {
  const requestKey = (identity: TrustedIdentity): string =>
    createHash('sha256').update(`${identity.mspId}\n${identity.clientId}`).digest('hex');
  const request = (digest: string) =>
    write(['request', digest, 'r1'], {
      invocation: 'attestation:Attest',
      requestHash: 'h',
      response: '{}',
      txId: 'tx1',
    });

  it('accepts a request record under its creator and refuses one under another identity', () => {
    assert.deepEqual(check([...attest('TAX'), request(requestKey(TAX))], { creator: TAX }), []);
    const findings = check([...attest('TAX'), request(requestKey(COMPANY))], { creator: TAX });

    assert.deepEqual(codes(findings), ['AUTHZ_REQUEST']);
  });

  it('refuses a request record rewritten by its own creator', () => {
    const state = new TrackedState();
    check([...attest('TAX'), request(requestKey(TAX))], { creator: TAX, state });

    assert.ok(codes(check([request(requestKey(TAX))], { creator: TAX, state })).includes('AUTHZ_REWRITE'));
  });

  it('refuses a second registration of a company', () => {
    const samr = creator('GovMSP', { role: 'department', dept: 'SAMR' });
    const company = write(['company', USCC], { uscc: USCC, registeredByDept: 'SAMR', txId: 'tx1' });
    const state = new TrackedState();

    assert.deepEqual(check([company], { creator: samr, state }), []);
    assert.deepEqual(codes(check([company], { creator: samr, state })), ['AUTHZ_REWRITE']);
  });

  it('learns categories from the catalog admin and refuses categories from anyone else', () => {
    const known: Catalog = {};
    const category = write(['category', 'PATENTS'], { code: 'PATENTS', departments: ['CNIPA'] });

    check([category], { creator: creator('GovMSP', { role: 'catalog-admin' }), catalog: known });
    const findings = check([category], {
      creator: creator('GovMSP', { role: 'department', dept: 'CNIPA' }),
      catalog: {},
    });

    assert.deepEqual(known, { PATENTS: ['CNIPA'] });
    assert.equal(findings[0]?.code, 'AUTHZ_CATALOG');
  });
});
