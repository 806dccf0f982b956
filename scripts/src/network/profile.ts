import { writeFileSync } from 'node:fs';
import { caCertFile, caName, caUrl } from './fabric-ca';
import { readEnrolledUsers, type EnrolledUser } from './identities';
import type { Layout } from './layout';
import { peerHost, type Topology } from './topology';

/** What the gateway service and the tests need to reach the network: endpoints, trust roots, identities. */
export interface GatewayProfile {
  channel: string;
  chaincode: string;
  orgs: Record<
    string,
    {
      mspId: string;
      peerEndpoint: string;
      peerHostAlias: string;
      tlsRootCertPath: string;
      caUrl: string;
      caName: string;
      caTlsCertPath: string;
    }
  >;
  identities: EnrolledUser[];
}

export function buildProfile(topology: Topology, layout: Layout): GatewayProfile {
  const orgs: GatewayProfile['orgs'] = {};
  for (const org of topology.peerOrgs) {
    const peer = org.peers[0];
    if (!peer) continue;
    orgs[org.key] = {
      mspId: org.mspId,
      peerEndpoint: `127.0.0.1:${peer.port}`,
      peerHostAlias: peerHost(topology, org, peer),
      tlsRootCertPath: caCertFile(layout, org.key),
      caUrl: caUrl(org.ca),
      caName: caName(org.key),
      caTlsCertPath: caCertFile(layout, org.key),
    };
  }
  return {
    channel: topology.channel,
    chaincode: topology.chaincode.name,
    orgs,
    identities: readEnrolledUsers(layout),
  };
}

export function writeProfile(topology: Topology, layout: Layout): void {
  writeFileSync(layout.profileFile, JSON.stringify(buildProfile(topology, layout), null, 2), { mode: 0o600 });
}
