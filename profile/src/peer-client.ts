import * as grpc from '@grpc/grpc-js';
import { readFile } from 'node:fs/promises';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import type { OrgProfile, PeerEndpoint } from './network-profile';

/** What a TLS connection to an organization's gateway peers needs from the profile. */
export type PeerAddress = Pick<OrgProfile, 'peerEndpoint' | 'peerHostAlias' | 'tlsRootCertPath'> & {
  peers?: readonly PeerEndpoint[];
};

/**
 * A gRPC client to `org`'s peers over TLS, trusting only the organization's TLS root. `channelOptions` adds
 * what a caller tunes (keepalive for a long-lived service, message size for whole blocks).
 */
export async function newPeerClient(
  org: PeerAddress,
  channelOptions: grpc.ChannelOptions = {},
): Promise<grpc.Client> {
  return peerClientTrusting(org, await readFile(org.tlsRootCertPath), channelOptions);
}

const IPV4_ENDPOINT = /^\d{1,3}(\.\d{1,3}){3}:\d+$/;

/**
 * Fabric Gateway calls retried by gRPC itself when the peer could not be reached or dropped the connection
 * (UNAVAILABLE): the retry goes to the organization's next peer. Every Gateway call is safe to repeat: an
 * endorsement changes nothing, a signed transaction keeps its id (the orderer's second copy is invalidated
 * as DUPLICATE_TXID, the first counts) and commit status and event reads are reads. A stream is retried only
 * until its first message; after that its owner resumes it from a checkpoint.
 */
export const FAILOVER_SERVICE_CONFIG = {
  loadBalancingConfig: [{ pick_first: {} }],
  methodConfig: [
    {
      name: [{ service: 'gateway.Gateway' }],
      retryPolicy: {
        maxAttempts: 4,
        initialBackoff: '0.1s',
        maxBackoff: '1s',
        backoffMultiplier: 2,
        retryableStatusCodes: ['UNAVAILABLE'],
      },
    },
  ],
};

/**
 * The gRPC target and TLS name check for an organization's peers. Several IPv4 peers become one channel
 * over all of them (`ipv4:` target, pick_first): it stays on the first peer that answers and moves to the
 * next when that one fails, with no code of the caller's involved. Each peer's certificate names its own
 * host, so a peer is accepted when its certificate is valid for any of the organization's peer names.
 */
export function peerTarget(org: Pick<PeerAddress, 'peerEndpoint' | 'peerHostAlias' | 'peers'>): {
  target: string;
  hostAliases: string[];
} {
  const peers = org.peers?.length
    ? org.peers
    : [{ endpoint: org.peerEndpoint, hostAlias: org.peerHostAlias }];
  if (peers.length === 1 || !peers.every((peer) => IPV4_ENDPOINT.test(peer.endpoint))) {
    // gRPC's resolver takes a list only of IP literals; a host name is dialled alone.
    return { target: org.peerEndpoint, hostAliases: [org.peerHostAlias] };
  }
  return {
    target: `ipv4:${peers.map((peer) => peer.endpoint).join(',')}`,
    hostAliases: peers.map((peer) => peer.hostAlias),
  };
}

/** Accepts a certificate valid for any of `hostAliases` (node:tls's own host name rules for each). */
export function anyHostIdentity(
  hostAliases: readonly string[],
): (host: string, cert: PeerCertificate) => Error | undefined {
  return (_host, cert) => {
    const failures = hostAliases.map((alias) => checkServerIdentity(alias, cert));
    return failures.some((failure) => failure === undefined) ? undefined : failures[0];
  };
}

/** Longest pause between attempts to reconnect to a peer. */
export const RECONNECT_BACKOFF_MAX_MS = 2_000;

/** {@link newPeerClient} with the TLS root already read (PEM). */
export function peerClientTrusting(
  org: Pick<PeerAddress, 'peerEndpoint' | 'peerHostAlias' | 'peers'>,
  tlsRootCert: Buffer,
  channelOptions: grpc.ChannelOptions = {},
): grpc.Client {
  const { target, hostAliases } = peerTarget(org);
  // The peer is dialled at 127.0.0.1, which its certificate does not name: check the host names it does
  // (RFC 6066 server name; the first peer's name is sent, each peer's certificate is checked against all).
  return new grpc.Client(
    target,
    grpc.credentials.createSsl(tlsRootCert, null, null, {
      checkServerIdentity: anyHostIdentity(hostAliases),
    }),
    {
      'grpc.service_config': JSON.stringify(FAILOVER_SERVICE_CONFIG),
      // gRPC waits 1 s x 1.6^n (up to 120 s) between failed connection attempts, so after a 30 s loss of its
      // peers a service went on refusing requests for another 18 s once they were back (fault suite, bank2
      // cut off from its peer), and a readiness probe would report the peer down for as long. One attempt
      // every 2 s at worst is cheap on a few channels.
      'grpc.max_reconnect_backoff_ms': RECONNECT_BACKOFF_MAX_MS,
      ...channelOptions,
      'grpc.ssl_target_name_override': org.peerHostAlias,
    },
  );
}

/** One client per peer of the organization, each alone on its channel: for probing every peer's state. */
export function perPeerClients(
  org: Pick<PeerAddress, 'peerEndpoint' | 'peerHostAlias' | 'peers'>,
  tlsRootCert: Buffer,
): { endpoint: string; client: grpc.Client }[] {
  const peers = org.peers?.length
    ? org.peers
    : [{ endpoint: org.peerEndpoint, hostAlias: org.peerHostAlias }];
  return peers.map((peer) => ({
    endpoint: peer.endpoint,
    client: peerClientTrusting(
      { peerEndpoint: peer.endpoint, peerHostAlias: peer.hostAlias, peers: [peer] },
      tlsRootCert,
    ),
  }));
}
