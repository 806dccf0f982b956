import type { EnrolledUser } from '@sme-credit-ledger/scripts/identities';
import type { Layout } from '@sme-credit-ledger/scripts/layout';
import type { Topology } from '@sme-credit-ledger/scripts/topology';
import { readFileSync } from 'node:fs';

/**
 * Caliper's network configuration (format 2.0.0) and one connection profile per organization, from the
 * topology and the enrolled users. Caliper's peer-gateway connector cannot name endorsing organizations,
 * so every organization's profile points its clients at a gov peer: the only endorser (the chaincode's
 * policy is OR('GovMSP.peer')) and the only holder of the raw records, where the project's own clients
 * send their proposals too (`endorsingOrganizations: ['GovMSP']`).
 */
export function caliperNetwork(
  topology: Topology,
  layout: Layout,
  users: readonly EnrolledUser[],
  profileFile: (org: string) => string,
): { network: Record<string, unknown>; profiles: Map<string, Record<string, unknown>> } {
  const gov = topology.peerOrgs.find((org) => org.role === 'gov');
  if (gov === undefined) throw new Error('the topology has no gov organization');
  const govProfile = JSON.parse(readFileSync(layout.connectionProfileFile(gov.key, 'json'), 'utf8')) as {
    peers: Record<string, unknown>;
  };
  const govPeers = Object.keys(govProfile.peers);
  const profiles = new Map<string, Record<string, unknown>>();
  const organizations = topology.peerOrgs.map((org) => {
    const { mspId } = org;
    profiles.set(org.key, {
      name: `caliper-${org.key}`,
      version: '1.0.0',
      client: { organization: mspId },
      organizations: { [mspId]: { mspid: mspId, peers: govPeers } },
      peers: govProfile.peers,
    });
    return {
      mspid: mspId,
      identities: {
        certificates: users
          .filter((user) => user.org === org.key)
          .map((user) => ({
            name: user.name,
            clientPrivateKey: { path: user.keyPath },
            clientSignedCert: { path: user.certPath },
          })),
      },
      connectionProfile: { path: profileFile(org.key), discover: false },
    };
  });
  return {
    network: {
      name: `${topology.channel}-caliper`,
      version: '2.0.0',
      caliper: { blockchain: 'fabric' },
      channels: [{ channelName: topology.channel, contracts: [{ id: topology.chaincode.name }] }],
      organizations,
    },
    profiles,
  };
}
