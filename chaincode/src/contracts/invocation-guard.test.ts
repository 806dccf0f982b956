import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { parseErrorCode } from '@sme-credit-ledger/contract';
import { TEST_CERTIFICATES as CERTS } from '../testing/certificates';
import { ShimDispatch } from '../testing/shim-dispatch';

const bank = (shim: ShimDispatch, args: string[]) => shim.invoke(CERTS.bankOfficer, 'Bank1MSP', args);

describe('calls the contract API itself refuses get coded messages', () => {
  for (const [title, args] of [
    ['no argument', ['consent:ListConsentsByBank']],
    ['two arguments', ['consent:ListConsentsByBank', '{}', '{}']],
    ['no argument to the health contract', ['health:ReadHeartbeat']],
    ['an extra argument to the default contract', ['ReadHeartbeat', 'a', 'b']],
  ] as const) {
    it(`refuses ${title} with VALIDATION_FAILED naming the expected count`, async () => {
      const response = await bank(new ShimDispatch(), [...args]);
      assert.equal(response.status, 500);
      assert.match(response.message, /^VALIDATION_FAILED: \S+ takes 1 argument, got \d/);
    });
  }

  for (const [title, args] of [
    ['an unknown function', ['attestation:NoSuchThing', '{}']],
    ['an unknown function of the health contract', ['health:Nope']],
  ] as const) {
    it(`refuses ${title} with NOT_FOUND`, async () => {
      const response = await bank(new ShimDispatch(), [...args]);
      assert.equal(response.status, 500);
      assert.match(response.message, /^NOT_FOUND: contract \w+ has no transaction \w+/);
    });
  }

  it('leaves the right arity to the transaction, whose own refusal is coded', async () => {
    const response = await bank(new ShimDispatch(), ['consent:ListConsentsByBank', 'not json']);
    assert.equal(parseErrorCode(response.message), 'VALIDATION_FAILED');
  });
});
