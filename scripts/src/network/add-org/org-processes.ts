import { rmSync } from 'node:fs';
import { chaincodeServerSpec } from '../chaincode';
import { caProcessSpec } from '../fabric-ca';
import { gatewayServiceSpec } from '../gateway-services';
import { portOffsetFromEnv } from '../layout';
import type { Network } from '../network';
import { peerSpec } from '../nodes';
import {
  hasPidFile,
  processState,
  startProcess,
  stopProcess,
  waitReady,
  type ProcessSpec,
} from '../processes';
import { supervisorSpec } from '../supervisor-state';
import { peerHost, type PeerOrg } from '../topology';

/** One organization's processes, as the network CLI starts and stops the whole network's. */

export function orgCaSpec(net: Network, org: PeerOrg): ProcessSpec {
  return caProcessSpec(net.topology, net.layout, { org: org.key, ca: org.ca });
}

export function orgPeerSpecs(net: Network, org: PeerOrg): ProcessSpec[] {
  return org.peers.map((peer) => peerSpec(net.topology, net.layout, org, peer));
}

export function orgGatewaySpec(net: Network, org: PeerOrg): ProcessSpec {
  return gatewayServiceSpec(net.topology, net.layout, org, portOffsetFromEnv());
}

/** Starts those of `specs` that are not running and waits until each is healthy. */
export async function startAll(net: Network, specs: readonly ProcessSpec[]): Promise<void> {
  const toStart = specs.filter((spec) => !processState(net.layout, spec).running);
  for (const spec of toStart) {
    net.log(`starting ${spec.name}`);
    startProcess(net.layout, spec);
  }
  await Promise.all(toStart.map((spec) => waitReady(net.layout, spec)));
}

/** True when the organizations' gateway services run under the supervisor (`gateways up` started them). */
export function gatewaysAreUp(net: Network): boolean {
  return net.topology.peerOrgs.some((org) => hasPidFile(net.layout, orgGatewaySpec(net, org).name));
}

/**
 * Stops every process of the organization (its gateway service first, its CA last) and deletes its peers'
 * ledgers, so a later add-org joins them afresh. Its keys stay: they are refused by a channel that no longer
 * names its MSP.
 */
export async function stopOrg(net: Network, org: PeerOrg): Promise<void> {
  await stopProcess(net.layout, orgGatewaySpec(net, org));
  for (const slot of ['a', 'b'] as const) {
    for (const peer of org.peers) {
      await stopProcess(net.layout, chaincodeServerSpec(net.topology, net.layout, org, '', slot, peer));
    }
  }
  for (const spec of orgPeerSpecs(net, org)) await stopProcess(net.layout, spec);
  await stopProcess(net.layout, orgCaSpec(net, org));
  for (const peer of org.peers) {
    rmSync(net.layout.ledgerDir(peerHost(net.topology, org, peer)), { recursive: true, force: true });
  }
}

/** Restarts the supervisor so that it watches the channel's members as they are now. */
export async function restartSupervisor(net: Network): Promise<void> {
  const spec = supervisorSpec(net.topology, net.layout);
  await stopProcess(net.layout, spec);
  startProcess(net.layout, spec);
  await waitReady(net.layout, spec);
}
