import { dirname, join } from 'node:path';
import { repoRoot, type Layout } from './layout';
import type { ProcessSpec } from './processes';
import type { PeerOrg, Topology } from './topology';

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
  return {
    name: gatewayServiceName(org),
    kind: 'gateway',
    command: process.execPath,
    args: [join(repoRoot, 'gateway', 'dist', 'main.js')],
    env: {
      SME_GATEWAY_ORG: org.key,
      SME_GATEWAY_PORT: String(port),
      // The data folder above the network's: the service finds its profile under network/orgs/<org>/.
      SME_DATA_DIR: dirname(layout.root),
    },
    cwd: repoRoot,
    ports: [{ port, purpose: 'gateway service' }],
    health: { type: 'http', url: `http://127.0.0.1:${port}/health/live` },
  };
}

export function gatewayServiceSpecs(topology: Topology, layout: Layout, portOffset: number): ProcessSpec[] {
  return topology.peerOrgs.map((org) => gatewayServiceSpec(topology, layout, org, portOffset));
}
