import * as grpc from '@grpc/grpc-js';

/** One peer's gRPC state as the readiness probe saw it. */
export interface PeerState {
  org: string;
  endpoint: string;
  state: string;
}

/**
 * The service can serve while every organization it talks to has at least one peer that answers: its
 * connection to an organization fails over between that organization's peers.
 */
export function readyWithFailover(peers: readonly PeerState[]): boolean {
  const orgs = new Set(peers.map((peer) => peer.org));
  return (
    orgs.size > 0 &&
    [...orgs].every((org) => peers.some((peer) => peer.org === org && peer.state === 'READY'))
  );
}

/** `READY` once the peer's connection is up within `readyMs`, else the gRPC state it is in. */
export async function probeState(client: grpc.Client, readyMs: number): Promise<string> {
  const ready = await new Promise<boolean>((resolve) => {
    client.waitForReady(Date.now() + readyMs, (error) => resolve(error === undefined));
  });
  return ready
    ? 'READY'
    : (grpc.connectivityState[client.getChannel().getConnectivityState(false)] ?? 'UNKNOWN');
}
