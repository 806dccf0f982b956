import { readFileSync } from 'node:fs';
import type { OrgRole } from '@sme-credit-ledger/contract';
import { deploymentMode, placeOnHosts } from './hosts/deployment';
import { slotPort } from './chaincode-slots';

const ORG_ROLES: readonly OrgRole[] = ['gov', 'bank', 'auditor'];

/**
 * Where a node listens when its organization runs on a host of its own (hosts/deployment.ts fills it in);
 * absent, the node listens on 127.0.0.1 of this machine.
 */
export interface HostAddress {
  /** The organization's IP address: its listeners, and a SAN in its TLS certificates. */
  ip: string;
  /** The Linux network namespace its processes run in (netns mode). */
  netns: string;
}

/** One peer of an organization; every port is on 127.0.0.1 unless `host` names the org's own host. */
export interface PeerNode {
  name: string;
  port: number;
  chaincodePort: number;
  opsPort: number;
  /** Port of this org's chaincode-as-a-service process (slot a; slot b uses the next port), which the peer dials. */
  ccaasPort: number;
  host?: HostAddress;
}

export interface OrdererNode {
  name: string;
  port: number;
  adminPort: number;
  opsPort: number;
  host?: HostAddress;
}

export interface CaNode {
  port: number;
  opsPort: number;
  host?: HostAddress;
}

export interface PeerOrg {
  key: string;
  mspId: string;
  /** gov endorses and holds the raw records; each bank gets its own business collection; auditor reads all. */
  role: OrgRole;
  description: string;
  ca: CaNode;
  peers: PeerNode[];
}

export interface OrdererOrg {
  key: string;
  mspId: string;
  ca: CaNode;
  orderers: OrdererNode[];
}

export interface Topology {
  fabricVersion: string;
  fabricCaVersion: string;
  domain: string;
  channel: string;
  ordering: {
    batchTimeout: string;
    maxMessageCount: number;
    absoluteMaxBytes: string;
    preferredMaxBytes: string;
    snapshotIntervalSize: string;
  };
  chaincode: {
    name: string;
    path: string;
    collectionsConfig: string;
    endorsementPolicy: string;
    /** Gov peers that must hold a raw record before its attestation is endorsed; at most the gov peers. */
    rawRecordCopies: number;
  };
  ordererOrg: OrdererOrg;
  peerOrgs: PeerOrg[];
  /** The process supervisor: its metrics endpoint, and the longest wait before it restarts a process. */
  supervisor: { opsPort: number; maxBackoffSeconds: number };
  /** Periodic ledger snapshots (snapshot.ts); absent: DEFAULT_SNAPSHOT_SCHEDULE. */
  snapshots?: { everyBlocks?: number; keep?: number };
  /**
   * Not in the file: MSP ids of banks removed from the running channel (channel-members.ts), whose private
   * collections the chaincode definition keeps, without them.
   */
  retiredBanks?: string[];
  /** Loopback (default: every process on 127.0.0.1) or one network namespace per organization (hosts/). */
  deployment?: { mode?: 'loopback' | 'netns'; subnet?: string; $comment?: string };
}

const NAME = /^[a-z][a-z0-9-]*$/;
const MSP_ID = /^[A-Za-z][A-Za-z0-9]*MSP$/;
// Linux hands out ephemeral ports for outgoing connections from net.ipv4.ip_local_port_range (32768-60999 by
// default): a listener there can find its port taken by any client socket (seen in CI), so every port must
// stay below the range's start. A machine that moved the range up allows larger offsets.
export function ephemeralPortStart(file = '/proc/sys/net/ipv4/ip_local_port_range'): number {
  try {
    const start = Number(readFileSync(file, 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(start) && start > 1024 ? start : 32768;
  } catch {
    return 32768;
  }
}
/** The address a node listens on and is dialled at: its organization's host, else loopback. */
export function addressOf(node: { host?: HostAddress }): string {
  return node.host?.ip ?? '127.0.0.1';
}

/** The namespace a node's process runs in (netns mode), as a ProcessSpec field; none in loopback mode. */
export function netnsOf(node: { host?: HostAddress }): { netns?: string } {
  return node.host ? { netns: node.host.netns } : {};
}

const MAX_PORT = ephemeralPortStart() - 1;

/**
 * Reads and validates the topology file, reporting every problem at once; shifts ports by `portOffset` and,
 * in netns mode (hosts/deployment.ts), places each organization's nodes on its own host address.
 */
export function loadTopology(file: string, portOffset = 0, env: NodeJS.ProcessEnv = process.env): Topology {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Topology;
  const topology = placeOnHosts(shiftPorts(raw, portOffset), deploymentMode(raw, env));
  const problems = validateTopology(topology);
  if (problems.length > 0) {
    throw new Error(`invalid topology ${file}:\n  - ${problems.join('\n  - ')}`);
  }
  return topology;
}

export function validateTopology(topology: Topology): string[] {
  const problems: string[] = [];
  const ports = new Map<number, string>();
  const claim = (port: number, owner: string): void => {
    if (!Number.isInteger(port) || port < 1024 || port > MAX_PORT) {
      problems.push(
        `${owner}: port ${port} must be an integer in 1024-${MAX_PORT} (above is the ephemeral port range); lower SME_PORT_OFFSET or the topology's ports`,
      );
    }
    const previous = ports.get(port);
    if (previous) problems.push(`${owner}: port ${port} is already used by ${previous}`);
    ports.set(port, owner);
  };
  const orgKeys = new Set<string>();
  const checkOrg = (key: string, mspId: string): void => {
    if (!NAME.test(key)) problems.push(`organization key "${key}" must match ${NAME.source}`);
    if (!MSP_ID.test(mspId)) problems.push(`MSP ID "${mspId}" must match ${MSP_ID.source}`);
    if (orgKeys.has(key)) problems.push(`organization key "${key}" is used twice`);
    orgKeys.add(key);
  };

  const ordererOrg = topology.ordererOrg;
  checkOrg(ordererOrg.key, ordererOrg.mspId);
  claim(ordererOrg.ca.port, `${ordererOrg.key} CA`);
  claim(ordererOrg.ca.opsPort, `${ordererOrg.key} CA operations`);
  if (ordererOrg.orderers.length < 3 || ordererOrg.orderers.length % 2 === 0) {
    problems.push('Raft needs an odd number of orderers, at least 3, to survive the loss of one');
  }
  for (const orderer of ordererOrg.orderers) {
    if (!NAME.test(orderer.name)) problems.push(`orderer name "${orderer.name}" must match ${NAME.source}`);
    claim(orderer.port, `${orderer.name}`);
    claim(orderer.adminPort, `${orderer.name} admin`);
    claim(orderer.opsPort, `${orderer.name} operations`);
  }
  if (topology.peerOrgs.length === 0) problems.push('at least one peer organization is needed');
  if (topology.peerOrgs.filter((org) => org.role === 'gov').length !== 1) {
    problems.push('exactly one peer organization has role "gov" (the endorser and custodian of raw records)');
  }
  for (const org of topology.peerOrgs) {
    checkOrg(org.key, org.mspId);
    if (!ORG_ROLES.includes(org.role))
      problems.push(`${org.key}: role must be one of ${ORG_ROLES.join(', ')}`);
    claim(org.ca.port, `${org.key} CA`);
    claim(org.ca.opsPort, `${org.key} CA operations`);
    if (org.peers.length === 0) problems.push(`${org.key}: at least one peer is needed`);
    for (const peer of org.peers) {
      const id = `${peer.name}.${org.key}`;
      if (!NAME.test(peer.name)) problems.push(`peer name "${peer.name}" must match ${NAME.source}`);
      claim(peer.port, id);
      claim(peer.chaincodePort, `${id} chaincode`);
      claim(peer.opsPort, `${id} operations`);
      claim(slotPort(peer, 'a'), `${id} chaincode server (slot a)`);
      claim(slotPort(peer, 'b'), `${id} chaincode server (slot b)`);
      claim(slotPort(peer, 'reference'), `${id} reference chaincode server (cost bench)`);
    }
  }
  problems.push(...rawRecordCopiesProblems(topology));
  claim(topology.supervisor.opsPort, 'supervisor metrics');
  problems.push(...supervisorProblems(topology.supervisor));
  if (!/^[a-z][a-z0-9.-]*$/.test(topology.channel))
    problems.push(`channel "${topology.channel}" is not a valid name`);
  if (!/^[A-Za-z0-9_-]+$/.test(topology.chaincode.name))
    problems.push('chaincode name must be [A-Za-z0-9_-]+');
  return problems;
}

/** Each copy of a raw record is on another gov peer, so there cannot be more copies than gov peers. */
function rawRecordCopiesProblems(topology: Topology): string[] {
  const govPeers = topology.peerOrgs.find((org) => org.role === 'gov')?.peers.length ?? 0;
  const copies = topology.chaincode.rawRecordCopies;
  return Number.isInteger(copies) && copies >= 1 && copies <= Math.max(1, govPeers)
    ? []
    : [
        `chaincode.rawRecordCopies must be a whole number from 1 to the gov peers (${govPeers}), got ${copies}`,
      ];
}

function supervisorProblems(supervisor: Topology['supervisor']): string[] {
  const backoff = supervisor.maxBackoffSeconds;
  return Number.isInteger(backoff) && backoff >= 1 && backoff <= 300
    ? []
    : [`supervisor.maxBackoffSeconds must be a whole number 1-300, got ${backoff}`];
}

function shiftPorts(topology: Topology, offset: number): Topology {
  if (offset === 0) return topology;
  const ca = (node: CaNode): CaNode => ({
    ...node,
    port: node.port + offset,
    opsPort: node.opsPort + offset,
  });
  return {
    ...topology,
    ordererOrg: {
      ...topology.ordererOrg,
      ca: ca(topology.ordererOrg.ca),
      orderers: topology.ordererOrg.orderers.map((o) => ({
        ...o,
        port: o.port + offset,
        adminPort: o.adminPort + offset,
        opsPort: o.opsPort + offset,
      })),
    },
    supervisor: { ...topology.supervisor, opsPort: topology.supervisor.opsPort + offset },
    peerOrgs: topology.peerOrgs.map((org) => ({
      ...org,
      ca: ca(org.ca),
      peers: org.peers.map((p) => ({
        ...p,
        port: p.port + offset,
        chaincodePort: p.chaincodePort + offset,
        opsPort: p.opsPort + offset,
        ccaasPort: p.ccaasPort + offset,
      })),
    })),
  };
}

export function peerHost(topology: Topology, org: PeerOrg, peer: PeerNode): string {
  return `${peer.name}.${org.key}.${topology.domain}`;
}

export function ordererHost(topology: Topology, orderer: OrdererNode): string {
  return `${orderer.name}.${topology.ordererOrg.key}.${topology.domain}`;
}

export function findPeerOrg(topology: Topology, key: string): PeerOrg {
  const org = topology.peerOrgs.find((o) => o.key === key);
  if (!org) {
    const known = topology.peerOrgs.map((o) => o.key).join(', ');
    throw new Error(`unknown organization "${key}"; known: ${known}`);
  }
  return org;
}
