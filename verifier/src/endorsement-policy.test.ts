import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { describePolicy, parsePolicy, satisfiesPolicy } from './endorsement-policy';
import { MSP_ROLE, type TrustedIdentity } from './identity-verifier';

const identity = (mspId: string, ous: string[]): TrustedIdentity =>
  ({ mspId, organizationalUnits: ous, attributes: {}, isAdmin: false }) as unknown as TrustedIdentity;

const hasRole = (signer: TrustedIdentity, mspId: string, role: number): boolean =>
  signer.mspId === mspId &&
  (role === MSP_ROLE.member || (role === MSP_ROLE.peer && signer.organizationalUnits.includes('peer')));

describe('endorsement policy', () => {
  it('parses the chaincode policy and prints it back', () => {
    const policy = parsePolicy("OR('GovMSP.peer')");

    assert.deepEqual(policy.principals, [{ mspId: 'GovMSP', role: MSP_ROLE.peer }]);
    assert.equal(describePolicy(policy), "OR('GovMSP.peer')");
    assert.equal(
      describePolicy(parsePolicy("OutOf(2, 'A.member', 'B.member', 'C.member')")),
      "OutOf(2, 'A.member', 'B.member', 'C.member')",
    );
  });

  it('is satisfied by a GovMSP peer and not by a bank peer or a GovMSP client', () => {
    const policy = parsePolicy("OR('GovMSP.peer')");

    assert.equal(satisfiesPolicy(policy, [identity('GovMSP', ['peer'])], hasRole), true);
    assert.equal(satisfiesPolicy(policy, [identity('Bank1MSP', ['peer'])], hasRole), false);
    assert.equal(satisfiesPolicy(policy, [identity('GovMSP', ['client'])], hasRole), false);
    assert.equal(satisfiesPolicy(policy, [], hasRole), false);
  });

  it('does not count one endorser twice for AND', () => {
    const policy = parsePolicy("AND('GovMSP.member', 'GovMSP.member')");

    assert.equal(satisfiesPolicy(policy, [identity('GovMSP', ['peer'])], hasRole), false);
    assert.equal(
      satisfiesPolicy(policy, [identity('GovMSP', ['peer']), identity('GovMSP', ['peer'])], hasRole),
      true,
    );
  });

  it('refuses malformed policy text', () => {
    assert.throws(() => parsePolicy("OR('GovMSP.boss')"), /unknown principal/);
    assert.throws(() => parsePolicy('XOR(1)'), /expected|unknown/);
  });
});
