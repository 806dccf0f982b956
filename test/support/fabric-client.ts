import type * as grpc from '@grpc/grpc-js';
import type { Gateway } from '@hyperledger/fabric-gateway';
import { gatewayFor, peerClientTrusting } from '@sme-credit-ledger/network-profile/grpc';
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
  const client = peerClientTrusting(org, readFileSync(org.tlsRootCertPath));
  const gateway = gatewayFor(
    client,
    {
      mspId: identity.mspId,
      certificate: readFileSync(identity.certPath),
      privateKey: readFileSync(identity.keyPath),
    },
    { evaluateMs: 10_000, endorseMs: 30_000, submitMs: 10_000, commitStatusMs: 60_000 },
  );
  return {
    gateway,
    client,
    close() {
      gateway.close();
      client.close();
    },
  };
}
