import { join } from 'node:path';
import { loadTopology, type PeerOrg, type Topology } from '@sme-credit-ledger/scripts/topology';
import { repoRoot } from './network-cli';

/** `network/topology.json` with its ports unshifted: for names and roles, not for addresses. */
export const topology: Topology = loadTopology(join(repoRoot, 'network', 'topology.json'));

/** The peer organizations, in the topology's order. */
export const peerOrgs: readonly PeerOrg[] = topology.peerOrgs;

/** Every lending bank of the topology: the tests cover each, so a bank added there is tested unchanged. */
export const banks: readonly PeerOrg[] = peerOrgs.filter((org) => org.role === 'bank');

/** The officer every bank gets at setup (`everyOrgOfRole` in `network/identities.json`). */
export const officerOf = (bank: PeerOrg): string => `${bank.key}/officer`;

/** An identity of `org` that reads through that organization's own peer. */
export function readerOf(org: PeerOrg): string {
  switch (org.role) {
    case 'gov':
      return `${org.key}/tax-officer`;
    case 'bank':
      return officerOf(org);
    case 'auditor':
      return `${org.key}/auditor`;
  }
}
