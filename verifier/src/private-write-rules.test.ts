import {
  bankCollection,
  PLATFORM_INDEX_COLLECTION,
  RAW_RECORDS_COLLECTION,
} from '@sme-credit-ledger/contract';
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { KvWrite } from './block-decoder';
import type { TrustedIdentity } from './identity-verifier';
import { checkPrivateWrites } from './private-write-rules';
import { codes, creator, write } from './rule-test-kit';

const USCC = '91440101MA59AB3N63';
const BANK1 = creator('Bank1MSP', { role: 'bank' });
const BANK2 = creator('Bank2MSP', { role: 'bank' });
const COMPANY = creator('GovMSP', { role: 'company', uscc: USCC });
const TAX = creator('GovMSP', { role: 'department', dept: 'TAX' });
const SAMR = creator('GovMSP', { role: 'department', dept: 'SAMR' });
const AUDITOR = creator('AuditorMSP', { role: 'auditor' });

/** The banks of the definition in force: the MSPs with a business collection. */
const BANKS: ReadonlySet<string> = new Set(['Bank1MSP', 'Bank2MSP']);

function judge(
  functionName: string,
  by: TrustedIdentity,
  collections: string[],
  options: { args?: string[]; writes?: KvWrite[] } = {},
) {
  return checkPrivateWrites(
    { namespace: 'credit', writes: options.writes ?? [], collections },
    { functionName, args: options.args ?? ['{}'], creator: by, banks: BANKS },
  );
}

const BUSINESS1 = bankCollection('Bank1MSP');
const BUSINESS2 = bankCollection('Bank2MSP');

describe('private write rules: bank business collections', () => {
  it('accepts a confidential transaction with private writes only, {} as argument and the right creator', () => {
    assert.deepEqual(judge('consent:RequestConsent', BANK1, [BUSINESS1, PLATFORM_INDEX_COLLECTION]), []);
    assert.deepEqual(judge('access:RecordAccess', BANK2, [BUSINESS2, PLATFORM_INDEX_COLLECTION]), []);
    assert.deepEqual(judge('consent:GrantConsent', COMPANY, [BUSINESS2, PLATFORM_INDEX_COLLECTION]), []);
  });

  it("names a bank writing another bank's collection", () => {
    const findings = judge('consent:RequestConsent', BANK2, [BUSINESS1, PLATFORM_INDEX_COLLECTION]);

    assert.deepEqual(codes(findings), ['AUTHZ_PRIVATE_WRITE']);
    assert.match(
      findings[0]?.message ?? '',
      /business_Bank1MSP written by Bank2MSP bank .*only Bank1MSP and companies/,
    );
  });

  it('names an auditor, a department or a certificate without a valid role writing a bank collection', () => {
    for (const by of [AUDITOR, TAX, creator('Bank1MSP', { role: 'company', uscc: USCC })]) {
      assert.deepEqual(codes(judge('consent:RevokeConsent', by, [BUSINESS1])), ['AUTHZ_PRIVATE_WRITE']);
    }
  });

  it('names a bank collection written outside a confidential consent or access transaction', () => {
    for (const functionName of ['attestation:Attest', 'health:RecordHeartbeat', 'consent:GetConsent']) {
      assert.deepEqual(codes(judge(functionName, BANK1, [BUSINESS1])), ['AUTHZ_PRIVATE_WRITE'], functionName);
    }
  });

  it('names a collection the chaincode does not have', () => {
    const findings = judge('consent:RequestConsent', BANK1, [bankCollection('Bank9MSP')]);

    assert.deepEqual(codes(findings), ['AUTHZ_PRIVATE_WRITE']);
    assert.match(findings[0]?.message ?? '', /not one of the chaincode's/);
  });
});

describe('private write rules: platform index and raw records', () => {
  it("accepts SAMR's registration writing the index and refuses another department's", () => {
    assert.deepEqual(
      judge('company:RegisterCompany', SAMR, [PLATFORM_INDEX_COLLECTION], { args: ['{"x":1}'] }),
      [],
    );
    assert.deepEqual(codes(judge('company:RegisterCompany', TAX, [PLATFORM_INDEX_COLLECTION])), [
      'AUTHZ_PRIVATE_WRITE',
    ]);
  });

  it("accepts SAMR's bulk registration writing the index and refuses another department's", () => {
    assert.deepEqual(
      judge('company:RegisterCompanies', SAMR, [PLATFORM_INDEX_COLLECTION], { args: ['{"x":1}'] }),
      [],
    );
    assert.deepEqual(codes(judge('company:RegisterCompanies', TAX, [PLATFORM_INDEX_COLLECTION])), [
      'AUTHZ_PRIVATE_WRITE',
    ]);
    assert.deepEqual(codes(judge('company:RegisterCompanies', SAMR, [RAW_RECORDS_COLLECTION])), [
      'AUTHZ_PRIVATE_WRITE',
    ]);
  });

  it('names the index written by an attestation or by an auditor in a confidential transaction', () => {
    assert.deepEqual(codes(judge('attestation:Attest', TAX, [PLATFORM_INDEX_COLLECTION])), [
      'AUTHZ_PRIVATE_WRITE',
    ]);
    assert.deepEqual(codes(judge('consent:RevokeConsent', AUDITOR, [PLATFORM_INDEX_COLLECTION])), [
      'AUTHZ_PRIVATE_WRITE',
    ]);
  });

  it("accepts raw records from a department's attestation and its company's erasure only", () => {
    assert.deepEqual(judge('attestation:Attest', TAX, [RAW_RECORDS_COLLECTION], { args: ['{}'] }), []);
    assert.deepEqual(judge('attestation:AttestBatch', TAX, [RAW_RECORDS_COLLECTION]), []);
    assert.deepEqual(judge('attestation:EraseRawRecords', COMPANY, [RAW_RECORDS_COLLECTION]), []);
    for (const [functionName, by] of [
      ['attestation:Attest', COMPANY],
      ['attestation:EraseRawRecords', TAX],
      ['access:RecordAccess', BANK1],
      ['company:RegisterCompany', SAMR],
    ] as const) {
      assert.deepEqual(
        codes(judge(functionName, by, [RAW_RECORDS_COLLECTION])),
        ['AUTHZ_PRIVATE_WRITE'],
        functionName,
      );
    }
  });
});

describe('private write rules: confidential transactions in the block', () => {
  it('names a confidential transaction whose request is in its arguments', () => {
    const request = JSON.stringify({ uscc: USCC, bankMspId: 'Bank1MSP', purpose: 'credit-review' });
    for (const args of [[request], ['{}', request], [], ['{ }']]) {
      const findings = judge('consent:GrantConsent', COMPANY, [BUSINESS1], { args });

      assert.deepEqual(codes(findings), ['AUTHZ_CONFIDENTIAL_ARGUMENT'], JSON.stringify(args));
    }
    assert.deepEqual(codes(judge('access:ReadAuthorizedRecords', BANK1, [], { args: [request] })), [
      'AUTHZ_CONFIDENTIAL_ARGUMENT',
    ]);
  });

  it('names a confidential transaction writing any public key, and only a confidential one', () => {
    const heartbeat = write(['heartbeat', 'h1'], { heartbeatId: 'h1' });
    const findings = judge('access:RecordAccess', BANK1, [BUSINESS1], { writes: [heartbeat] });

    assert.deepEqual(codes(findings), ['AUTHZ_CONFIDENTIAL_IN_PUBLIC_STATE']);
    assert.match(findings[0]?.message ?? '', /confidential access:RecordAccess .* writes 1 public key/);
    assert.deepEqual(judge('health:RecordHeartbeat', BANK1, [], { writes: [heartbeat], args: ['h1'] }), []);
  });

  it('judges a transaction that wrote nothing in the namespace by its arguments alone', () => {
    const findings = checkPrivateWrites(undefined, {
      functionName: 'consent:GetConsent',
      args: ['{"consentId":"c1"}'],
      creator: BANK1,
      banks: BANKS,
    });

    assert.deepEqual(codes(findings), ['AUTHZ_CONFIDENTIAL_ARGUMENT']);
  });

  it('takes the banks from the chaincode definition: a bank added there writes its own collection', () => {
    const bank9 = creator('Bank9MSP', { role: 'bank' });
    const collections = [bankCollection('Bank9MSP'), PLATFORM_INDEX_COLLECTION];
    const withBank9 = checkPrivateWrites(
      { namespace: 'credit', writes: [], collections },
      {
        functionName: 'access:RecordAccess',
        args: ['{}'],
        creator: bank9,
        banks: new Set([...BANKS, 'Bank9MSP']),
      },
    );
    assert.deepEqual(withBank9, []);
    const findings = judge('access:RecordAccess', bank9, collections);
    assert.deepEqual(codes(findings), ['AUTHZ_PRIVATE_WRITE', 'AUTHZ_PRIVATE_WRITE']);
    assert.match(
      findings.map((finding) => finding.message).join('\n'),
      /business_Bank9MSP, not one of the chaincode's/,
    );
  });
});
