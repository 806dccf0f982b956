import type { ProfileFile } from '@sme-credit-ledger/network-profile';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { writeConnectionProfiles } from './connection-profile';
import { caCertFile, caName, caUrl } from './fabric-ca';
import { readEnrolledUsers } from './identities';
import type { Layout } from './layout';
import { addressOf, peerHost, type Topology } from './topology';

/**
 * What the gateway service, the verifier and the tests need to reach the network: endpoints, trust roots,
 * identities. The format is `@sme-credit-ledger/network-profile`'s, whose reader every package uses.
 */
export type GatewayProfile = ProfileFile;

export function buildProfile(topology: Topology, layout: Layout): GatewayProfile {
  const orgs: GatewayProfile['orgs'] = {};
  for (const org of topology.peerOrgs) {
    const peer = org.peers[0];
    if (!peer) continue;
    orgs[org.key] = {
      mspId: org.mspId,
      peerEndpoint: `${addressOf(peer)}:${peer.port}`,
      peerHostAlias: peerHost(topology, org, peer),
      peers: org.peers.map((each) => ({
        endpoint: `${addressOf(each)}:${each.port}`,
        hostAlias: peerHost(topology, org, each),
      })),
      tlsRootCertPath: caCertFile(layout, org.key),
      caCertPath: caCertFile(layout, org.key),
      caUrl: caUrl(org.ca),
      caName: caName(org.key),
      caTlsCertPath: caCertFile(layout, org.key),
    };
  }
  return {
    channel: topology.channel,
    chaincode: topology.chaincode.name,
    orgs,
    // A removed organization's users stay enrolled (add-org may bring it back) but are not on the channel.
    identities: readEnrolledUsers(layout).filter((user) => orgs[user.org] !== undefined),
    // The service's network-health view reads Raft's state here: on the orderers' host, not always loopback.
    orderers: topology.ordererOrg.orderers.map((orderer) => ({
      name: orderer.name,
      operationsUrl: `http://${addressOf(orderer)}:${orderer.opsPort}/metrics`,
    })),
  };
}

/**
 * One organization's service profile: every organization's public endpoints and roots, but only that
 * organization's identities, with paths relative to the profile's directory (the organization's own folder),
 * so the service that loads it can name no other organization's key.
 */
export function buildOrgProfile(profile: GatewayProfile, org: string, profileFile: string): GatewayProfile {
  const base = dirname(profileFile);
  const local = (file: string): string => relative(base, file);
  return {
    ...profile,
    orgs: Object.fromEntries(
      Object.entries(profile.orgs).map(([key, entry]) => [
        key,
        {
          ...entry,
          tlsRootCertPath: local(entry.tlsRootCertPath),
          caCertPath: local(entry.caCertPath),
          caTlsCertPath: local(entry.caTlsCertPath),
        },
      ]),
    ),
    identities: profile.identities
      .filter((identity) => identity.org === org)
      .map((identity) => ({
        ...identity,
        certPath: local(identity.certPath),
        keyPath: local(identity.keyPath),
      })),
  };
}

/**
 * The combined profile (every identity: the test harness and the network operator's tools act as any of
 * them) and one profile per organization under `orgs/<org>/`, the only kind the gateway service loads;
 * beside it, the organization's standard connection profile and wallet for Fabric's own SDKs.
 */
export function writeProfile(topology: Topology, layout: Layout): void {
  const profile = buildProfile(topology, layout);
  writeFileSync(layout.profileFile, JSON.stringify(profile, null, 2), { mode: 0o600 });
  for (const org of Object.keys(profile.orgs)) {
    const file = layout.orgProfileFile(org);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(buildOrgProfile(profile, org, file), null, 2), { mode: 0o600 });
  }
  writeConnectionProfiles(topology, layout);
}
