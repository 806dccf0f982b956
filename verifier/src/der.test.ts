import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, X509Certificate } from 'node:crypto';
import { describe, it } from '@jest/globals';
import { decodeBlock, decodeIdentity, decodeTransaction } from './block-decoder';
import { isLowS, toLowS } from '@sme-credit-ledger/network-profile/ecdsa';
import { blockHeaderDer, certificateAttributes } from './der';
import { loadFixtures } from './fixture-files';

const fixtures = loadFixtures();

describe('block header hash', () => {
  it('matches the previous_hash Fabric v3.1 wrote into the next real block', () => {
    const blocks = fixtures.blocksOf('clean').map(decodeBlock);

    for (let i = 1; i < blocks.length; i += 1) {
      assert.deepEqual(blocks[i]?.previousHash, blocks[i - 1]?.headerHash);
    }
  });

  it('encodes numbers as minimal DER integers (a leading zero above 127)', () => {
    assert.equal(
      blockHeaderDer(0n, Buffer.alloc(0), Buffer.alloc(0)).toString('hex'),
      '3007020100040004' + '00',
    );
    assert.equal(
      blockHeaderDer(128n, Buffer.alloc(0), Buffer.alloc(0)).toString('hex'),
      '300802020080' + '04000400',
    );
  });

  it('recomputes the data hash the orderer put in the header', () => {
    for (const block of fixtures.blocksOf('clean').map(decodeBlock)) {
      assert.deepEqual(block.computedDataHash, block.dataHash);
    }
  });
});

describe('signatures and certificates', () => {
  it('accepts only low-S signatures, and normalizes a high-S one', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 20; i += 1) {
      const low = toLowS(sign('sha256', Buffer.from(`m${i}`), privateKey));
      assert.equal(isLowS(low, 32), true);
    }
    assert.equal(isLowS(Buffer.from([0x30, 0x00]), 32), false);
  });

  it('reads the Fabric CA role and department attributes of a real creator certificate', () => {
    const [blockBytes] = fixtures.blocksOf('clean');
    assert.ok(blockBytes);
    const [envelope] = decodeBlock(blockBytes).envelopes;
    assert.ok(envelope);
    const creator = decodeIdentity(decodeTransaction(envelope, 0).creator);

    const attributes = certificateAttributes(new X509Certificate(creator.certificatePem).raw);

    assert.equal(creator.mspId, 'GovMSP');
    assert.equal(attributes.role, 'department');
    assert.equal(attributes.dept, 'SAMR');
  });
});
