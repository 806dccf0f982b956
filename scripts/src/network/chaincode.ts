import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { collectionDefinitions } from '@sme-credit-ledger/contract';
import { installedDependencies } from './dependency-closure';
import { caCertFile } from './fabric-ca';
import { repoRoot, type Layout } from './layout';
import { ordererAddress, peerAdminEnv, tlsFiles } from './nodes';
import type { ProcessSpec } from './processes';
import { run } from './shell';
import { tarGz } from './tar';
import { otherSlot, slotPort, slotPortPlaceholder, type ServerSlot, type Slot } from './chaincode-slots';
import { addressOf, netnsOf, type PeerNode, type PeerOrg, type Topology } from './topology';

export { otherSlot, slotPort, type ServerSlot, type Slot };

export interface ChaincodeBuild {
  /** Changes whenever the built code, the collections config or the endorsement policy changes. */
  version: string;
  label: string;
  collectionsConfig?: string;
}

export interface Deployment {
  sequence: number;
  version: string;
  slot: Slot;
  packageIds: Record<string, string>;
}

/** The folder of the test doubles: built beside the chaincode like the tests, never loaded by its servers. */
const TESTING_DIR = 'testing';

/**
 * The compiled JavaScript the chaincode servers load: every `.js` under `dist` except tests and test doubles.
 * Source maps and declarations are left out too: a production server neither reads them nor runs with
 * source maps enabled.
 */
function runtimeFiles(dist: string): string[] {
  return readdirSync(dist, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dist, entry.name);
    if (entry.isDirectory()) return entry.name === TESTING_DIR ? [] : runtimeFiles(path);
    return entry.name.endsWith('.js') && !entry.name.endsWith('.test.js') ? [path] : [];
  });
}

/**
 * A workspace package the chaincode loads (`@sme-credit-ledger/contract`: npm links it into node_modules) is
 * built from this checkout, so its version in package.json says nothing: its compiled runtime files count
 * like the chaincode's own. A package installed from the registry is fingerprinted by its manifest alone.
 */
function workspaceRuntimeFiles(installed: string): string[] {
  const real = realpathSync(installed);
  const isWorkspace = !real.split(sep).includes('node_modules');
  const dist = join(real, 'dist');
  return isWorkspace && existsSync(dist) ? runtimeFiles(dist) : [];
}

/**
 * Fingerprints what the chaincode servers will run, so the package id (and an upgrade) follows only that:
 * the compiled runtime code, the installed runtime dependencies (a changed lock must reach the servers: a
 * new package id starts new ones) and the definition inputs. Editing a test or a test double deploys nothing.
 */
export function chaincodeBuild(topology: Topology, root: string = repoRoot): ChaincodeBuild {
  const dir = join(root, topology.chaincode.path);
  const dist = join(dir, 'dist');
  if (!existsSync(join(dist, 'index.js'))) {
    throw new Error(`${dist}/index.js is missing: run 'npm run build' first`);
  }
  const hash = createHash('sha256');
  const files = runtimeFiles(dist).concat(join(dir, 'package.json')).sort();
  for (const file of files) hash.update(relative(dir, file)).update('\0').update(readFileSync(file));
  for (const dependency of installedDependencies(dir, root)) {
    hash.update(dependency.path).update('\0').update(dependency.manifest);
    for (const file of workspaceRuntimeFiles(join(root, dependency.path))) {
      hash.update(relative(root, file)).update('\0').update(readFileSync(file));
    }
  }
  // Generated from the organizations' roles, so a bank added to the topology gets its own collection.
  const collections = join(root, topology.chaincode.collectionsConfig);
  const collectionList = collectionDefinitions(
    topology.peerOrgs,
    { copies: topology.chaincode.rawRecordCopies },
    topology.retiredBanks,
  );
  const definitions = `${JSON.stringify(collectionList, null, 2)}\n`;
  writeFileSync(collections, definitions);
  hash.update(definitions);
  hash.update(topology.chaincode.endorsementPolicy);
  const version = hash.digest('hex').slice(0, 12);
  return {
    version,
    label: `${topology.chaincode.name}_${version}`,
    collectionsConfig: collections,
  };
}

/**
 * Builds the org's chaincode-as-a-service package: metadata.json plus code.tar.gz holding connection.json,
 * which tells the peer where to dial and how to authenticate (mutual TLS with the org's CA). Every peer of
 * an organization runs the package its organization approved, so the address names a placeholder that the
 * builder's release step replaces with the installing peer's own server port: each peer has its server.
 */
export function buildPackage(
  layout: Layout,
  org: PeerOrg,
  build: ChaincodeBuild,
  slot: ServerSlot,
): { file: string; packageId: string } {
  const peer = org.peers[0];
  if (!peer) throw new Error(`${org.key} has no peer`);
  const peerTls = tlsFiles(layout.nodeDir(org.key, peer.name));
  const connection = {
    address: `${addressOf(peer)}:${slotPortPlaceholder(slot)}`,
    dial_timeout: '10s',
    tls_required: true,
    client_auth_required: true,
    client_key: readFileSync(peerTls.key, 'utf8'),
    client_cert: readFileSync(peerTls.cert, 'utf8'),
    root_cert: readFileSync(caCertFile(layout, org.key), 'utf8'),
  };
  const code = tarGz([{ name: 'connection.json', content: Buffer.from(JSON.stringify(connection)) }]);
  const metadata = Buffer.from(JSON.stringify({ type: 'ccaas', label: build.label }));
  const bytes = tarGz([
    { name: 'metadata.json', content: metadata },
    { name: 'code.tar.gz', content: code },
  ]);
  const dir = layout.chaincodeDir(org.key);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${build.label}-${slot}.tar.gz`);
  writeFileSync(file, bytes, { mode: 0o600 });
  return { file, packageId: `${build.label}:${createHash('sha256').update(bytes).digest('hex')}` };
}

/** The first peer's server keeps the name it had when organizations had one peer. */
export function chaincodeServerName(
  org: PeerOrg,
  slot: ServerSlot,
  peer: PeerNode | undefined = org.peers[0],
): string {
  return peer === undefined || peer === org.peers[0]
    ? `chaincode.${org.key}.${slot}`
    : `chaincode.${org.key}.${peer.name}.${slot}`;
}

/**
 * One chaincode server per peer: the shim reports the process's CORE_PEER_LOCALMSPID as the peer's MSP, and
 * a server of its own lets each peer endorse while the other's server is down.
 */
export function chaincodeServerSpec(
  topology: Topology,
  layout: Layout,
  org: PeerOrg,
  packageId: string,
  slot: ServerSlot,
  peer: PeerNode | undefined = org.peers[0],
): ProcessSpec {
  if (!peer) throw new Error(`${org.key} has no peer`);
  const tls = tlsFiles(layout.nodeDir(org.key, `${peer.name}-chaincode`));
  const port = slotPort(peer, slot);
  const ip = addressOf(peer);
  return {
    ...netnsOf(peer),
    name: chaincodeServerName(org, slot, peer),
    kind: 'chaincode',
    command: process.execPath,
    args: [
      join(repoRoot, 'node_modules', 'fabric-shim', 'cli.js'),
      'server',
      '--chaincode-address',
      `${ip}:${port}`,
      '--chaincode-id',
      packageId,
      '--chaincode-tls-cert-file',
      tls.cert,
      '--chaincode-tls-key-file',
      tls.key,
      '--chaincode-tls-client-cacert-file',
      caCertFile(layout, org.key),
    ],
    env: { CORE_PEER_LOCALMSPID: org.mspId, NODE_ENV: 'production' },
    cwd: join(repoRoot, topology.chaincode.path),
    ports: [{ port, purpose: `chaincode server, slot ${slot}` }],
    health: { type: 'tcp', port, host: ip },
  };
}

function peerCli(topology: Topology, layout: Layout, org: PeerOrg, args: string[], peer?: PeerNode) {
  const env = { ...process.env, ...peerAdminEnv(topology, layout, org, peer) };
  return run(join(layout.binDir, 'peer'), args, { env, timeoutMs: 120_000 });
}

export async function installPackage(
  topology: Topology,
  layout: Layout,
  org: PeerOrg,
  file: string,
  packageId: string,
  peer?: PeerNode,
) {
  const { stdout } = await peerCli(
    topology,
    layout,
    org,
    ['lifecycle', 'chaincode', 'queryinstalled', '-O', 'json'],
    peer,
  );
  if (stdout.includes(packageId)) return false;
  await peerCli(topology, layout, org, ['lifecycle', 'chaincode', 'install', file], peer);
  return true;
}

export async function committedDefinition(
  topology: Topology,
  layout: Layout,
  org: PeerOrg,
): Promise<{ sequence: number; version: string } | undefined> {
  try {
    const { stdout } = await peerCli(topology, layout, org, [
      'lifecycle',
      'chaincode',
      'querycommitted',
      '-C',
      topology.channel,
      '-n',
      topology.chaincode.name,
      '-O',
      'json',
    ]);
    return JSON.parse(stdout) as { sequence: number; version: string };
  } catch (error) {
    if (error instanceof Error && /not found|does not exist|is not defined/i.test(error.message))
      return undefined;
    throw error;
  }
}

function definitionArgs(topology: Topology, build: ChaincodeBuild, sequence: number): string[] {
  const ordererOrg = topology.ordererOrg;
  const orderer = ordererOrg.orderers[0];
  if (!orderer) throw new Error('no orderer');
  return [
    '-C',
    topology.channel,
    '-n',
    topology.chaincode.name,
    '--version',
    build.version,
    '--sequence',
    String(sequence),
    '--signature-policy',
    topology.chaincode.endorsementPolicy,
    ...(build.collectionsConfig ? ['--collections-config', build.collectionsConfig] : []),
    '-o',
    ordererAddress(topology),
    '--tls',
  ];
}

export async function approve(
  topology: Topology,
  layout: Layout,
  org: PeerOrg,
  build: ChaincodeBuild,
  sequence: number,
  packageId: string,
): Promise<boolean> {
  try {
    const { stdout } = await peerCli(topology, layout, org, [
      'lifecycle',
      'chaincode',
      'queryapproved',
      '-C',
      topology.channel,
      '-n',
      topology.chaincode.name,
      '--sequence',
      String(sequence),
      '-O',
      'json',
    ]);
    if (stdout.includes(packageId) && stdout.includes(`"${build.version}"`)) return false;
  } catch {
    // Not approved yet at this sequence.
  }
  const cafile = caCertFile(layout, topology.ordererOrg.key);
  await peerCli(topology, layout, org, [
    'lifecycle',
    'chaincode',
    'approveformyorg',
    ...definitionArgs(topology, build, sequence),
    '--cafile',
    cafile,
    '--package-id',
    packageId,
  ]);
  return true;
}

export async function commit(topology: Topology, layout: Layout, build: ChaincodeBuild, sequence: number) {
  const first = topology.peerOrgs[0];
  if (!first) throw new Error('no peer organization');
  const targets = topology.peerOrgs.flatMap((org) =>
    org.peers.map((peer) => [
      '--peerAddresses',
      `${addressOf(peer)}:${peer.port}`,
      '--tlsRootCertFiles',
      caCertFile(layout, org.key),
    ]),
  );
  await peerCli(topology, layout, first, [
    'lifecycle',
    'chaincode',
    'commit',
    ...definitionArgs(topology, build, sequence),
    '--cafile',
    caCertFile(layout, topology.ordererOrg.key),
    ...targets.flat(),
  ]);
}

export function readDeployment(layout: Layout): Deployment | undefined {
  if (!existsSync(layout.deploymentFile)) return undefined;
  return JSON.parse(readFileSync(layout.deploymentFile, 'utf8')) as Deployment;
}

export function writeDeployment(layout: Layout, deployment: Deployment): void {
  mkdirSync(join(layout.root, 'chaincode'), { recursive: true });
  writeFileSync(layout.deploymentFile, JSON.stringify(deployment, null, 2));
}
