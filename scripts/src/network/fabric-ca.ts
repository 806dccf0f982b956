import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Layout } from './layout';
import type { ProcessSpec } from './processes';
import { CommandError, run } from './shell';
import type { CaNode, Topology } from './topology';

export interface CaRef {
  org: string;
  ca: CaNode;
}

export function caName(org: string): string {
  return `ca-${org}`;
}

export function caUrl(ca: CaNode): string {
  return `https://127.0.0.1:${ca.port}`;
}

/** The CA certificate, which also signs its TLS certificate and every TLS certificate it issues. */
export function caCertFile(layout: Layout, org: string): string {
  return join(layout.caHome(org), 'ca-cert.pem');
}

/** The bootstrap admin's password is made at first start and kept owner-only beside the CA's database. */
function bootstrapPassword(layout: Layout, org: string): string {
  const file = layout.caBootstrapFile(org);
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { password: string }).password;
  mkdirSync(layout.caHome(org), { recursive: true, mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, JSON.stringify({ user: 'admin', password }), { mode: 0o600 });
  return password;
}

export function caProcessSpec(topology: Topology, layout: Layout, ref: CaRef): ProcessSpec {
  const host = `ca.${ref.org}.${topology.domain}`;
  return {
    name: `ca.${ref.org}`,
    kind: 'ca',
    command: join(layout.binDir, 'fabric-ca-server'),
    args: ['start', '--address', '127.0.0.1', '--port', String(ref.ca.port), '-H', layout.caHome(ref.org)],
    env: {
      // Passed by environment, not argument, so the password never shows in `ps`.
      FABRIC_CA_SERVER_BOOT: `admin:${bootstrapPassword(layout, ref.org)}`,
      FABRIC_CA_SERVER_CA_NAME: caName(ref.org),
      FABRIC_CA_SERVER_CSR_CN: host,
      FABRIC_CA_SERVER_CSR_HOSTS: `${host},localhost,127.0.0.1`,
      FABRIC_CA_SERVER_TLS_ENABLED: 'true',
      FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS: `127.0.0.1:${ref.ca.opsPort}`,
      FABRIC_CA_SERVER_METRICS_PROVIDER: 'prometheus',
    },
    cwd: layout.caHome(ref.org),
    ports: [
      { port: ref.ca.port, purpose: 'CA API' },
      { port: ref.ca.opsPort, purpose: 'CA operations' },
    ],
    health: { type: 'http', url: `http://127.0.0.1:${ref.ca.opsPort}/healthz` },
  };
}

export interface Registration {
  name: string;
  type: 'client' | 'peer' | 'orderer' | 'admin';
  attrs?: Record<string, string>;
}

/** Talks to one organization's CA with the fabric-ca-client binary. */
export class CaClient {
  private readonly tlsRoot: string;

  constructor(
    private readonly layout: Layout,
    private readonly ref: CaRef,
  ) {
    this.tlsRoot = caCertFile(layout, ref.org);
  }

  private get adminHome(): string {
    return join(this.layout.caClientHome(this.ref.org), 'admin');
  }

  private common(home: string): string[] {
    return ['--caname', caName(this.ref.org), '--tls.certfiles', this.tlsRoot, '-H', home];
  }

  private client(args: string[]): Promise<unknown> {
    return run(join(this.layout.binDir, 'fabric-ca-client'), args, { timeoutMs: 60_000 });
  }

  /** Enrolls the bootstrap admin once; later calls reuse its enrollment. */
  async enrollBootstrapAdmin(): Promise<void> {
    if (existsSync(join(this.adminHome, 'msp', 'signcerts', 'cert.pem'))) return;
    const password = bootstrapPassword(this.layout, this.ref.org);
    const url = `https://admin:${encodeURIComponent(password)}@127.0.0.1:${this.ref.ca.port}`;
    mkdirSync(this.adminHome, { recursive: true, mode: 0o700 });
    await this.client(['enroll', '-u', url, ...this.common(this.adminHome)]);
  }

  /** Registers an identity, or resets the secret of one registered before, and returns a fresh secret. */
  async register(registration: Registration): Promise<string> {
    const secret = randomBytes(18).toString('base64url');
    const attrs = Object.entries(registration.attrs ?? {})
      .map(([key, value]) => `${key}=${value}:ecert`)
      .join(',');
    const args = [
      'register',
      '--id.name',
      registration.name,
      '--id.secret',
      secret,
      '--id.type',
      registration.type,
      ...(attrs ? ['--id.attrs', attrs] : []),
      '-u',
      caUrl(this.ref.ca),
      ...this.common(this.adminHome),
    ];
    try {
      await this.client(args);
    } catch (error) {
      if (!(error instanceof CommandError) || !/already registered/i.test(error.stderr + error.stdout))
        throw error;
      // An earlier run registered it but died before enrolling: give it a new secret and carry on.
      await this.client([
        'identity',
        'modify',
        registration.name,
        '--secret',
        secret,
        ...(attrs ? ['--attrs', attrs] : []),
        '-u',
        caUrl(this.ref.ca),
        ...this.common(this.adminHome),
      ]);
    }
    return secret;
  }

  /** Enrolls into `mspDir` and normalises file names: signcerts/cert.pem, keystore/key.pem, cacerts/ca.pem. */
  async enroll(name: string, secret: string, mspDir: string, tlsHosts?: string[]): Promise<void> {
    const url = `https://${encodeURIComponent(name)}:${encodeURIComponent(secret)}@127.0.0.1:${this.ref.ca.port}`;
    const home = join(this.layout.caClientHome(this.ref.org), 'work');
    mkdirSync(home, { recursive: true, mode: 0o700 });
    rmSync(mspDir, { recursive: true, force: true });
    const tlsArgs = tlsHosts ? ['--enrollment.profile', 'tls', '--csr.hosts', tlsHosts.join(',')] : [];
    await this.client(['enroll', '-u', url, '-M', mspDir, ...tlsArgs, ...this.common(home)]);
    normaliseMsp(mspDir);
  }
}

function normaliseMsp(mspDir: string): void {
  const keystore = join(mspDir, 'keystore');
  const keys = readdirSync(keystore);
  if (keys.length !== 1 || keys[0] === undefined)
    throw new Error(`expected one key in ${keystore}, found ${keys.length}`);
  renameSync(join(keystore, keys[0]), join(keystore, 'key.pem'));
  chmodSync(join(keystore, 'key.pem'), 0o600);
  for (const folder of ['cacerts', 'tlscacerts']) {
    const dir = join(mspDir, folder);
    if (!existsSync(dir)) continue;
    const [first] = readdirSync(dir);
    if (first && first !== 'ca.pem') renameSync(join(dir, first), join(dir, 'ca.pem'));
  }
  rmSync(join(mspDir, 'IssuerPublicKey'), { force: true });
  rmSync(join(mspDir, 'IssuerRevocationPublicKey'), { force: true });
  rmSync(join(mspDir, 'user'), { recursive: true, force: true });
}

/** NodeOUs: the OU a certificate carries (client, peer, admin, orderer) decides its role in policies. */
export function nodeOuConfig(caFile: string): string {
  const ou = (name: string): string =>
    `  ${name}OUIdentifier:\n    Certificate: ${caFile}\n    OrganizationalUnitIdentifier: ${name.toLowerCase()}\n`;
  return `NodeOUs:\n  Enable: true\n${ou('Client')}${ou('Peer')}${ou('Admin')}${ou('Orderer')}`;
}

/** Writes an MSP's config.yaml (NodeOUs) and a TLS CA copy, as the peer and orderer expect them. */
export function completeMsp(mspDir: string, caFile: string): void {
  mkdirSync(join(mspDir, 'cacerts'), { recursive: true });
  mkdirSync(join(mspDir, 'tlscacerts'), { recursive: true });
  copyFileSync(caFile, join(mspDir, 'cacerts', 'ca.pem'));
  copyFileSync(caFile, join(mspDir, 'tlscacerts', 'ca.pem'));
  writeFileSync(join(mspDir, 'config.yaml'), nodeOuConfig('cacerts/ca.pem'));
}
