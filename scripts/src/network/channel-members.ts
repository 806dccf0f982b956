import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { portOffsetFromEnv, type Layout } from './layout';
import { loadTopology, type PeerOrg, type Topology } from './topology';

/**
 * Which of the topology's peer organizations are members of the running channel. The ledger's channel
 * configuration is the truth; this file mirrors it, written when the channel is created and after every
 * add-org / remove-org configuration update has committed, so the other commands need no peer to know it.
 * An organization the topology has and the channel lacks is pending: every command leaves it alone until
 * `network:add-org` brings it in.
 */
export interface ChannelMembers {
  /** MSP ids of the channel's application organizations. */
  members: string[];
  /** MSP ids of banks removed from the channel, whose private collections stay in the definition. */
  retiredBanks: string[];
}

export function channelMembersFile(layout: Layout): string {
  return join(layout.channelDir, 'members.json');
}

/**
 * The channel's members, or undefined before the channel exists. A channel created before this file existed
 * has the organizations of the configtx.yaml it was created from, beside its genesis block.
 */
export function readChannelMembers(layout: Layout): ChannelMembers | undefined {
  const file = channelMembersFile(layout);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ChannelMembers;
  const configtx = join(layout.channelDir, 'configtx.yaml');
  if (!existsSync(configtx)) return undefined;
  const profiles = (
    JSON.parse(readFileSync(configtx, 'utf8')) as {
      Profiles: Record<string, { Application: { Organizations: { ID: string }[] } }>;
    }
  ).Profiles;
  const profile = Object.values(profiles)[0];
  return { members: profile?.Application.Organizations.map((org) => org.ID) ?? [], retiredBanks: [] };
}

export function writeChannelMembers(layout: Layout, members: ChannelMembers): void {
  writeFileSync(channelMembersFile(layout), `${JSON.stringify(members, null, 2)}\n`);
}

/** The topology's organizations the channel lacks (all of them: none, before the channel exists). */
export function pendingOrgs(topology: Topology, members: ChannelMembers | undefined): PeerOrg[] {
  if (members === undefined) return [];
  return topology.peerOrgs.filter((org) => !members.members.includes(org.mspId));
}

/**
 * The topology as the running channel has it: only member organizations, plus the retired banks whose
 * collections the chaincode definition keeps. Before the channel exists, the whole topology.
 */
export function memberTopology(topology: Topology, members: ChannelMembers | undefined): Topology {
  if (members === undefined) return topology;
  const retiredBanks = members.retiredBanks.filter((mspId) => !members.members.includes(mspId));
  return {
    ...topology,
    peerOrgs: topology.peerOrgs.filter((org) => members.members.includes(org.mspId)),
    ...(retiredBanks.length > 0 ? { retiredBanks } : {}),
  };
}

/**
 * The instance's topology file as its running channel has it (memberTopology): what every command, test and
 * bench that builds a Network should use, or an approval after add-org or remove-org would drop a retired
 * bank's collection, which Fabric refuses ("existing collection ... missing").
 */
export function channelTopology(layout: Layout, offset = portOffsetFromEnv()): Topology {
  return memberTopology(loadTopology(layout.topologyFile, offset), readChannelMembers(layout));
}

/** The members after `org` joined (it is no longer retired). */
export function withMember(members: ChannelMembers, org: PeerOrg): ChannelMembers {
  return {
    members: [...members.members.filter((mspId) => mspId !== org.mspId), org.mspId],
    retiredBanks: members.retiredBanks.filter((mspId) => mspId !== org.mspId),
  };
}

/** The members after `org` left; a bank's collections stay defined, so it is remembered as retired. */
export function withoutMember(members: ChannelMembers, org: PeerOrg): ChannelMembers {
  const retired = members.retiredBanks.filter((mspId) => mspId !== org.mspId);
  return {
    members: members.members.filter((mspId) => mspId !== org.mspId),
    retiredBanks: org.role === 'bank' ? [...retired, org.mspId] : retired,
  };
}
