import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, it } from '@jest/globals';
import { curveNamed, isLowS, lowSDerSignature, parseDerSignature, toLowS } from './ecdsa';
import { DER_TAG, derIntegerContent, encodeDer, readDerElement } from './der';

describe('ECDSA DER signatures', () => {
  for (const [namedCurve, size, hash] of [
    ['P-256', 32, 'sha256'],
    ['P-384', 48, 'sha384'],
  ] as const) {
    it(`folds S into the lower half on ${namedCurve}, and the result still verifies`, () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
      const curve = curveNamed(privateKey.asymmetricKeyDetails?.namedCurve);
      assert.ok(curve);
      let sawHigh = false;
      for (let i = 0; i < 40; i += 1) {
        const message = Buffer.from(`message ${i}`);
        const der = sign(hash, message, privateKey);
        const parsed = parseDerSignature(der);
        assert.ok(parsed);
        sawHigh ||= parsed.s > curve.order / 2n;
        const low = lowSDerSignature(parsed.r, parsed.s, curve);
        assert.ok(isLowS(low, size), `signature ${i} is low-S`);
        assert.ok(verify(hash, message, publicKey, low), `signature ${i} verifies`);
        assert.deepEqual(toLowS(der, size), low);
      }
      // 40 random signatures all low-S by chance: about 1 in 10^12.
      assert.ok(sawHigh, 'OpenSSL produced at least one high-S signature to fold');
    });
  }

  it('refuses the high-S twin of a signature, as Fabric does', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const curve = curveNamed('prime256v1');
    assert.ok(curve);
    const parsed = parseDerSignature(sign('sha256', Buffer.from('x'), privateKey));
    assert.ok(parsed);
    const low = parsed.s > curve.order / 2n ? curve.order - parsed.s : parsed.s;
    const high = encodeDer(
      DER_TAG.sequence,
      Buffer.concat([
        encodeDer(DER_TAG.integer, derIntegerContent(parsed.r)),
        encodeDer(DER_TAG.integer, derIntegerContent(curve.order - low)),
      ]),
    );
    assert.equal(isLowS(high, 32), false);
  });

  it('refuses malformed signatures: trailing bytes, wrong tags, truncation, zero S, unknown size', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const good = toLowS(sign('sha256', Buffer.from('y'), privateKey));
    assert.equal(isLowS(good, 32), true);
    assert.equal(isLowS(Buffer.concat([good, Buffer.from([0])]), 32), false);
    assert.equal(isLowS(Buffer.from([0x31, ...good.subarray(1)]), 32), false);
    assert.equal(isLowS(good.subarray(0, good.length - 1), 32), false);
    assert.equal(isLowS(Buffer.from([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00]), 32), false);
    assert.equal(isLowS(good, 66), false);
    assert.throws(() => toLowS(Buffer.from([0x30, 0x00])), /not an ECDSA DER signature/);
  });
});

describe('DER reader', () => {
  it('reads long-form lengths and refuses lengths past the end or over four bytes', () => {
    const content = Buffer.alloc(300, 7);
    const element = readDerElement(encodeDer(DER_TAG.octetString, content), 0);
    assert.deepEqual(element, { tag: DER_TAG.octetString, start: 4, end: 304 });
    assert.equal(readDerElement(Buffer.from([0x04, 0x82, 0x01]), 0), undefined);
    assert.equal(readDerElement(Buffer.from([0x04, 0x05, 1, 2]), 0), undefined);
    assert.equal(readDerElement(Buffer.from([0x04, 0x85, 0, 0, 0, 0, 1, 0]), 0), undefined);
  });

  it('writes integers as Go does: minimal, with a zero byte before a set high bit', () => {
    assert.deepEqual(derIntegerContent(0x7fn), Buffer.from([0x7f]));
    assert.deepEqual(derIntegerContent(0x80n), Buffer.from([0x00, 0x80]));
    assert.deepEqual(derIntegerContent(0x1234n), Buffer.from([0x12, 0x34]));
  });
});
