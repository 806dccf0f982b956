import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { TEST_CERTIFICATES as CERTS } from '../testing/certificates';
import { ShimDispatch } from '../testing/shim-dispatch';

describe("Fabric's system contract", () => {
  it('answers org.hyperledger.fabric:GetMetadata with every contract', async () => {
    const response = await new ShimDispatch().invoke(CERTS.bankOfficer, 'Bank1MSP', [
      'org.hyperledger.fabric:GetMetadata',
    ]);
    assert.equal(response.status, 200, response.message);
    const metadata = JSON.parse(response.payload.toString()) as { contracts: Record<string, unknown> };
    for (const name of [
      'health',
      'catalog',
      'company',
      'attestation',
      'consent',
      'access',
      'objection',
      'audit',
    ]) {
      assert.ok(name in metadata.contracts, `${name} missing from GetMetadata`);
    }
  });
});
