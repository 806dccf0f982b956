import {
  DER_TAG,
  derIntegerContent,
  encodeDer,
  readDerElement,
} from '@sme-credit-ledger/network-profile/der';

/**
 * The DER the verifier reads and writes beyond signatures (`@sme-credit-ledger/network-profile/ecdsa` has
 * those): the block header Fabric hashes and the Fabric CA attribute extension.
 */

/**
 * `protoutil.BlockHeaderBytes` (Fabric v3.1): `asn1.Marshal` of SEQUENCE { INTEGER number, OCTET STRING
 * previous_hash, OCTET STRING data_hash }, the number as a `big.Int`. The header hash is its SHA-256.
 */
export function blockHeaderDer(number: bigint, previousHash: Uint8Array, dataHash: Uint8Array): Buffer {
  return encodeDer(
    DER_TAG.sequence,
    Buffer.concat([
      encodeDer(DER_TAG.integer, derIntegerContent(number)),
      encodeDer(DER_TAG.octetString, previousHash),
      encodeDer(DER_TAG.octetString, dataHash),
    ]),
  );
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
  let element = readDerElement(der, at + ATTRIBUTE_OID.length);
  if (element?.tag === DER_TAG.boolean) {
    element = readDerElement(der, element.end); // the optional `critical` BOOLEAN
  }
  if (element?.tag !== DER_TAG.octetString) {
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
