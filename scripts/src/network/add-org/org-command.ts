import { loadTopology } from '../topology';
import { portOffsetFromEnv } from '../layout';
import type { Network } from '../network';
import { addOrg } from './add-org';
import { removeOrg } from './remove-org';

export const ADD_ORG_USAGE = `  add-org <org>      bring an organization of the topology that the running channel lacks into it (its CA,
                     peers, a channel config update signed by a majority of the members' admins, a chaincode
                     definition with its collections, its gateway service if the others run)
  remove-org <org>   take an organization out of the running channel (the reverse) and stop its processes`;

/** The topology file as written: the command's organization may not be a member (the CLI sees only members). */
function fullTopology(net: Network) {
  return loadTopology(net.layout.topologyFile, portOffsetFromEnv());
}

function orgArgument(args: string[], command: string): string {
  const [key] = args;
  if (key === undefined || key.startsWith('-'))
    throw new Error(`${command} needs an organization key, e.g. ${command} bank4`);
  return key;
}

export async function addOrgCommand(net: Network, args: string[]): Promise<number> {
  const joined = await addOrg(net, fullTopology(net), orgArgument(args, 'add-org'));
  const from = joined.snapshotBlock === undefined ? 'genesis' : `snapshot at block ${joined.snapshotBlock}`;
  net.log(
    `${joined.org} joined in ${joined.seconds.toFixed(1)} s (signed by ${joined.signers.join(', ')}; peers from ${from}; chaincode sequence ${joined.sequence})`,
  );
  return 0;
}

export async function removeOrgCommand(net: Network, args: string[]): Promise<number> {
  const removed = await removeOrg(net, fullTopology(net), orgArgument(args, 'remove-org'));
  net.log(
    `${removed.org} removed in ${removed.seconds.toFixed(1)} s (signed by ${removed.signers.join(', ')}; chaincode sequence ${removed.sequence})`,
  );
  return 0;
}
