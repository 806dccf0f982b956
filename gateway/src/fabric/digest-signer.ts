import type { KeyObject } from 'node:crypto';
import { signers } from '@hyperledger/fabric-gateway';

/**
 * Signs a digest the service handed out (offline signing): fabric-gateway's own private-key signer, which
 * signs a given digest (ECDSA, DER, low S, as Fabric requires). The native signer cannot: node:crypto signs
 * only whole messages.
 */
export function newDigestSigner(key: KeyObject): (digest: Uint8Array) => Promise<Uint8Array> {
  return signers.newPrivateKeySigner(key);
}
