import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROLES, type Role } from '@sme-credit-ledger/contract';
import type { OrdererOpsEntry } from './profile-file';

/** One peer of an organization: where to dial it and the TLS server name its certificate carries. */
export interface PeerEndpoint {
  endpoint: string;
  hostAlias: string;
}

/** One peer organization of `gateway-profile.json` (see `ProfileFile`), with paths resolved. */
export interface OrgProfile {
  key: string;
  mspId: string;
  /** `host:port` of the organization's preferred gateway peer (the first of `peers`). */
  peerEndpoint: string;
  /** TLS server name of the peer (its certificate does not name 127.0.0.1 as host). */
  peerHostAlias: string;
  /** Every peer of the organization, preferred first: a connection fails over between them. */
  peers: readonly PeerEndpoint[];
  tlsRootCertPath: string;
  /** Root of the organization's MSP (issues its identities); offline signers' certificates chain to it. */
  caCertPath?: string;
  caUrl?: string;
  caName?: string;
  caTlsCertPath?: string;
}

/** The roles a certificate's `role` attribute may carry: the contract's. */
export type IdentityRole = Role;

/** A Fabric identity the service may act as. Certificate attributes are what the chaincode checks. */
export interface IdentityProfile {
  /** `<org>/<name>`: the key tokens are bound to. */
  key: string;
  org: string;
  mspId: string;
  name: string;
  role: IdentityRole;
  dept?: string;
  uscc?: string;
  certPath: string;
  keyPath: string;
}

export interface NetworkProfile {
  channel: string;
  chaincode: string;
  orgs: ReadonlyMap<string, OrgProfile>;
  identities: ReadonlyMap<string, IdentityProfile>;
  /** Orderers' operations endpoints, when the profile names them (netns mode puts them off loopback). */
  orderers?: readonly OrdererOpsEntry[];
}

export const IDENTITY_ROLES: readonly IdentityRole[] = ROLES;

export const identityKey = (org: string, name: string): string => `${org}/${name}`;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a profile written by `scripts/…/cli.js up` (and extended by `enroll`). Relative file paths resolve
 * against the profile's directory. Reports every malformed entry at once.
 */
export async function loadNetworkProfile(profilePath: string): Promise<NetworkProfile> {
  let text: string;
  try {
    text = await readFile(profilePath, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read the gateway profile ${profilePath} (${(error as Error).message}); ` +
        'start the network with `npm run network:up` or set SME_GATEWAY_PROFILE',
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`the gateway profile ${profilePath} is not JSON (${(error as Error).message})`);
  }
  return parseNetworkProfile(raw, path.dirname(profilePath));
}

export function parseNetworkProfile(raw: unknown, baseDir: string): NetworkProfile {
  const problems: string[] = [];
  const text = (value: unknown, where: string): string => {
    if (typeof value !== 'string' || value === '') {
      problems.push(`${where}: expected a non-empty string`);
      return '';
    }
    return value;
  };
  const file = (value: unknown, where: string): string => path.resolve(baseDir, text(value, where));
  if (!isObject(raw)) {
    throw new Error('gateway profile: expected a JSON object');
  }
  const orgs = new Map<string, OrgProfile>();
  for (const [key, org] of Object.entries(isObject(raw.orgs) ? raw.orgs : {})) {
    const o = isObject(org) ? org : {};
    const peerEndpoint = text(o.peerEndpoint, `orgs.${key}.peerEndpoint`);
    const peerHostAlias = text(o.peerHostAlias, `orgs.${key}.peerHostAlias`);
    const peers = parsePeers(o.peers, { endpoint: peerEndpoint, hostAlias: peerHostAlias }, key, text);
    if (peers.length === 0) problems.push(`orgs.${key}.peers: expected at least one peer`);
    orgs.set(key, {
      key,
      mspId: text(o.mspId, `orgs.${key}.mspId`),
      peerEndpoint,
      peerHostAlias,
      peers,
      tlsRootCertPath: file(o.tlsRootCertPath, `orgs.${key}.tlsRootCertPath`),
      ...(typeof o.caCertPath === 'string' ? { caCertPath: path.resolve(baseDir, o.caCertPath) } : {}),
      ...(typeof o.caUrl === 'string' ? { caUrl: o.caUrl } : {}),
      ...(typeof o.caName === 'string' ? { caName: o.caName } : {}),
      ...(typeof o.caTlsCertPath === 'string'
        ? { caTlsCertPath: path.resolve(baseDir, o.caTlsCertPath) }
        : {}),
    });
  }
  if (orgs.size === 0) {
    problems.push('orgs: expected at least one organization');
  }
  const identities = new Map<string, IdentityProfile>();
  const list = Array.isArray(raw.identities) ? (raw.identities as unknown[]) : [];
  for (const [index, entry] of list.entries()) {
    const identity = parseIdentity(entry, `identities[${index}]`, orgs, text, file, problems);
    if (identity !== undefined) {
      identities.set(identity.key, identity);
    }
  }
  const channel = text(raw.channel, 'channel');
  const chaincode = text(raw.chaincode, 'chaincode');
  const orderers = parseOrderers(raw.orderers, text);
  if (problems.length > 0) {
    throw new Error(`gateway profile is malformed:\n  - ${problems.join('\n  - ')}`);
  }
  return { channel, chaincode, orgs, identities, ...orderers };
}

/** Orderers' operations endpoints; none for a profile written before profiles named them. */
function parseOrderers(
  value: unknown,
  text: (value: unknown, where: string) => string,
): { orderers?: OrdererOpsEntry[] } {
  if (!Array.isArray(value)) return {};
  const orderers = (value as unknown[]).map((entry, index) => {
    const o = isObject(entry) ? entry : {};
    return {
      name: text(o.name, `orderers[${index}].name`),
      operationsUrl: text(o.operationsUrl, `orderers[${index}].operationsUrl`),
    };
  });
  return { orderers };
}

/** Profiles written before organizations had several peers name only the one. */
function parsePeers(
  raw: unknown,
  only: PeerEndpoint,
  org: string,
  text: (value: unknown, where: string) => string,
): PeerEndpoint[] {
  if (!Array.isArray(raw)) return [only];
  return (raw as unknown[]).map((entry, index) => {
    const e = isObject(entry) ? entry : {};
    return {
      endpoint: text(e.endpoint, `orgs.${org}.peers[${index}].endpoint`),
      hostAlias: text(e.hostAlias, `orgs.${org}.peers[${index}].hostAlias`),
    };
  });
}

function parseIdentity(
  entry: unknown,
  where: string,
  orgs: ReadonlyMap<string, OrgProfile>,
  text: (value: unknown, where: string) => string,
  file: (value: unknown, where: string) => string,
  problems: string[],
): IdentityProfile | undefined {
  const e = isObject(entry) ? entry : {};
  const attrs = isObject(e.attrs) ? e.attrs : {};
  const org = text(e.org, `${where}.org`);
  const name = text(e.name, `${where}.name`);
  const role = IDENTITY_ROLES.find((candidate) => candidate === attrs.role);
  if (role === undefined) {
    problems.push(`${where}.attrs.role: expected one of ${IDENTITY_ROLES.join(', ')}`);
    return undefined;
  }
  if (!orgs.has(org)) {
    problems.push(`${where}.org: unknown organization ${org}`);
  }
  return {
    key: identityKey(org, name),
    org,
    mspId: typeof e.mspId === 'string' ? e.mspId : (orgs.get(org)?.mspId ?? ''),
    name,
    role,
    ...(typeof attrs.dept === 'string' ? { dept: attrs.dept } : {}),
    ...(typeof attrs.uscc === 'string' ? { uscc: attrs.uscc } : {}),
    certPath: file(e.certPath, `${where}.certPath`),
    keyPath: file(e.keyPath, `${where}.keyPath`),
  };
}
