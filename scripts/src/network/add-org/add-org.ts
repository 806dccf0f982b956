import { join } from 'node:path';
import {
  memberTopology,
  readChannelMembers,
  withMember,
  writeChannelMembers,
  type ChannelMembers,
} from '../channel-members';
import { waitGossipConverged } from '../channel';
import { ensureCryptoMaterial } from '../identities';
import { deploy, type Network } from '../network';
import { joinBySnapshot, joinFromGenesis, waitForHeight } from '../peer-join';
import { writeProfile } from '../profile';
import { completedSnapshots, everyPeer, peerHeight, type CompletedSnapshot } from '../snapshot';
import { findPeerOrg, type PeerOrg, type Topology } from '../topology';
import { chooseSigners, requiredAdminSignatures } from './config-json';
import { addOrgToChannel } from './config-update';
import {
  gatewaysAreUp,
  orgCaSpec,
  orgGatewaySpec,
  orgPeerSpecs,
  restartSupervisor,
  startAll,
} from './org-processes';

export interface MembershipChange {
  org: string;
  /** The organizations whose admins signed the channel configuration update. */
  signers: string[];
  /** The chaincode definition's sequence after the change. */
  sequence: number;
  seconds: number;
}

export interface OrgJoin extends MembershipChange {
  /** The block of the snapshot the peers joined from; undefined: they replayed the chain from genesis. */
  snapshotBlock?: number;
}

/** The members as they are, refusing to go on without a channel. */
export function currentMembers(net: Network): ChannelMembers {
  const members = readChannelMembers(net.layout);
  if (members === undefined) {
    throw new Error(
      `no channel exists under ${net.layout.root}: start the network first ('npm run network:up')`,
    );
  }
  return members;
}

/** The network as it is with `members`, over the whole topology file. */
export function withMembers(net: Network, full: Topology, members: ChannelMembers): Network {
  return { ...net, topology: memberTopology(full, members) };
}

/** The newest completed snapshot on any member's peer. */
function newestSnapshot(net: Network): CompletedSnapshot | undefined {
  return everyPeer(net.topology)
    .flatMap((ref) => completedSnapshots(net.topology, net.layout, ref))
    .sort((a, b) => b.block - a.block)[0];
}

async function channelHeight(net: Network): Promise<number> {
  return Math.max(
    ...(await Promise.all(everyPeer(net.topology).map((ref) => peerHeight(net.topology, ref)))),
  );
}

/** Joins the organization's peers, from the newest snapshot when a member's peer has one, else from genesis. */
async function joinPeers(before: Network, after: Network, org: PeerOrg): Promise<number | undefined> {
  const snapshot = newestSnapshot(before);
  for (const peer of org.peers) {
    const ref = { org, peer };
    if (snapshot) await joinBySnapshot(after, ref, snapshot.dir);
    else await joinFromGenesis(after, ref);
    after.log(
      `${peer.name}.${org.key} joined ${after.topology.channel} from ${snapshot ? `the snapshot at block ${snapshot.block}` : 'the genesis block'}`,
    );
  }
  const height = await channelHeight(before);
  for (const peer of org.peers) await waitForHeight(after, { org, peer }, height, 600_000);
  return snapshot?.block;
}

/**
 * Brings an organization of the topology that the running channel lacks into it, while the channel serves
 * traffic: its CA, identities and peers; a channel configuration update with the organization's MSP and
 * anchor peers, signed by as many members' admins as the Application group's Admins policy requires; its
 * peers joined; and a new chaincode definition (its approval included) whose collection configuration has
 * the organization's own collections. Its gateway service starts too when the others run under the supervisor.
 */
export async function addOrg(net: Network, full: Topology, key: string): Promise<OrgJoin> {
  const started = Date.now();
  const org = findPeerOrg(full, key);
  const members = currentMembers(net);
  if (members.members.includes(org.mspId))
    throw new Error(`${key} (${org.mspId}) is already a member of the channel`);
  const before = withMembers(net, full, members);
  const after = withMembers(net, full, withMember(members, org));
  const workDir = join(net.layout.channelDir, 'updates', `add-${key}-${started}`);

  await startAll(after, [orgCaSpec(after, org)]);
  net.log(`enrolling ${key}'s identities from its CA`);
  await ensureCryptoMaterial(after.topology, after.layout);
  await startAll(after, orgPeerSpecs(after, org));

  const reader = before.topology.peerOrgs[0] as PeerOrg;
  const signers = await addOrgToChannel(
    before,
    org,
    reader,
    (config) => chooseSigners(before.topology.peerOrgs, requiredAdminSignatures(config)),
    workDir,
  );
  writeChannelMembers(net.layout, withMember(members, org));
  net.log(`${org.mspId} is a member of channel ${net.topology.channel}`);

  const snapshotBlock = await joinPeers(before, after, org);
  const deployment = await deploy(after, [], { underLoad: true });
  net.log(`chaincode definition sequence ${deployment.sequence} has ${key}'s approval and collections`);
  await waitGossipConverged(after.topology);
  writeProfile(after.topology, after.layout);
  await restartSupervisor(after);
  if (gatewaysAreUp(before)) await startAll(after, [orgGatewaySpec(after, org)]);
  return {
    org: key,
    signers: signers.map((signer) => signer.key),
    sequence: deployment.sequence,
    seconds: (Date.now() - started) / 1000,
    ...(snapshotBlock === undefined ? {} : { snapshotBlock }),
  };
}
