import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { describe, it } from '@jest/globals';
import { newNativeSigner } from './native-signer';

const P256_HALF_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n / 2n;

/** Reads S from a DER ECDSA signature. */
function derS(signature: Uint8Array): bigint {
  const bytes = Buffer.from(signature);
  const rLength = bytes[3] ?? 0;
  const sStart = 4 + rLength + 2;
  return BigInt(`0x${bytes.subarray(sStart).toString('hex')}`);
}

describe('newNativeSigner', () => {
  it('produces DER signatures that verify and always have low S', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { signer, hash } = newNativeSigner(privateKey);

    for (let i = 0; i < 50; i++) {
      const message = Buffer.from(`message ${i}`);
      const signature = await signer(hash(message));

      assert.ok(verify('sha256', message, publicKey, Buffer.from(signature)), `signature ${i} verifies`);
      assert.ok(derS(signature) <= P256_HALF_ORDER, `signature ${i} has low S`);
    }
  });

  it('hands the whole message to OpenSSL, which hashes it with SHA-256', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { signer, hash } = newNativeSigner(privateKey);
    const message = Buffer.from('proposal bytes');

    assert.deepEqual(Buffer.from(hash(message)), message);
    const signature = await signer(hash(message));
    const digest = createHash('sha256').update(message).digest();
    assert.ok(!verify('sha256', digest, publicKey, Buffer.from(signature)));
    assert.ok(verify('sha256', message, publicKey, Buffer.from(signature)));
  });

  it('refuses keys it cannot sign with', () => {
    const { privateKey } = generateKeyPairSync('ed25519');

    assert.throws(() => newNativeSigner(privateKey), /P-256/);
  });
});
