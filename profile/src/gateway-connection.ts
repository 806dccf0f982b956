import type * as grpc from '@grpc/grpc-js';
import { connect, type ConnectOptions, type Gateway } from '@hyperledger/fabric-gateway';
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IdentityProfile } from './network-profile';
import { newNativeSigner } from './native-signer';

/** Deadlines per call type, in milliseconds. Commit waits for a block: the longest. */
export interface FabricDeadlines {
  evaluateMs: number;
  endorseMs: number;
  submitMs: number;
  commitStatusMs: number;
}

/** An identity's certificate and private key, both PEM. */
export interface SigningIdentity {
  mspId: string;
  certificate: Uint8Array;
  privateKey: Uint8Array;
}

/**
 * A Fabric Gateway for one identity over an existing peer connection, signing with OpenSSL
 * ({@link newNativeSigner}). A Gateway is only the identity and signer on top of the connection, so many
 * share one `client`. With `deadlines`, every call gets them; without, callers pass their own per call.
 */
export function gatewayFor(
  client: grpc.Client,
  identity: SigningIdentity,
  deadlines?: FabricDeadlines,
): Gateway {
  const options: ConnectOptions = {
    client,
    identity: { mspId: identity.mspId, credentials: identity.certificate },
    ...newNativeSigner(createPrivateKey(Buffer.from(identity.privateKey))),
  };
  if (deadlines !== undefined) {
    options.evaluateOptions = () => ({ deadline: Date.now() + deadlines.evaluateMs });
    options.endorseOptions = () => ({ deadline: Date.now() + deadlines.endorseMs });
    options.submitOptions = () => ({ deadline: Date.now() + deadlines.submitMs });
    options.commitStatusOptions = () => ({ deadline: Date.now() + deadlines.commitStatusMs });
  }
  return connect(options);
}

/** Reads a profile identity's certificate and key from disk. */
export async function readSigningIdentity(
  identity: Pick<IdentityProfile, 'mspId' | 'certPath' | 'keyPath'>,
): Promise<SigningIdentity> {
  const [certificate, privateKey] = await Promise.all([
    readFile(identity.certPath),
    readFile(identity.keyPath),
  ]);
  return { mspId: identity.mspId, certificate, privateKey };
}
