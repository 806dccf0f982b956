import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers, type Gateway } from '@hyperledger/fabric-gateway';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TestProfile } from './network-cli';

export interface Connection {
  gateway: Gateway;
  client: grpc.Client;
  close(): void;
}

/** Connects to `viaOrg`'s peer as the named identity (an enrolled user, or `<org>:admin`). */
export function connectAs(profile: TestProfile, identityName: string, viaOrg?: string): Connection {
  const identity = profile.identities.find((i) => `${i.org}/${i.name}` === identityName);
  if (!identity) throw new Error(`no identity ${identityName} in the gateway profile`);
  const org = profile.orgs[viaOrg ?? identity.org];
  if (!org) throw new Error(`no org ${viaOrg ?? identity.org} in the gateway profile`);
  // Name the peer by its certificate's host name: TLS servername must not be an IP address (RFC 6066).
  const client = new grpc.Client(
    org.peerEndpoint,
    grpc.credentials.createSsl(readFileSync(org.tlsRootCertPath)),
    {
      'grpc.ssl_target_name_override': org.peerHostAlias,
    },
  );
  const gateway = connect({
    client,
    identity: { mspId: identity.mspId, credentials: readFileSync(identity.certPath) },
    signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(identity.keyPath))),
    hash: hash.sha256,
    evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
    endorseOptions: () => ({ deadline: Date.now() + 30_000 }),
    submitOptions: () => ({ deadline: Date.now() + 10_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
  });
  return {
    gateway,
    client,
    close() {
      gateway.close();
      client.close();
    },
  };
}
