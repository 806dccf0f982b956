import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { canonicalJson } from './canonical-json';
import { replay, requestHash, type IdempotencyRecord } from './idempotency';

const company = { uscc: '91310000MA1FL8LQ3X', registeredByDept: 'SAMR', txId: 'tx1', registeredAt: 't' };

function stored(invocation: string, response: unknown): IdempotencyRecord {
  const hash = requestHash(invocation, { requestId: 'r1' });
  return { invocation, requestHash: hash, response: canonicalJson(response), txId: 'tx1' };
}

describe('replay', () => {
  it('replays the stored answer of a request stored in today’s shape as is', () => {
    const record = stored('company:RegisterCompany', { company });
    assert.equal(replay(record, record.invocation, [record.requestHash], 'r1'), canonicalJson({ company }));
  });

  it('names the bare record a submit answered before every response became an object', () => {
    const cases: [string, string][] = [
      ['company:RegisterCompany', 'company'],
      ['attestation:EraseRawRecords', 'erasure'],
      ['access:RecordAccess', 'access'],
      ['product:SetInstitutionProfile', 'institution'],
    ];
    for (const [invocation, name] of cases) {
      const record = stored(invocation, company);
      const answer = replay(record, invocation, [record.requestHash], 'r1');
      assert.equal(answer, canonicalJson({ [name]: company }), invocation);
    }
  });

  it('leaves the answers of other transactions untouched', () => {
    const record = stored('attestation:Attest', { uscc: company.uscc });
    assert.equal(replay(record, record.invocation, [record.requestHash], 'r1'), record.response);
  });

  it('refuses a request id reused for another request with CONFLICT', () => {
    const record = stored('company:RegisterCompany', company);
    assert.throws(() => replay(record, 'company:RegisterCompany', ['other'], 'r1'), /^Error: CONFLICT: /);
    // A row that names derived fields hashes two ways; a record stored either way is the same request.
    assert.equal(
      replay(record, record.invocation, ['other', record.requestHash], 'r1'),
      replay(record, record.invocation, [record.requestHash], 'r1'),
    );
    assert.throws(() => replay(record, 'company:GetCompany', [record.requestHash], 'r1'), /CONFLICT/);
  });
});
