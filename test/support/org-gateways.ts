import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type GatewayConfig } from '@sme-credit-ledger/gateway/config';
import { startGateway, type RunningGateway } from '@sme-credit-ledger/gateway/server';
import { pino } from 'pino';
import { dataDirectory } from './network-cli';
import { peerOrgs } from './topology';

/** The profile the network scripts write for one organization's service (its identities only). */
export const orgProfilePath = (org: string): string =>
  join(dataDirectory(), 'network', 'orgs', org, 'gateway-profile.json');

/** The organization of an identity key `<org>/<name>`. */
export const orgOf = (identity: string): string => identity.split('/')[0] ?? '';

/** One organization's service settings on a free port, with its own files under `dataDir`. */
export function orgConfig(org: string, dataDir: string, env: Record<string, string> = {}): GatewayConfig {
  return loadConfig({
    SME_GATEWAY_ORG: org,
    SME_GATEWAY_PORT: '0',
    SME_DATA_DIR: dataDir,
    SME_GATEWAY_PROFILE: orgProfilePath(org),
    ...env,
  });
}

/**
 * One gateway service per organization, in-process on free ports, as `npm start` runs them: each actor's
 * calls go to its own organization's service (companies and departments to gov's), with a token that
 * service issued. Tokens, checkpoints and salt keys live in a throw-away data dir.
 */
export class OrgGateways {
  readonly dataDir: string;
  private readonly services = new Map<string, RunningGateway>();
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly label: string,
    private readonly env: Record<string, string> = {},
  ) {
    this.dataDir = mkdtempSync(join(tmpdir(), `${label}-`));
  }

  /** Starts the services of `orgs`, by default of every organization of the topology. */
  async start(orgs: readonly string[] = peerOrgs.map((org) => org.key)): Promise<this> {
    for (const org of orgs) {
      if (!this.services.has(org)) {
        this.services.set(org, await startGateway(this.config(org), pino({ level: 'warn' })));
      }
    }
    return this;
  }

  config(org: string): GatewayConfig {
    return orgConfig(org, this.dataDir, this.env);
  }

  /** The running service of `org`, or of the organization of identity `<org>/<name>`. */
  service(orgOrIdentity: string): RunningGateway {
    const service = this.services.get(orgOf(orgOrIdentity));
    if (service === undefined) throw new Error(`no gateway service started for ${orgOrIdentity}`);
    return service;
  }

  url(orgOrIdentity: string): string {
    return this.service(orgOrIdentity).url;
  }

  async tokenFor(identity: string): Promise<string> {
    let token = this.tokens.get(identity);
    if (token === undefined) {
      token = await this.service(identity).tokens.issue(identity, this.label);
      this.tokens.set(identity, token);
    }
    return token;
  }

  /** Replaces a running service by a fresh one with the same settings (a restart). */
  async restart(org: string, env: Record<string, string> = {}): Promise<RunningGateway> {
    await this.services.get(org)?.close();
    const service = await startGateway(
      orgConfig(org, this.dataDir, { ...this.env, ...env }),
      pino({ level: 'warn' }),
    );
    this.services.set(org, service);
    return service;
  }

  async close(): Promise<void> {
    for (const service of this.services.values()) await service.close();
    this.services.clear();
  }
}
