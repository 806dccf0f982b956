import { DER_TAG, derIntegerContent, derIntegerValue, encodeDer, readDerElement } from './der';

/**
 * The ECDSA curves Fabric's bccsp signs with, keyed by node:crypto's curve name. Fabric refuses a signature
 * whose S is above half the group order (`IsLowS`), so both signing and verifying need the order.
 */
export interface EcdsaCurve {
  /** node:crypto's `namedCurve`. */
  name: string;
  /** Bytes in a coordinate, r and s: 32 for P-256. */
  size: number;
  order: bigint;
  /** The digest Fabric pairs with the curve. */
  hash: string;
}

export const ECDSA_CURVES: readonly EcdsaCurve[] = [
  {
    name: 'prime256v1',
    size: 32,
    order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    hash: 'sha256',
  },
  {
    name: 'secp384r1',
    size: 48,
    order:
      0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    hash: 'sha384',
  },
];

export function curveNamed(name: string | undefined): EcdsaCurve | undefined {
  return ECDSA_CURVES.find((curve) => curve.name === name);
}

export function curveOfSize(size: number): EcdsaCurve | undefined {
  return ECDSA_CURVES.find((curve) => curve.size === size);
}

/** DER `SEQUENCE { INTEGER r, INTEGER s }` with S folded into the lower half of the order. */
export function lowSDerSignature(r: bigint, s: bigint, curve: EcdsaCurve): Buffer {
  const lowS = s > curve.order / 2n ? curve.order - s : s;
  return encodeDer(
    DER_TAG.sequence,
    Buffer.concat([
      encodeDer(DER_TAG.integer, derIntegerContent(r)),
      encodeDer(DER_TAG.integer, derIntegerContent(lowS)),
    ]),
  );
}

/** r and s of a well-formed DER ECDSA signature (nothing after it); undefined otherwise. */
export function parseDerSignature(signature: Uint8Array): { r: bigint; s: bigint } | undefined {
  const sequence = readDerElement(signature, 0);
  if (sequence?.tag !== DER_TAG.sequence || sequence.end !== signature.length) {
    return undefined;
  }
  const r = readDerElement(signature, sequence.start);
  const s = r === undefined ? undefined : readDerElement(signature, r.end);
  if (r?.tag !== DER_TAG.integer || s?.tag !== DER_TAG.integer || s.end !== sequence.end) {
    return undefined;
  }
  return { r: derIntegerValue(signature, r), s: derIntegerValue(signature, s) };
}

/**
 * True when a DER signature is well formed and its S is in (0, n/2] for the curve of `keyBytes`-byte
 * coordinates (Fabric's `IsLowS`), so a malleated copy (n - S) of a valid signature is refused as Fabric
 * refuses it.
 */
export function isLowS(signature: Uint8Array, keyBytes: number): boolean {
  const parsed = parseDerSignature(signature);
  const curve = curveOfSize(keyBytes);
  return parsed !== undefined && curve !== undefined && parsed.s > 0n && parsed.s <= curve.order / 2n;
}

/** Rewrites a DER signature to its low-S form, as Fabric's signers produce it. */
export function toLowS(signature: Uint8Array, keyBytes = 32): Buffer {
  const parsed = parseDerSignature(signature);
  const curve = curveOfSize(keyBytes);
  if (parsed === undefined || curve === undefined) {
    throw new Error('not an ECDSA DER signature');
  }
  return lowSDerSignature(parsed.r, parsed.s, curve);
}
