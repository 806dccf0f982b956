import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { canonicalJson as chaincodeCanonicalJson } from '@sme-credit-ledger/contract';
import { recordHash as serviceRecordHash } from '@sme-credit-ledger/gateway/record-proof';
import { canonicalJson } from './canonical-json';
import { recordHash, verifyProof } from './proof';

const RECORDS: unknown[] = [
  { taxPaidYuan: '86000.00', quarter: '2026Q3' },
  { b: [3, 2.5, 1e21, -0, null, true], a: { é: '中文', A: 'x', '\u0000': 'nul' }, n: 1.0000001 },
  { nested: { deeper: [{ z: 1, y: [] }, {}] }, emoji: '😀', quote: '"\\\n' },
];

describe('record proofs checked in the browser', () => {
  it('canonicalizes exactly as the chaincode does', () => {
    for (const record of RECORDS) {
      assert.equal(canonicalJson(record), chaincodeCanonicalJson(record));
    }
    assert.throws(() => canonicalJson({ x: Number.NaN }), TypeError);
  });

  it('hashes a record with its salt exactly as the service and chaincode do', async () => {
    for (const record of RECORDS) {
      assert.equal(
        await recordHash(record, 'c2FsdA'),
        serviceRecordHash(record as Record<string, unknown>, 'c2FsdA'),
      );
    }
  });

  it('verifies a matching proof and refuses an altered record, salt or hash', async () => {
    const record = { taxPaidYuan: '86000.00' };
    const hash = serviceRecordHash(record, 'salt-1');
    assert.equal(await verifyProof(record, 'salt-1', { hash, algorithm: 'sha256' }), true);
    assert.equal(await verifyProof(record, 'salt-1', { hash: hash.toUpperCase() }), true);
    assert.equal(await verifyProof({ taxPaidYuan: '96000.00' }, 'salt-1', { hash }), false);
    assert.equal(await verifyProof(record, 'salt-2', { hash }), false);
    assert.equal(await verifyProof(record, 'salt-1', { hash: '00'.repeat(32) }), false);
    assert.equal(await verifyProof(record, 'salt-1', { hash, algorithm: 'sm3' }), false);
    assert.equal(await verifyProof(record, undefined, { hash }), false);
    assert.equal(await verifyProof(undefined, 'salt-1', { hash }), false);
  });
});
