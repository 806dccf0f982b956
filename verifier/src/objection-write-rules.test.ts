import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { check, codes, creator, remove, write } from './rule-test-kit';
import { TrackedState } from './tracked-state';

const USCC = '91440101MA59AB3N63';
const COMPANY = creator('GovMSP', { role: 'company', uscc: USCC });
const TAX = creator('GovMSP', { role: 'department', dept: 'TAX' });
const mark = (id: string) => ['openObjection', USCC, 'TAX_PAYMENT', id];

/** A ledger that holds version 1 of USCC/TAX_PAYMENT. */
function attested(): TrackedState {
  const state = new TrackedState();
  state.addKey(`\u0000attestation\u0000${USCC}\u0000TAX_PAYMENT\u000000000001\u0000`);
  return state;
}

const head = (openObjectionCount: number) =>
  write(['attestationHead', USCC, 'TAX_PAYMENT'], {
    uscc: USCC,
    category: 'TAX_PAYMENT',
    latestVersion: 1,
    department: 'TAX',
    erasedThroughVersion: 0,
    openObjectionCount,
  });
const objection = (status: 'open' | 'upheld', txId: string) =>
  write(['objection', 'ob1'], {
    objectionId: 'ob1',
    uscc: USCC,
    category: 'TAX_PAYMENT',
    version: 1,
    department: 'TAX',
    status,
    raisedTxId: 'ob1',
    ...(status === 'open' ? {} : { resolution: { txId } }),
  });

const raise = (extra = [write(mark('ob1'), 'ob1')]) => [
  objection('open', 'ob1'),
  write(['objectionByCompany', USCC, 'ob1'], 'ob1'),
  head(1),
  ...extra,
];

describe('authorization rules: open objections under their own keys', () => {
  it('accepts an objection the company raises with its open mark', () => {
    const findings = check(raise(), {
      creator: COMPANY,
      txId: 'ob1',
      functionName: 'objection:RaiseObjection',
      state: attested(),
    });

    assert.deepEqual(findings, []);
  });

  it('refuses a raised objection its head does not mark open, and a mark naming another id', () => {
    const options = { creator: COMPANY, txId: 'ob1', functionName: 'objection:RaiseObjection' };

    assert.deepEqual(codes(check(raise([]), { ...options, state: attested() })), ['AUTHZ_ATTESTATION_HEAD']);
    assert.ok(
      codes(check(raise([write(mark('ob1'), 'ob9')]), { ...options, state: attested() })).includes(
        'AUTHZ_OTHER',
      ),
    );
  });

  it('lets the resolving department remove the mark, and refuses a removal without a resolution', () => {
    const resolve = [objection('upheld', 'tx2'), head(0), remove(mark('ob1'))];

    assert.deepEqual(
      check(resolve, {
        creator: TAX,
        txId: 'tx2',
        functionName: 'objection:ResolveObjection',
        state: attested(),
      }),
      [],
    );
    assert.deepEqual(
      codes(check([remove(mark('ob1'))], { creator: COMPANY, txId: 'tx3', state: attested() })),
      ['AUTHZ_DELETE'],
    );
  });

  it('refuses a resolution that leaves the objection marked open', () => {
    const resolve = [objection('upheld', 'tx2'), head(0), write(mark('ob1'), 'ob1')];
    const findings = check(resolve, {
      creator: TAX,
      txId: 'tx2',
      functionName: 'objection:ResolveObjection',
      state: attested(),
    });

    assert.ok(codes(findings).includes('AUTHZ_ATTESTATION_HEAD'));
  });
});

describe('authorization rules: heartbeats', () => {
  const heartbeat = (mspId: string) =>
    write(['heartbeat', 'hb1'], {
      heartbeatId: 'hb1',
      mspId,
      txId: 'tx1',
      recordedAt: '2026-12-02T00:00:00Z',
    });

  it('accepts a heartbeat by an identity with a role or by an organization admin', () => {
    const admin = { ...creator('Bank1MSP', {}), isAdmin: true };

    assert.deepEqual(
      check([heartbeat('GovMSP')], { creator: TAX, functionName: 'health:RecordHeartbeat' }),
      [],
    );
    assert.deepEqual(
      check([heartbeat('Bank1MSP')], { creator: admin, functionName: 'health:RecordHeartbeat' }),
      [],
    );
  });

  it('refuses a heartbeat by a certificate with neither a role nor admin rights', () => {
    const rogue = creator('Bank1MSP', { role: 'department', dept: 'TAX' });
    const findings = check([heartbeat('Bank1MSP')], {
      creator: rogue,
      functionName: 'health:RecordHeartbeat',
    });

    assert.deepEqual(codes(findings), ['AUTHZ_OTHER']);
  });
});
