import { type KeyObject, sign } from 'node:crypto';
import { hash, type Hash, type Signer } from '@hyperledger/fabric-gateway';

/** Curve orders, for low-S normalization (Fabric refuses ECDSA signatures with S > n/2). */
const CURVE_ORDERS: Readonly<Record<string, { order: bigint; hash: string; size: number }>> = {
  prime256v1: {
    order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    hash: 'sha256',
    size: 32,
  },
  secp384r1: {
    order:
      0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    hash: 'sha384',
    size: 48,
  },
};

export interface SigningSetup {
  signer: Signer;
  /** Hash the gateway applies before calling the signer. */
  hash: Hash;
}

/**
 * ECDSA signing with OpenSSL through node:crypto. fabric-gateway's own signer (`newPrivateKeySigner`) signs
 * the digest in pure JavaScript (@noble/curves); node:crypto cannot sign a bare digest, so we give the gateway
 * `hash.none` and let OpenSSL hash and sign the whole message in one native call. Measured on this machine
 * (gateway/src/bench/signer-bench.ts): several times faster per signature; see the report of that script.
 * OpenSSL does not produce low-S signatures, so S is normalized here before DER encoding.
 */
export function newNativeSigner(key: KeyObject): SigningSetup {
  const curveName = key.asymmetricKeyDetails?.namedCurve;
  const curve = curveName === undefined ? undefined : CURVE_ORDERS[curveName];
  if (key.asymmetricKeyType !== 'ec' || curve === undefined) {
    throw new Error(
      `native signer supports P-256 and P-384 EC keys, got ${key.asymmetricKeyType} ${curveName}`,
    );
  }
  const signer: Signer = (message) => {
    const raw = sign(curve.hash, message, { key, dsaEncoding: 'ieee-p1363' });
    const r = BigInt(`0x${raw.subarray(0, curve.size).toString('hex')}`);
    let s = BigInt(`0x${raw.subarray(curve.size).toString('hex')}`);
    if (s > curve.order / 2n) {
      s = curve.order - s;
    }
    return Promise.resolve(derSignature(r, s));
  };
  return { signer, hash: hash.none };
}

function derInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) {
    hex = `0${hex}`;
  }
  let bytes = Buffer.from(hex, 'hex');
  // DER integers are signed: prefix 0x00 when the high bit is set.
  if ((bytes[0] ?? 0) & 0x80) {
    bytes = Buffer.concat([Buffer.from([0]), bytes]);
  }
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}

function derSignature(r: bigint, s: bigint): Uint8Array {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  // Both curves keep the body under 128 bytes, so the short length form suffices.
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
