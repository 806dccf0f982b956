import * as grpc from '@grpc/grpc-js';
import { readFile } from 'node:fs/promises';
import type { OrgProfile } from './network-profile';

/** What a TLS connection to an organization's gateway peer needs from the profile. */
export type PeerAddress = Pick<OrgProfile, 'peerEndpoint' | 'peerHostAlias' | 'tlsRootCertPath'>;

/**
 * A gRPC client to `org`'s peer over TLS, trusting only the organization's TLS root. `channelOptions` adds
 * what a caller tunes (keepalive for a long-lived service, message size for whole blocks).
 */
export async function newPeerClient(
  org: PeerAddress,
  channelOptions: grpc.ChannelOptions = {},
): Promise<grpc.Client> {
  return peerClientTrusting(org, await readFile(org.tlsRootCertPath), channelOptions);
}

/** {@link newPeerClient} with the TLS root already read (PEM). */
export function peerClientTrusting(
  org: Pick<PeerAddress, 'peerEndpoint' | 'peerHostAlias'>,
  tlsRootCert: Buffer,
  channelOptions: grpc.ChannelOptions = {},
): grpc.Client {
  // The peer is dialled at 127.0.0.1, which its certificate does not name: check the host name it does (RFC 6066).
  return new grpc.Client(org.peerEndpoint, grpc.credentials.createSsl(tlsRootCert), {
    ...channelOptions,
    'grpc.ssl_target_name_override': org.peerHostAlias,
  });
}
