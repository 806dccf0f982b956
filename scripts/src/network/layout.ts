import { join, resolve } from 'node:path';

/** Repository root: this file compiles to scripts/dist/network/. */
export const repoRoot = resolve(__dirname, '..', '..', '..');

/** Where every generated file of one network instance lives (git-ignored). */
export interface Layout {
  root: string;
  fabricHome: string;
  binDir: string;
  fabricCfgPath: string;
  topologyFile: string;
  identitiesFile: string;
  caHome(org: string): string;
  caBootstrapFile(org: string): string;
  caClientHome(org: string): string;
  /** An identity's enrollment secret, owner-only; spent once the identity has enrolled. */
  enrollmentSecretFile(org: string, name: string): string;
  orgMsp(org: string): string;
  nodeDir(org: string, node: string): string;
  userDir(org: string, user: string): string;
  channelDir: string;
  ledgerDir(node: string): string;
  chaincodeDir(org: string): string;
  logFile(process: string): string;
  pidFile(process: string): string;
  profileFile: string;
  /** The profile of one organization's gateway service: only that organization's identities. */
  orgProfileFile(org: string): string;
  /** The common connection profile Fabric's SDKs read, for one organization. */
  connectionProfileFile(org: string, format: 'json' | 'yaml'): string;
  /** A `fabric-network` file-system wallet with the organization's enrolled users. */
  walletDir(org: string): string;
  deploymentFile: string;
  enrolledFile: string;
}

/**
 * The instance in `SME_DATA_DIR` (default `data/`), whose ports are shifted by `SME_PORT_OFFSET`, described by
 * `SME_TOPOLOGY_FILE` (default `network/topology.json`; the add-org test names a copy with one more bank).
 */
export function layoutFromEnv(env: NodeJS.ProcessEnv = process.env): Layout {
  const dataDir = resolve(env.SME_DATA_DIR ?? join(repoRoot, 'data'));
  const fabricHome = resolve(env.FABRIC_HOME ?? join(repoRoot, '.fabric'));
  const topologyFile = env.SME_TOPOLOGY_FILE ? resolve(env.SME_TOPOLOGY_FILE) : undefined;
  return makeLayout(join(dataDir, 'network'), fabricHome, topologyFile);
}

export function makeLayout(
  root: string,
  fabricHome: string,
  topologyFile = join(repoRoot, 'network', 'topology.json'),
): Layout {
  return {
    root,
    fabricHome,
    binDir: join(fabricHome, 'bin'),
    fabricCfgPath: join(fabricHome, 'sampleconfig'),
    topologyFile,
    identitiesFile: join(repoRoot, 'network', 'identities.json'),
    caHome: (org) => join(root, 'ca', org),
    caBootstrapFile: (org) => join(root, 'ca', org, 'bootstrap-admin.json'),
    caClientHome: (org) => join(root, 'orgs', org, 'ca-client'),
    enrollmentSecretFile: (org, name) => join(root, 'orgs', org, 'ca-client', 'secrets', name),
    orgMsp: (org) => join(root, 'orgs', org, 'msp'),
    nodeDir: (org, node) => join(root, 'orgs', org, 'nodes', node),
    userDir: (org, user) => join(root, 'orgs', org, 'users', user),
    channelDir: join(root, 'channel'),
    ledgerDir: (node) => join(root, 'ledgers', node),
    chaincodeDir: (org) => join(root, 'chaincode', org),
    logFile: (name) => join(root, 'logs', `${name}.log`),
    pidFile: (name) => join(root, 'run', `${name}.pid`),
    profileFile: join(root, 'gateway-profile.json'),
    orgProfileFile: (org) => join(root, 'orgs', org, 'gateway-profile.json'),
    connectionProfileFile: (org, format) => join(root, 'orgs', org, `connection-${org}.${format}`),
    walletDir: (org) => join(root, 'orgs', org, 'wallet'),
    deploymentFile: join(root, 'chaincode', 'deployment.json'),
    enrolledFile: join(root, 'orgs', 'enrolled.json'),
  };
}

export function portOffsetFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SME_PORT_OFFSET ?? '0';
  const offset = Number(raw);
  if (!Number.isInteger(offset) || offset < 0 || offset > 40000) {
    throw new Error(`SME_PORT_OFFSET must be an integer from 0 to 40000, got "${raw}"`);
  }
  return offset;
}
