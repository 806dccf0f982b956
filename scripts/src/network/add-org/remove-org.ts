import { join } from 'node:path';
import { withoutMember, writeChannelMembers } from '../channel-members';
import { deploy, type Network } from '../network';
import { stopProcess } from '../processes';
import { writeProfile } from '../profile';
import { findPeerOrg, type PeerOrg, type Topology } from '../topology';
import { currentMembers, withMembers, type MembershipChange } from './add-org';
import { chooseSigners, requiredAdminSignatures } from './config-json';
import { removeOrgFromChannel } from './config-update';
import { orgGatewaySpec, restartSupervisor, stopOrg } from './org-processes';

/**
 * Takes an organization out of the running channel, the reverse of addOrg: its gateway service stops; a new
 * chaincode definition keeps its collections (Fabric cannot drop one) without it as a member; a channel
 * configuration update without its MSP, signed by as many of the other members' admins as the Admins
 * policy requires; then its processes stop and its peers' ledgers are deleted. From that block on, the
 * channel refuses its certificates.
 */
export async function removeOrg(net: Network, full: Topology, key: string): Promise<MembershipChange> {
  const started = Date.now();
  const org = findPeerOrg(full, key);
  const members = currentMembers(net);
  if (!members.members.includes(org.mspId))
    throw new Error(`${key} (${org.mspId}) is not a member of the channel`);
  const before = withMembers(net, full, members);
  const after = withMembers(net, full, withoutMember(members, org));
  const workDir = join(net.layout.channelDir, 'updates', `remove-${key}-${started}`);

  await stopProcess(net.layout, orgGatewaySpec(before, org));
  // While the organization is still a member: a collection policy may only name the channel's members.
  const deployment = await deploy(after, [], { underLoad: true });
  net.log(`chaincode definition sequence ${deployment.sequence} keeps ${key}'s collections without it`);

  const reader = after.topology.peerOrgs[0] as PeerOrg;
  const signers = await removeOrgFromChannel(
    before,
    org,
    reader,
    (config) => chooseSigners(before.topology.peerOrgs, requiredAdminSignatures(config), org.mspId),
    workDir,
  );
  writeChannelMembers(net.layout, withoutMember(members, org));
  net.log(`${org.mspId} is no longer a member of channel ${net.topology.channel}`);

  await stopOrg(before, org);
  writeProfile(after.topology, after.layout);
  await restartSupervisor(after);
  return {
    org: key,
    signers: signers.map((signer) => signer.key),
    sequence: deployment.sequence,
    seconds: (Date.now() - started) / 1000,
  };
}
