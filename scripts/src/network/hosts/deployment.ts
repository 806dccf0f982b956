import type { HostAddress, Topology } from '../topology';

export type DeploymentMode = 'loopback' | 'netns';

/** A private /24 nothing else on this machine uses; the bridge takes .1, organizations .10 upwards. */
export const DEFAULT_SUBNET = '10.213.0.0/24';
const FIRST_HOST = 10;
export const BRIDGE = 'sme-br';

/** One organization's host: its namespace, its address on the bridge and the names that resolve to it. */
export interface OrgHost {
  org: string;
  netns: string;
  ip: string;
  /** The host end of the veth pair, attached to the bridge; the other end is eth0 inside `netns`. */
  veth: string;
  names: string[];
}

export interface HostPlan {
  bridge: string;
  bridgeIp: string;
  prefixLength: 24;
  hosts: OrgHost[];
}

/**
 * SME_HOSTS first (the network CLI sets it from `--hosts` or from the mode its data dir was made in), then the
 * topology's `deployment.mode`. No file is read here: unit tests and tools see the mode their environment names.
 */
export function deploymentMode(topology: Topology, env: NodeJS.ProcessEnv = process.env): DeploymentMode {
  const mode = env.SME_HOSTS || topology.deployment?.mode || 'loopback';
  if (mode !== 'loopback' && mode !== 'netns') {
    throw new Error(`hosts mode must be "loopback" or "netns", got "${mode}" (SME_HOSTS or deployment.mode)`);
  }
  return mode;
}

/** The subnet's first three octets, after checking it is a private /24 (RFC 1918). */
export function subnetBase(subnet: string): string {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.0\/24$/.exec(subnet);
  const octets = match?.slice(1, 4).map(Number) ?? [];
  const [a, b] = octets;
  const valid = octets.length === 3 && octets.every((octet) => octet <= 255);
  const isPrivate =
    a === 10 || (a === 172 && b !== undefined && b >= 16 && b <= 31) || (a === 192 && b === 168);
  if (!valid || !isPrivate) {
    throw new Error(`deployment.subnet must be a private /24 such as ${DEFAULT_SUBNET}, got "${subnet}"`);
  }
  return octets.join('.');
}

/** The names an organization's host answers to: every node's, its CA's and its gateway service's. */
function hostNames(topology: Topology, org: string): string[] {
  const domain = topology.domain;
  if (org === topology.ordererOrg.key) {
    return [`ca.${org}.${domain}`, ...topology.ordererOrg.orderers.map((o) => `${o.name}.${org}.${domain}`)];
  }
  const peerOrg = topology.peerOrgs.find((each) => each.key === org);
  return [
    `ca.${org}.${domain}`,
    `gateway.${org}.${domain}`,
    ...(peerOrg?.peers ?? []).flatMap((p) => [
      `${p.name}.${org}.${domain}`,
      `${p.name}-chaincode.${org}.${domain}`,
    ]),
  ];
}

/** One host per organization, the orderers' organization first, in topology order: stable addresses. */
export function hostPlan(topology: Topology): HostPlan {
  const base = subnetBase(topology.deployment?.subnet ?? DEFAULT_SUBNET);
  const orgs = [topology.ordererOrg.key, ...topology.peerOrgs.map((org) => org.key)];
  if (orgs.length > 254 - FIRST_HOST)
    throw new Error(`a /24 holds at most ${254 - FIRST_HOST} organizations`);
  return {
    bridge: BRIDGE,
    bridgeIp: `${base}.1`,
    prefixLength: 24,
    hosts: orgs.map((org, index) => ({
      org,
      // Interface names are at most 15 characters: the veth is named by index, the namespace by key.
      netns: `sme-${org}`,
      ip: `${base}.${FIRST_HOST + index}`,
      veth: `sme-v${index}`,
      names: hostNames(topology, org),
    })),
  };
}

export function orgHost(plan: HostPlan, org: string): OrgHost {
  const host = plan.hosts.find((each) => each.org === org);
  if (!host) throw new Error(`no host planned for organization "${org}"`);
  return host;
}

/** The topology with every node placed on its organization's host (netns mode); unchanged in loopback mode. */
export function placeOnHosts(topology: Topology, mode: DeploymentMode): Topology {
  if (mode === 'loopback') return topology;
  const plan = hostPlan(topology);
  const address = (org: string): HostAddress => {
    const host = orgHost(plan, org);
    return { ip: host.ip, netns: host.netns };
  };
  const ordererHost = address(topology.ordererOrg.key);
  return {
    ...topology,
    deployment: { ...topology.deployment, mode },
    ordererOrg: {
      ...topology.ordererOrg,
      ca: { ...topology.ordererOrg.ca, host: ordererHost },
      orderers: topology.ordererOrg.orderers.map((o) => ({ ...o, host: ordererHost })),
    },
    peerOrgs: topology.peerOrgs.map((org) => {
      const host = address(org.key);
      return { ...org, ca: { ...org.ca, host }, peers: org.peers.map((p) => ({ ...p, host })) };
    }),
  };
}

/**
 * /etc/netns/<ns>/hosts, which `ip netns exec` bind-mounts over /etc/hosts: localhost, then every
 * organization's names at its own address, so a process dials another organization by name over the bridge.
 */
export function hostsFileContent(plan: HostPlan): string {
  const lines = ['127.0.0.1 localhost', ...plan.hosts.map((host) => `${host.ip} ${host.names.join(' ')}`)];
  return `${lines.join('\n')}\n`;
}
