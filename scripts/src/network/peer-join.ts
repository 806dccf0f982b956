import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readDeployment, slotPort } from './chaincode';
import { ensureGenesisBlock } from './channel-config';
import { CaClient, caCertFile, completeMsp } from './fabric-ca';
import type { Network } from './network';
import { peerAdminEnv, peerSpec } from './nodes';
import { isPortFree, sleep, startProcess, stopProcess, waitReady, type ProcessSpec } from './processes';
import { run } from './shell';
import { peerHeight, type PeerRef } from './snapshot';
import { peerHost, type PeerNode, type PeerOrg, type Topology } from './topology';

/**
 * A peer outside the topology, for an existing organization: enrolled with the organization's CA, started
 * on free ports, joined to the channel from the genesis block or from a snapshot. The snapshot-join bench
 * and its live test use it; adding a peer for good is an edit of network/topology.json instead.
 */

function isEnrolled(mspDir: string): boolean {
  return existsSync(join(mspDir, 'signcerts', 'cert.pem')) && existsSync(join(mspDir, 'keystore', 'key.pem'));
}

/** Registers the peer identity (type peer) with the org's CA and enrolls its signing and TLS certificates. */
export async function enrollPeerIdentity(net: Network, org: PeerOrg, name: string): Promise<void> {
  const { topology, layout } = net;
  const dir = layout.nodeDir(org.key, name);
  if (isEnrolled(join(dir, 'msp')) && isEnrolled(join(dir, 'tls'))) return;
  const client = new CaClient(layout, { org: org.key, ca: org.ca });
  await client.enrollBootstrapAdmin();
  const secret = await client.register({ name, type: 'peer', maxEnrollments: 2 });
  if (!isEnrolled(join(dir, 'msp'))) {
    await client.enroll(name, secret, join(dir, 'msp'));
    completeMsp(join(dir, 'msp'), caCertFile(layout, org.key));
  }
  const host = peerHost(topology, org, { name } as PeerNode);
  await client.enroll(name, secret, join(dir, 'tls'), [host, 'localhost', '127.0.0.1']);
}

function topologyPorts(topology: Topology): Set<number> {
  const ports = new Set<number>([topology.supervisor.opsPort]);
  for (const org of [topology.ordererOrg, ...topology.peerOrgs]) {
    ports.add(org.ca.port).add(org.ca.opsPort);
  }
  for (const o of topology.ordererOrg.orderers) ports.add(o.port).add(o.adminPort).add(o.opsPort);
  for (const p of topology.peerOrgs.flatMap((org) => org.peers)) {
    ports
      .add(p.port)
      .add(p.chaincodePort)
      .add(p.opsPort)
      .add(slotPort(p, 'a'))
      .add(slotPort(p, 'b'))
      .add(slotPort(p, 'reference'));
  }
  return ports;
}

/**
 * Three free ports at or above `from` (the caller shifts it by the instance's port offset) that no process
 * of the topology claims. The peer dials its organization's existing chaincode server (the installed
 * package names that server's address), so it needs no chaincode server of its own.
 */
export async function freePeerNode(
  topology: Topology,
  org: PeerOrg,
  name: string,
  from: number,
): Promise<PeerNode> {
  const claimed = topologyPorts(topology);
  const found: number[] = [];
  for (let port = from; found.length < 3; port++) {
    if (port > 51999) throw new Error(`no free ports from ${from}`);
    if (!claimed.has(port) && (await isPortFree(port))) found.push(port);
  }
  const [port, chaincodePort, opsPort] = found as [number, number, number];
  const ccaasPort = org.peers[0]?.ccaasPort ?? 0;
  return { name, port, chaincodePort, opsPort, ccaasPort };
}

export function extraPeerSpec(net: Network, ref: PeerRef): ProcessSpec {
  return peerSpec(net.topology, net.layout, ref.org, ref.peer);
}

export function extraPeerLedger(net: Network, ref: PeerRef): string {
  return net.layout.ledgerDir(peerHost(net.topology, ref.org, ref.peer));
}

/** Starts the peer on an empty ledger (a previous run's ledger is deleted). */
export async function startEmptyPeer(net: Network, ref: PeerRef): Promise<ProcessSpec> {
  const spec = extraPeerSpec(net, ref);
  await stopProcess(net.layout, spec);
  rmSync(extraPeerLedger(net, ref), { recursive: true, force: true });
  startProcess(net.layout, spec);
  await waitReady(net.layout, spec);
  return spec;
}

export async function stopExtraPeer(
  net: Network,
  ref: PeerRef,
  options: { deleteLedger: boolean },
): Promise<void> {
  await stopProcess(net.layout, extraPeerSpec(net, ref));
  if (options.deleteLedger) rmSync(extraPeerLedger(net, ref), { recursive: true, force: true });
}

/** The `peer` CLI as the organization's admin, aimed at this peer. */
function adminCli(net: Network, ref: PeerRef, args: string[]) {
  const env = {
    ...process.env,
    ...peerAdminEnv(net.topology, net.layout, ref.org),
    CORE_PEER_ADDRESS: `127.0.0.1:${ref.peer.port}`,
  };
  return run(join(net.layout.binDir, 'peer'), args, { env, timeoutMs: 600_000 });
}

export async function joinFromGenesis(net: Network, ref: PeerRef): Promise<void> {
  const block = await ensureGenesisBlock(net.topology, net.layout);
  await adminCli(net, ref, ['channel', 'join', '-b', block]);
}

/**
 * `peer channel joinbysnapshot` returns once the import has started; the peer then replays only the blocks
 * after the snapshot. Waits until `joinbysnapshotstatus` reports no import in progress.
 */
export async function joinBySnapshot(net: Network, ref: PeerRef, snapshotDir: string): Promise<void> {
  await adminCli(net, ref, ['channel', 'joinbysnapshot', '--snapshotpath', snapshotDir]);
  for (;;) {
    const { stdout } = await adminCli(net, ref, ['channel', 'joinbysnapshotstatus']);
    if (/No joinbysnapshot operation is in progress/.test(stdout)) return;
    await sleep(200);
  }
}

/** Installs the organization's deployed chaincode package, so the peer can endorse and answer queries. */
export async function installDeployedChaincode(net: Network, ref: PeerRef): Promise<void> {
  const deployment = readDeployment(net.layout);
  if (!deployment) throw new Error('no chaincode is deployed');
  const file = join(
    net.layout.chaincodeDir(ref.org.key),
    `${net.topology.chaincode.name}_${deployment.version}-${deployment.slot}.tar.gz`,
  );
  if (!existsSync(file)) throw new Error(`the deployed package ${file} is missing`);
  await adminCli(net, ref, ['lifecycle', 'chaincode', 'install', file]);
}

/** Polls the peer's operations endpoint until its channel height reaches `height`. */
export async function waitForHeight(
  net: Network,
  ref: PeerRef,
  height: number,
  timeoutMs = 1_800_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await peerHeight(net.topology, ref)) < height) {
    if (Date.now() > deadline)
      throw new Error(`${ref.peer.name}.${ref.org.key} did not reach height ${height}`);
    await sleep(100);
  }
}
