import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { caCertFile, caName, caUrl } from './fabric-ca';
import { readEnrolledUsers } from './identities';
import type { Layout } from './layout';
import { addressOf, findPeerOrg, ordererHost, peerHost, type Topology } from './topology';

/**
 * The common connection profile Fabric's SDKs read (`fabric-network` 2.2's `Gateway.connect`, Fabric's
 * samples, Caliper, Explorer), shaped as the Fabric test network writes it: the organization, its peers, its
 * CA, plus the orderers with their TLS roots inline as PEM. The organization's own peers are enough to start
 * service discovery, which finds the endorsers (gov's peers) and the orderers by itself.
 */
export interface ConnectionProfile {
  name: string;
  version: string;
  client: { organization: string; connection: { timeout: { peer: { endorser: string } } } };
  organizations: Record<string, { mspid: string; peers: string[]; certificateAuthorities: string[] }>;
  peers: Record<string, TlsEndpoint>;
  orderers: Record<string, TlsEndpoint>;
  certificateAuthorities: Record<
    string,
    { url: string; caName: string; tlsCACerts: { pem: string[] }; httpOptions: { verify: boolean } }
  >;
}

interface TlsEndpoint {
  url: string;
  tlsCACerts: { pem: string };
  grpcOptions: { 'ssl-target-name-override': string; hostnameOverride: string };
}

function tlsEndpoint(address: string, port: number, host: string, pem: string): TlsEndpoint {
  // Dialled at the node's address (127.0.0.1, or its organization's host), checked against the host name
  // (the certificates name both).
  return {
    url: `grpcs://${address}:${port}`,
    tlsCACerts: { pem },
    grpcOptions: { 'ssl-target-name-override': host, hostnameOverride: host },
  };
}

export function buildConnectionProfile(
  topology: Topology,
  layout: Layout,
  orgKey: string,
): ConnectionProfile {
  const org = findPeerOrg(topology, orgKey);
  const pem = (key: string): string => readFileSync(caCertFile(layout, key), 'utf8');
  const ordererPem = pem(topology.ordererOrg.key);
  const peers = Object.fromEntries(
    org.peers.map((peer) => [
      peerHost(topology, org, peer),
      tlsEndpoint(addressOf(peer), peer.port, peerHost(topology, org, peer), pem(org.key)),
    ]),
  );
  const orderers = Object.fromEntries(
    topology.ordererOrg.orderers.map((orderer) => [
      ordererHost(topology, orderer),
      tlsEndpoint(addressOf(orderer), orderer.port, ordererHost(topology, orderer), ordererPem),
    ]),
  );
  const ca = `ca.${org.key}.${topology.domain}`;
  return {
    name: `${topology.channel}-${org.key}`,
    version: '1.0.0',
    client: { organization: org.mspId, connection: { timeout: { peer: { endorser: '300' } } } },
    organizations: {
      [org.mspId]: { mspid: org.mspId, peers: Object.keys(peers), certificateAuthorities: [ca] },
    },
    peers,
    orderers,
    certificateAuthorities: {
      [ca]: {
        url: caUrl(org.ca),
        caName: caName(org.key),
        tlsCACerts: { pem: [pem(org.key)] },
        // The CA's TLS root is given above; nothing is skipped.
        httpOptions: { verify: true },
      },
    },
  };
}

/**
 * A wallet entry as `fabric-network` 2.2's file-system wallet stores it (`<label>.id`, X.509 identity
 * version 1): the enrolled user's certificate and private key.
 */
export interface WalletIdentity {
  credentials: { certificate: string; privateKey: string };
  mspId: string;
  type: 'X.509';
  version: 1;
}

/**
 * Writes `orgs/<org>/connection-<org>.json` and `.yaml` and `orgs/<org>/wallet/` with that organization's
 * enrolled users, for every peer organization. The wallet holds private keys: the folder and files are
 * owner-only, and a user removed from the enrolment list leaves the wallet at the next write.
 */
export function writeConnectionProfiles(topology: Topology, layout: Layout): void {
  const users = readEnrolledUsers(layout);
  for (const org of topology.peerOrgs) {
    const profile = buildConnectionProfile(topology, layout, org.key);
    const json = layout.connectionProfileFile(org.key, 'json');
    mkdirSync(dirname(json), { recursive: true, mode: 0o700 });
    writeFileSync(json, `${JSON.stringify(profile, null, 2)}\n`, { mode: 0o644 });
    writeFileSync(layout.connectionProfileFile(org.key, 'yaml'), stringify(profile), { mode: 0o644 });
    const wallet = layout.walletDir(org.key);
    rmSync(wallet, { recursive: true, force: true });
    mkdirSync(wallet, { mode: 0o700 });
    for (const user of users.filter((u) => u.org === org.key)) {
      const identity: WalletIdentity = {
        credentials: {
          certificate: readFileSync(user.certPath, 'utf8'),
          privateKey: readFileSync(user.keyPath, 'utf8'),
        },
        mspId: user.mspId,
        type: 'X.509',
        version: 1,
      };
      writeFileSync(join(wallet, `${user.name}.id`), JSON.stringify(identity), { mode: 0o600 });
    }
  }
}
