import { dirname, join } from 'node:path';
import { repoRoot, type Layout } from './layout';
import type { ProcessSpec } from './processes';
import { tlsFiles } from './nodes';
import { addressOf, netnsOf, type PeerOrg, type Topology } from './topology';

/** The first service's port before SME_PORT_OFFSET (gateway/src/org-ports.ts: the same rule). */
const BASE_SERVICE_PORT = 3000;

/** `org`'s service port: 3000 + offset + the organization's place in the topology, as `npm start` uses. */
export function gatewayServicePort(topology: Topology, org: PeerOrg, portOffset: number): number {
  return BASE_SERVICE_PORT + portOffset + topology.peerOrgs.indexOf(org);
}

export function gatewayServiceName(org: PeerOrg): string {
  return `gateway.${org.key}`;
}

/**
 * One organization's gateway service as a process of the instance: started by `network gateways up`,
 * restarted by the supervisor when it dies (an answered request is already committed, and its event
 * followers resume from their checkpoints), stopped by `gateways down` and `down`.
 */
export function gatewayServiceSpec(
  topology: Topology,
  layout: Layout,
  org: PeerOrg,
  portOffset: number,
): ProcessSpec {
  const port = gatewayServicePort(topology, org, portOffset);
  const ip = addressOf(org.ca);
  // On its organization's host the service listens on the host's address, which it may only do over TLS.
  const tls = org.ca.host ? tlsFiles(layout.nodeDir(org.key, 'gateway')) : undefined;
  return {
    ...netnsOf(org.ca),
    name: gatewayServiceName(org),
    kind: 'gateway',
    command: process.execPath,
    args: [join(repoRoot, 'gateway', 'dist', 'main.js')],
    env: {
      SME_GATEWAY_ORG: org.key,
      SME_GATEWAY_PORT: String(port),
      // The data folder above the network's: the service finds its profile under network/orgs/<org>/.
      SME_DATA_DIR: dirname(layout.root),
      ...(tls ? { SME_GATEWAY_HOST: ip, SME_GATEWAY_TLS_CERT: tls.cert, SME_GATEWAY_TLS_KEY: tls.key } : {}),
    },
    cwd: repoRoot,
    ports: [{ port, purpose: 'gateway service' }],
    health: tls
      ? { type: 'tcp', port, host: ip }
      : { type: 'http', url: `http://127.0.0.1:${port}/health/live` },
  };
}

export function gatewayServiceSpecs(topology: Topology, layout: Layout, portOffset: number): ProcessSpec[] {
  return topology.peerOrgs.map((org) => gatewayServiceSpec(topology, layout, org, portOffset));
}
