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
import { dirname, join } from 'node:path';
import type { Layout } from './layout';
import type { ProcessSpec } from './processes';
import { CommandError, run, type RunResult } from './shell';
import { addressOf, netnsOf, type CaNode, type Topology } from './topology';

export interface CaRef {
  org: string;
  ca: CaNode;
}

export function caName(org: string): string {
  return `ca-${org}`;
}

export function caUrl(ca: CaNode): string {
  return `https://${addressOf(ca)}:${ca.port}`;
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
  const ip = addressOf(ref.ca);
  // Loopback names only where the CA listens on loopback: on its own host it is reached by name or address.
  const names = ref.ca.host ? `${host},${ip}` : `${host},localhost,127.0.0.1`;
  return {
    ...netnsOf(ref.ca),
    name: `ca.${ref.org}`,
    kind: 'ca',
    command: join(layout.binDir, 'fabric-ca-server'),
    args: ['start', '--address', ip, '--port', String(ref.ca.port), '-H', layout.caHome(ref.org)],
    env: {
      // Passed by environment, not argument, so the password never shows in `ps`.
      FABRIC_CA_SERVER_BOOT: `admin:${bootstrapPassword(layout, ref.org)}`,
      FABRIC_CA_SERVER_CA_NAME: caName(ref.org),
      FABRIC_CA_SERVER_CSR_CN: host,
      FABRIC_CA_SERVER_CSR_HOSTS: names,
      FABRIC_CA_SERVER_TLS_ENABLED: 'true',
      FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS: `${ip}:${ref.ca.opsPort}`,
      FABRIC_CA_SERVER_METRICS_PROVIDER: 'prometheus',
      // `network:enroll --force` removes an identity (which revokes its certificates) to issue it again.
      FABRIC_CA_SERVER_CFG_IDENTITIES_ALLOWREMOVE: 'true',
    },
    cwd: layout.caHome(ref.org),
    ports: [
      { port: ref.ca.port, purpose: 'CA API' },
      { port: ref.ca.opsPort, purpose: 'CA operations' },
    ],
    // Like a peer, the CA serves /healthz before its API listens (fabric-ca lib/server.go: Start() starts the
    // operations server, then listenAndServe), so it is ready only once its API port accepts connections too.
    health: {
      type: 'http',
      url: `http://${ip}:${ref.ca.opsPort}/healthz`,
      listening: { port: ref.ca.port, host: ip },
    },
  };
}

export interface Registration {
  name: string;
  type: 'client' | 'peer' | 'orderer' | 'admin';
  /** Users enroll once; nodes and org admins twice (signing MSP, then TLS). */
  maxEnrollments: 1 | 2;
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

  /**
   * Secrets go only in `env`, which the kernel shows to the process owner alone, never in `args`, which any
   * local user reads in `ps` and /proc/<pid>/cmdline.
   */
  private client(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
    return run(join(this.layout.binDir, 'fabric-ca-client'), args, {
      env: { ...process.env, ...env },
      timeoutMs: 60_000,
    });
  }

  private get adminHome(): string {
    return join(this.layout.caClientHome(this.ref.org), 'admin');
  }

  private common(home: string): string[] {
    return ['--caname', caName(this.ref.org), '--tls.certfiles', this.tlsRoot, '-H', home];
  }

  /** As the bootstrap registrar: the CA address without credentials (the registrar signs with its key). */
  private asRegistrar(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
    return this.client([...args, '-u', caUrl(this.ref.ca), ...this.common(this.adminHome)], env);
  }

  /** The enrollment URL carries the secret, so it goes in FABRIC_CA_CLIENT_URL instead of `-u`. */
  private enrollUrl(name: string, secret: string): Record<string, string> {
    return {
      FABRIC_CA_CLIENT_URL: `https://${encodeURIComponent(name)}:${encodeURIComponent(secret)}@${addressOf(this.ref.ca)}:${this.ref.ca.port}`,
    };
  }

  /** Enrolls the bootstrap admin once; later calls reuse its enrollment. */
  async enrollBootstrapAdmin(): Promise<void> {
    if (existsSync(join(this.adminHome, 'msp', 'signcerts', 'cert.pem'))) return;
    const password = bootstrapPassword(this.layout, this.ref.org);
    mkdirSync(this.adminHome, { recursive: true, mode: 0o700 });
    await this.client(['enroll', ...this.common(this.adminHome)], this.enrollUrl('admin', password));
  }

  /**
   * Registers an identity and returns its enrollment secret, kept owner-only (layout.enrollmentSecretFile)
   * before the CA hears of it, so a run that dies between registering and enrolling resumes with the same
   * secret. An identity registered without a kept secret (an earlier version, or `replace`) is removed, which
   * revokes any certificate it has, and registered again.
   */
  async register(registration: Registration, options: { replace?: boolean } = {}): Promise<string> {
    const secretFile = this.layout.enrollmentSecretFile(this.ref.org, registration.name);
    const kept = options.replace ? undefined : readSecret(secretFile);
    const secret = kept ?? randomBytes(18).toString('base64url');
    if (kept === undefined) writeSecret(secretFile, secret);
    const attrs = Object.entries(registration.attrs ?? {})
      .map(([key, value]) => `${key}=${value}:ecert`)
      .join(',');
    const args = [
      'register',
      '--id.name',
      registration.name,
      '--id.type',
      registration.type,
      '--id.maxenrollments',
      String(registration.maxEnrollments),
      ...(attrs ? ['--id.attrs', attrs] : []),
    ];
    const env = { FABRIC_CA_CLIENT_ID_SECRET: secret };
    try {
      await this.asRegistrar(args, env);
    } catch (error) {
      if (!(error instanceof CommandError) || !/already registered/i.test(error.stderr + error.stdout))
        throw error;
      if (kept !== undefined) return secret;
      await this.asRegistrar(['identity', 'remove', registration.name]);
      await this.asRegistrar(args, env);
    }
    return secret;
  }

  /** Enrolls into `mspDir` and normalises file names: signcerts/cert.pem, keystore/key.pem, cacerts/ca.pem. */
  async enroll(name: string, secret: string, mspDir: string, tlsHosts?: string[]): Promise<void> {
    const home = join(this.layout.caClientHome(this.ref.org), 'work');
    mkdirSync(home, { recursive: true, mode: 0o700 });
    rmSync(mspDir, { recursive: true, force: true });
    const tlsArgs = tlsHosts ? ['--enrollment.profile', 'tls', '--csr.hosts', tlsHosts.join(',')] : [];
    try {
      await this.client(
        ['enroll', '-M', mspDir, ...tlsArgs, ...this.common(home)],
        this.enrollUrl(name, secret),
      );
    } catch (error) {
      // The CA answers a spent secret with the same code 20 as a wrong one; its log names the cause.
      if (error instanceof CommandError && /Error Code: 20\b/.test(error.stderr + error.stdout))
        throw new Error(
          `the CA refused ${this.ref.org}/${name}: its secret is spent (users enroll once) or wrong ` +
            `(see ${this.layout.logFile(`ca.${this.ref.org}`)}); issue it again with ` +
            `network:enroll --org ${this.ref.org} --name ${name} --force, which revokes its old certificates`,
          { cause: error },
        );
      throw error;
    }
    normaliseMsp(mspDir);
  }
}

function readSecret(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

function writeSecret(file: string, secret: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
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
