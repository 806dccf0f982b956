import { join } from 'node:path';
import { slotPort } from './chaincode-slots';
import { caCertFile } from './fabric-ca';
import { repoRoot, type Layout } from './layout';
import type { ProcessSpec } from './processes';
import {
  addressOf,
  netnsOf,
  ordererHost,
  peerHost,
  type OrdererNode,
  type PeerNode,
  type PeerOrg,
  type Topology,
} from './topology';

export function tlsFiles(dir: string) {
  return {
    cert: join(dir, 'tls', 'signcerts', 'cert.pem'),
    key: join(dir, 'tls', 'keystore', 'key.pem'),
  };
}

export function ordererSpec(topology: Topology, layout: Layout, orderer: OrdererNode): ProcessSpec {
  const org = topology.ordererOrg;
  const dir = layout.nodeDir(org.key, orderer.name);
  const tls = tlsFiles(dir);
  const ca = caCertFile(layout, org.key);
  const ledger = layout.ledgerDir(ordererHost(topology, orderer));
  const ip = addressOf(orderer);
  return {
    ...netnsOf(orderer),
    name: orderer.name,
    kind: 'orderer',
    command: join(layout.binDir, 'orderer'),
    args: [],
    env: {
      FABRIC_CFG_PATH: layout.fabricCfgPath,
      FABRIC_LOGGING_SPEC: 'info',
      ORDERER_GENERAL_LISTENADDRESS: ip,
      ORDERER_GENERAL_LISTENPORT: String(orderer.port),
      ORDERER_GENERAL_LOCALMSPID: org.mspId,
      ORDERER_GENERAL_LOCALMSPDIR: join(dir, 'msp'),
      ORDERER_GENERAL_BOOTSTRAPMETHOD: 'none',
      ORDERER_GENERAL_TLS_ENABLED: 'true',
      ORDERER_GENERAL_TLS_CERTIFICATE: tls.cert,
      ORDERER_GENERAL_TLS_PRIVATEKEY: tls.key,
      ORDERER_GENERAL_TLS_ROOTCAS: `[${ca}]`,
      ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE: tls.cert,
      ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY: tls.key,
      ORDERER_GENERAL_CLUSTER_ROOTCAS: `[${ca}]`,
      ORDERER_CHANNELPARTICIPATION_ENABLED: 'true',
      ORDERER_ADMIN_LISTENADDRESS: `${ip}:${orderer.adminPort}`,
      ORDERER_ADMIN_TLS_ENABLED: 'true',
      ORDERER_ADMIN_TLS_CERTIFICATE: tls.cert,
      ORDERER_ADMIN_TLS_PRIVATEKEY: tls.key,
      ORDERER_ADMIN_TLS_ROOTCAS: `[${ca}]`,
      ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED: 'true',
      ORDERER_ADMIN_TLS_CLIENTROOTCAS: `[${ca}]`,
      ORDERER_OPERATIONS_LISTENADDRESS: `${ip}:${orderer.opsPort}`,
      ORDERER_METRICS_PROVIDER: 'prometheus',
      ORDERER_FILELEDGER_LOCATION: join(ledger, 'blocks'),
      ORDERER_CONSENSUS_WALDIR: join(ledger, 'etcdraft', 'wal'),
      ORDERER_CONSENSUS_SNAPDIR: join(ledger, 'etcdraft', 'snapshot'),
      // An orderer redials a lost cluster peer 1 s x 1.6^n apart, up to General.Backoff.MaxDelay (2 min in
      // Fabric's sampleconfig/orderer.yaml; orderer/common/server/main.go, initializeClusterClientConfig).
      // The one orderer left running through a 60 s loss of quorum was still waiting 6 s after the other two
      // were back and had elected a leader, and every transaction it had to forward to that leader hung
      // until its submit deadline. 2 s bounds that wait.
      ORDERER_GENERAL_BACKOFF_MAXDELAY: '2s',
    },
    cwd: dir,
    ports: [
      { port: orderer.port, purpose: 'orderer' },
      { port: orderer.adminPort, purpose: 'orderer admin' },
      { port: orderer.opsPort, purpose: 'operations' },
    ],
    health: {
      type: 'http',
      url: `http://${ip}:${orderer.opsPort}/healthz`,
      listening: { port: orderer.port, host: ip },
    },
  };
}

export function peerProcessName(org: PeerOrg, peer: PeerNode): string {
  return `${peer.name}.${org.key}`;
}

export function peerSpec(topology: Topology, layout: Layout, org: PeerOrg, peer: PeerNode): ProcessSpec {
  const dir = layout.nodeDir(org.key, peer.name);
  const tls = tlsFiles(dir);
  const host = peerHost(topology, org, peer);
  const ip = addressOf(peer);
  const address = `${ip}:${peer.port}`;
  const builder = join(repoRoot, 'network', 'ccaas-builder');
  // Gossip inside the organization starts from its other peers (anchor peers only join organizations).
  const orgPeers = org.peers
    .filter((other) => other.name !== peer.name)
    .map((other) => `${addressOf(other)}:${other.port}`);
  return {
    ...netnsOf(peer),
    name: peerProcessName(org, peer),
    kind: 'peer',
    command: join(layout.binDir, 'peer'),
    args: ['node', 'start'],
    env: {
      FABRIC_CFG_PATH: layout.fabricCfgPath,
      FABRIC_LOGGING_SPEC: 'info:gossip=warning:comm.grpc.server=warning',
      CORE_PEER_ID: host,
      CORE_PEER_ADDRESS: address,
      CORE_PEER_LISTENADDRESS: address,
      CORE_PEER_CHAINCODEADDRESS: `${ip}:${peer.chaincodePort}`,
      CORE_PEER_CHAINCODELISTENADDRESS: `${ip}:${peer.chaincodePort}`,
      CORE_PEER_GOSSIP_BOOTSTRAP: orgPeers.length > 0 ? orgPeers.join(' ') : address,
      CORE_PEER_GOSSIP_EXTERNALENDPOINT: address,
      // On loopback a lost peer is found again in seconds; the defaults (25 s) make restarts slow to
      // become usable, because discovery only names peers that gossip knows to be alive.
      CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: '1s',
      CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: '5s',
      CORE_PEER_GOSSIP_RECONNECTINTERVAL: '2s',
      CORE_PEER_GOSSIP_PUBLISHSTATEINFOINTERVAL: '1s',
      // A block whose private data the peer lacks waits this long for it before committing without it (then
      // reconciliation fetches it). Fabric's 60 s stalls the whole channel on that peer for a transaction
      // that needs none: the fault suite saw a re-sent transaction ordered twice (its orderer died after
      // forwarding it), and the peer waited 60 s for the private data of the DUPLICATE_TXID copy, which no
      // peer keeps (gossip/privdata/pvtdataprovider.go, the pull loop). Eligible data reaches every member
      // by dissemination at endorsement, so 5 s is ample.
      CORE_PEER_GOSSIP_PVTDATA_PULLRETRYTHRESHOLD: '5s',
      // Between failed attempts to pull blocks from the orderers the peer sleeps 100 ms x 1.2^n, capped only
      // by this threshold (Fabric's default 3600 s), and n resets only once a block arrives
      // (common/deliverclient/blocksprovider/deliverer.go, DeliverBlocks; core/deliverservice/config.go).
      // After a 60 s loss of quorum every peer was in a 11-16 s sleep when the orderers came back, so it
      // went on missing blocks long after the channel worked again. A 2 s cap costs one failed connection
      // per peer every 2 s during an outage.
      CORE_PEER_DELIVERYCLIENT_RECONNECTBACKOFFTHRESHOLD: '2s',
      CORE_PEER_LOCALMSPID: org.mspId,
      CORE_PEER_MSPCONFIGPATH: join(dir, 'msp'),
      CORE_PEER_TLS_ENABLED: 'true',
      CORE_PEER_TLS_CERT_FILE: tls.cert,
      CORE_PEER_TLS_KEY_FILE: tls.key,
      CORE_PEER_TLS_ROOTCERT_FILE: caCertFile(layout, org.key),
      // Client timestamps more than a minute off are refused: replayed or back-dated proposals fail early.
      CORE_PEER_AUTHENTICATION_TIMEWINDOW: '1m',
      CORE_PEER_FILESYSTEMPATH: layout.ledgerDir(host),
      CORE_LEDGER_SNAPSHOTS_ROOTDIR: join(layout.ledgerDir(host), 'snapshots'),
      CORE_LEDGER_STATE_STATEDATABASE: 'goleveldb',
      // The chaincode keeps every version under its own keys and never calls GetHistoryForKey; Fabric's
      // history index would only add a LevelDB write (and its compaction) per written key on every peer.
      CORE_LEDGER_HISTORY_ENABLEHISTORYDATABASE: 'false',
      CORE_OPERATIONS_LISTENADDRESS: `${ip}:${peer.opsPort}`,
      CORE_METRICS_PROVIDER: 'prometheus',
      // No Docker here: an empty endpoint turns the Docker chaincode runtime off; chaincode runs as a service.
      CORE_VM_ENDPOINT: '',
      // One package per organization, one chaincode server per peer: the builder's release step writes this
      // peer's own server ports into the package's connection.json (network/ccaas-builder/bin/release).
      SME_CCAAS_PORT_A: String(slotPort(peer, 'a')),
      SME_CCAAS_PORT_B: String(slotPort(peer, 'b')),
      CORE_CHAINCODE_EXTERNALBUILDERS: `[{name: ccaas, path: ${builder}, propagateEnvironment: [HOME, SME_CCAAS_PORT_A, SME_CCAAS_PORT_B]}]`,
    },
    cwd: dir,
    ports: [
      { port: peer.port, purpose: 'peer' },
      { port: peer.chaincodePort, purpose: 'chaincode listener' },
      { port: peer.opsPort, purpose: 'operations' },
    ],
    health: {
      type: 'http',
      url: `http://${ip}:${peer.opsPort}/healthz`,
      listening: { port: peer.port, host: ip },
    },
  };
}

/** Environment for Fabric's `peer` CLI acting as an organization's admin through one of its peers (the first by default). */
export function peerAdminEnv(
  topology: Topology,
  layout: Layout,
  org: PeerOrg,
  peer: PeerNode | undefined = org.peers[0],
): Record<string, string> {
  if (!peer) throw new Error(`${org.key} has no peer`);
  return {
    FABRIC_CFG_PATH: layout.fabricCfgPath,
    FABRIC_LOGGING_SPEC: 'warning',
    CORE_PEER_LOCALMSPID: org.mspId,
    CORE_PEER_MSPCONFIGPATH: join(layout.userDir(org.key, 'admin'), 'msp'),
    CORE_PEER_ADDRESS: `${addressOf(peer)}:${peer.port}`,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: caCertFile(layout, org.key),
    CHANNEL_NAME: topology.channel,
    CHAINCODE_NAME: topology.chaincode.name,
    ORDERER_ADDRESS: ordererAddress(topology),
    ORDERER_CA: caCertFile(layout, topology.ordererOrg.key),
  };
}

/** The first orderer's address, where the admin CLIs send transactions. */
export function ordererAddress(topology: Topology): string {
  const orderer = topology.ordererOrg.orderers[0];
  if (!orderer) throw new Error('the topology has no orderer');
  return `${addressOf(orderer)}:${orderer.port}`;
}
