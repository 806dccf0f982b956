import type * as grpc from '@grpc/grpc-js';
import type { Gateway } from '@hyperledger/fabric-gateway';
import { gatewayFor, peerClientTrusting, perPeerClients } from '@sme-credit-ledger/network-profile/grpc';
import { readFileSync } from 'node:fs';
import type { TestProfile } from './network-cli';

export interface Connection {
  gateway: Gateway;
  client: grpc.Client;
  close(): void;
}

type SigningIdentity = Parameters<typeof gatewayFor>[1];

/** The named identity's certificate and key, read once for every connection made with it. */
function signingIdentity(profile: TestProfile, identityName: string): SigningIdentity & { org: string } {
  const identity = profile.identities.find((i) => `${i.org}/${i.name}` === identityName);
  if (!identity) throw new Error(`no identity ${identityName} in the gateway profile`);
  return {
    org: identity.org,
    mspId: identity.mspId,
    certificate: readFileSync(identity.certPath),
    privateKey: readFileSync(identity.keyPath),
  };
}

/** Connects to `viaOrg`'s peer as the named identity (an enrolled user, or `<org>:admin`). */
export function connectAs(profile: TestProfile, identityName: string, viaOrg?: string): Connection {
  const identity = signingIdentity(profile, identityName);
  const org = profile.orgs[viaOrg ?? identity.org];
  if (!org) throw new Error(`no org ${viaOrg ?? identity.org} in the gateway profile`);
  return connection(identity, peerClientTrusting(org, readFileSync(org.tlsRootCertPath)));
}

/**
 * One connection to each peer of every organization on the channel, as the named identity: to ask each peer on
 * its own, e.g. whether it has committed a transaction (an organization's connection fails over between its
 * peers, so it cannot say which one answered).
 */
export function connectToEachPeer(profile: TestProfile, identityName: string): Connection[] {
  const identity = signingIdentity(profile, identityName);
  return Object.values(profile.orgs).flatMap((org) =>
    perPeerClients(org, readFileSync(org.tlsRootCertPath)).map(({ client }) => connection(identity, client)),
  );
}

function connection(identity: SigningIdentity, client: grpc.Client): Connection {
  const gateway = gatewayFor(client, identity, {
    evaluateMs: 10_000,
    endorseMs: 30_000,
    submitMs: 10_000,
    commitStatusMs: 60_000,
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

/**
 * Waits until each of `peers` has committed the transaction whose signed commit-status request is `request`
 * (`SubmittedTransaction.getBytes()`). Any channel member's peer answers the submitter's request, and answers
 * only once the block is in its state database: Fabric's CommitStatus looks the transaction up with
 * GetTxValidationCodeByTxID, which waits on the lock kvledger holds across the block store and state database
 * commits (core/ledger/kvledger/kv_ledger.go). A peer's block height metric moves before its state does, so it
 * would not do. A peer that cannot answer (one a test has stopped) is not waited for; it catches up when back.
 */
export async function awaitCommitOnEveryPeer(
  peers: readonly Connection[],
  request: Uint8Array,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  await Promise.all(
    peers.map((peer) =>
      peer.gateway
        .newCommit(request)
        .getStatus({ deadline })
        .catch(() => undefined),
    ),
  );
}
