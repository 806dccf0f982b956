/**
 * The few DER encodings the verifier needs, written out rather than pulled from an ASN.1 library: the block
 * header Fabric hashes, the ECDSA signature it checks for low S, and the Fabric CA attribute extension.
 */

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

function encode(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

/** Minimal two's-complement big-endian bytes of a non-negative integer, as Go's asn1 writes a big.Int. */
function integerContent(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) {
    hex = `0${hex}`;
  }
  const bytes = Buffer.from(hex, 'hex');
  return (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

/**
 * `protoutil.BlockHeaderBytes` (Fabric v3.1): `asn1.Marshal` of SEQUENCE { INTEGER number, OCTET STRING
 * previous_hash, OCTET STRING data_hash }, the number as a `big.Int`. The header hash is its SHA-256.
 */
export function blockHeaderDer(number: bigint, previousHash: Uint8Array, dataHash: Uint8Array): Buffer {
  return encode(
    0x30,
    Buffer.concat([encode(0x02, integerContent(number)), encode(0x04, previousHash), encode(0x04, dataHash)]),
  );
}

interface Element {
  tag: number;
  start: number;
  end: number;
}

/** Reads one TLV at `offset`; undefined when the bytes are not well-formed DER. */
function readElement(bytes: Uint8Array, offset: number): Element | undefined {
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

// Half the order of the curves Fabric's bccsp signs with; Fabric refuses signatures with S above it.
const HALF_ORDERS: Record<number, bigint> = {
  32: BigInt('0x7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5f4e3996f1d'),
  48: BigInt(
    '0x7fffffffffffffffffffffffffffffffffffffffffffffffe3b1a6c0fa1b96efac0d06d9245853bd76760cb5666294b9',
  ),
};

/**
 * True when an ECDSA DER signature has S in the lower half of the group order (Fabric's `IsLowS`), so a
 * malleated copy (n - S) of a valid signature is refused as Fabric refuses it. `keyBytes` is 32 for P-256.
 */
export function isLowS(signature: Uint8Array, keyBytes: number): boolean {
  const sequence = readElement(signature, 0);
  if (sequence?.tag !== 0x30 || sequence.end !== signature.length) {
    return false;
  }
  const r = readElement(signature, sequence.start);
  const s = r === undefined ? undefined : readElement(signature, r.end);
  const half = HALF_ORDERS[keyBytes];
  if (r?.tag !== 0x02 || s?.tag !== 0x02 || s.end !== sequence.end || half === undefined) {
    return false;
  }
  const value = BigInt(`0x${Buffer.from(signature.subarray(s.start, s.end)).toString('hex') || '0'}`);
  return value > 0n && value <= half;
}

// 1.2.3.4.5.6.7.8.1: the extension Fabric CA writes attribute JSON into ({"attrs":{...}}).
const ATTRIBUTE_OID = Buffer.from([0x06, 0x08, 0x2a, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x01]);

/** The Fabric CA attributes (`role`, `dept`, `uscc`, ...) in a DER certificate; empty when there are none. */
export function certificateAttributes(certificateDer: Uint8Array): Record<string, string> {
  const der = Buffer.from(certificateDer.buffer, certificateDer.byteOffset, certificateDer.byteLength);
  const at = der.indexOf(ATTRIBUTE_OID);
  if (at < 0) {
    return {};
  }
  let element = readElement(der, at + ATTRIBUTE_OID.length);
  if (element?.tag === 0x01) {
    element = readElement(der, element.end); // the optional `critical` BOOLEAN
  }
  if (element?.tag !== 0x04) {
    return {};
  }
  try {
    const parsed = JSON.parse(der.subarray(element.start, element.end).toString('utf8')) as {
      attrs?: Record<string, unknown>;
    };
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(parsed.attrs ?? {})) {
      if (typeof value === 'string') {
        attributes[name] = value;
      }
    }
    return attributes;
  } catch {
    return {};
  }
}

const ORDERS: Record<number, bigint> = {
  32: BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
};

/** Rewrites an ECDSA P-256 DER signature to its low-S form, as Fabric's signers do (for test forgeries). */
export function toLowS(signature: Uint8Array): Buffer {
  const sequence = readElement(signature, 0);
  const r = sequence === undefined ? undefined : readElement(signature, sequence.start);
  const s = r === undefined ? undefined : readElement(signature, r.end);
  const order = ORDERS[32];
  const half = HALF_ORDERS[32];
  if (r === undefined || s === undefined || order === undefined || half === undefined) {
    throw new Error('not an ECDSA DER signature');
  }
  let value = BigInt(`0x${Buffer.from(signature.subarray(s.start, s.end)).toString('hex')}`);
  if (value > half) {
    value = order - value;
  }
  const rBytes = signature.subarray(r.start, r.end);
  return encode(0x30, Buffer.concat([encode(0x02, rBytes), encode(0x02, integerContent(value))]));
}
