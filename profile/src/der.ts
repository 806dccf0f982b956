/**
 * The few DER (X.690) pieces Fabric clients and the verifier need, written out rather than pulled from an
 * ASN.1 library: short TLVs, Go-style big integers, and a bounds-checked reader.
 */

export const DER_TAG = { boolean: 0x01, integer: 0x02, octetString: 0x04, sequence: 0x30 } as const;

function encodeLength(length: number): Buffer {
  if (length < 0x80) {
    return Buffer.from([length]);
  }
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest % 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV: `tag`, its definite length, `content`. */
export function encodeDer(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

/** Minimal two's-complement big-endian bytes of a non-negative integer, as Go's asn1 writes a big.Int. */
export function derIntegerContent(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) {
    hex = `0${hex}`;
  }
  const bytes = Buffer.from(hex, 'hex');
  // DER integers are signed: a set high bit would read as negative.
  return (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

export interface DerElement {
  tag: number;
  /** Offset of the content's first byte. */
  start: number;
  /** Offset just past the content. */
  end: number;
}

/** Reads one TLV at `offset`; undefined when the bytes there are not well-formed DER within `bytes`. */
export function readDerElement(bytes: Uint8Array, offset: number): DerElement | undefined {
  const tag = bytes[offset];
  let lengthByte = bytes[offset + 1];
  if (tag === undefined || lengthByte === undefined) {
    return undefined;
  }
  let start = offset + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count === 0 || count > 4) {
      return undefined;
    }
    length = 0;
    for (let i = 0; i < count; i += 1) {
      lengthByte = bytes[start + i];
      if (lengthByte === undefined) {
        return undefined;
      }
      length = length * 256 + lengthByte;
    }
    start += count;
  }
  const end = start + length;
  return end <= bytes.length ? { tag, start, end } : undefined;
}

/** The unsigned value of an INTEGER element's content. */
export function derIntegerValue(bytes: Uint8Array, element: DerElement): bigint {
  return BigInt(`0x${Buffer.from(bytes.subarray(element.start, element.end)).toString('hex') || '0'}`);
}
