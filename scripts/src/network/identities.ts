import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaClient, caCertFile, completeMsp, type CaRef } from './fabric-ca';
import type { Layout } from './layout';
import type { OrgRole } from '@sme-credit-ledger/contract';
import { ordererHost, peerHost, type PeerOrg, type Topology } from './topology';

/** A user identity the gateway and tests can act as; its attributes are inside its certificate. */
export interface UserIdentity {
  org: string;
  name: string;
  attrs: Record<string, string>;
}

export interface EnrolledUser extends UserIdentity {
  mspId: string;
  certPath: string;
  keyPath: string;
}

const ATTR_NAME = /^[a-z][a-zA-Z0-9.]*$/;
const ATTR_VALUE = /^[A-Za-z0-9._-]{1,64}$/;
const USER_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const RESERVED_USERS = new Set(['admin']);

/** A user every organization of one role gets, under the same name in each. */
export type RoleIdentity = Omit<UserIdentity, 'org'>;

/** `network/identities.json`: users of named organizations, and users every organization of a role gets. */
export interface SeedIdentities {
  identities: UserIdentity[];
  everyOrgOfRole?: Partial<Record<OrgRole, RoleIdentity[]>>;
}

/**
 * The users to enroll at setup: the listed ones, then each role's users in every organization the topology
 * gives that role, so a bank added to the topology gets its officer without an edit here. A listed user
 * wins over a role's user of the same organization and name.
 */
export function seedIdentities(topology: Topology, seed: SeedIdentities): UserIdentity[] {
  const listed = new Set(seed.identities.map((identity) => `${identity.org}/${identity.name}`));
  const byRole = topology.peerOrgs.flatMap((org) =>
    (seed.everyOrgOfRole?.[org.role] ?? [])
      .filter((identity) => !listed.has(`${org.key}/${identity.name}`))
      .map((identity) => ({ org: org.key, name: identity.name, attrs: { ...identity.attrs } })),
  );
  return [...seed.identities, ...byRole];
}

export function loadSeedIdentities(topology: Topology, layout: Layout): UserIdentity[] {
  return seedIdentities(topology, JSON.parse(readFileSync(layout.identitiesFile, 'utf8')) as SeedIdentities);
}

/** Refuses names and attributes the CA or the certificate cannot carry safely; lists every problem. */
export function validateUserIdentity(topology: Topology, identity: UserIdentity): string[] {
  const problems: string[] = [];
  if (!topology.peerOrgs.some((org) => org.key === identity.org)) {
    problems.push(`org "${identity.org}" is not one of ${topology.peerOrgs.map((o) => o.key).join(', ')}`);
  }
  if (!USER_NAME.test(identity.name)) problems.push(`name "${identity.name}" must match ${USER_NAME.source}`);
  if (RESERVED_USERS.has(identity.name))
    problems.push(`name "${identity.name}" is reserved for the org admin`);
  if (!identity.attrs.role)
    problems.push('attribute "role" is required (department, company, bank, auditor, ...)');
  for (const [key, value] of Object.entries(identity.attrs)) {
    if (!ATTR_NAME.test(key) || key.startsWith('hf.'))
      problems.push(`attribute name "${key}" is not allowed`);
    if (!ATTR_VALUE.test(value)) problems.push(`attribute ${key}="${value}" must match ${ATTR_VALUE.source}`);
  }
  return problems;
}

export function readEnrolledUsers(layout: Layout): EnrolledUser[] {
  if (!existsSync(layout.enrolledFile)) return [];
  return JSON.parse(readFileSync(layout.enrolledFile, 'utf8')) as EnrolledUser[];
}

function recordEnrolledUser(layout: Layout, user: EnrolledUser): void {
  const others = readEnrolledUsers(layout).filter((u) => !(u.org === user.org && u.name === user.name));
  writeFileSync(layout.enrolledFile, JSON.stringify([...others, user], null, 2), { mode: 0o600 });
}

function isEnrolled(mspDir: string): boolean {
  return existsSync(join(mspDir, 'signcerts', 'cert.pem')) && existsSync(join(mspDir, 'keystore', 'key.pem'));
}

async function ensureNode(
  client: CaClient,
  layout: Layout,
  org: string,
  node: { name: string; type: 'peer' | 'orderer' | 'client'; host: string },
  hostIp?: string,
): Promise<void> {
  const dir = layout.nodeDir(org, node.name);
  if (isEnrolled(join(dir, 'msp')) && isEnrolled(join(dir, 'tls'))) return;
  const secret = await client.register({ name: node.name, type: node.type, maxEnrollments: 2 });
  // Each enrollment spends one of the two the secret allows: a resumed run redoes only the missing one.
  if (!isEnrolled(join(dir, 'msp'))) {
    await client.enroll(node.name, secret, join(dir, 'msp'));
    completeMsp(join(dir, 'msp'), caCertFile(layout, org));
  }
  // On its organization's own host a node is named by host name and address, never by loopback.
  const names = hostIp === undefined ? [node.host, 'localhost', '127.0.0.1'] : [node.host, hostIp];
  await client.enroll(node.name, secret, join(dir, 'tls'), names);
}

async function ensureAdmin(client: CaClient, layout: Layout, org: string): Promise<void> {
  const dir = layout.userDir(org, 'admin');
  if (isEnrolled(join(dir, 'msp')) && isEnrolled(join(dir, 'tls'))) return;
  // The CA's bootstrap registrar is already called "admin"; the org admin is a separate identity.
  const name = `${org}-admin`;
  const secret = await client.register({ name, type: 'admin', maxEnrollments: 2 });
  if (!isEnrolled(join(dir, 'msp'))) {
    await client.enroll(name, secret, join(dir, 'msp'));
    completeMsp(join(dir, 'msp'), caCertFile(layout, org));
  }
  // A TLS client certificate lets the orderer admin use the mutual-TLS channel participation API.
  await client.enroll(name, secret, join(dir, 'tls'), ['localhost', '127.0.0.1']);
}

/** Registers and enrolls one user with its attributes, and records it for the gateway profile. */
export async function enrollUser(
  topology: Topology,
  layout: Layout,
  identity: UserIdentity,
  options: { force?: boolean } = {},
): Promise<EnrolledUser> {
  const problems = validateUserIdentity(topology, identity);
  if (problems.length > 0)
    throw new Error(`cannot enroll ${identity.org}/${identity.name}:\n  - ${problems.join('\n  - ')}`);
  const org = topology.peerOrgs.find((o) => o.key === identity.org) as PeerOrg;
  const mspDir = join(layout.userDir(identity.org, identity.name), 'msp');
  if (options.force || !isEnrolled(mspDir)) {
    const client = new CaClient(layout, { org: org.key, ca: org.ca });
    await client.enrollBootstrapAdmin();
    // One enrollment per user: a leaked secret cannot mint a second certificate; --force replaces the
    // identity (the CA revokes its old certificates) instead of enrolling it again.
    const secret = await client.register(
      { name: identity.name, type: 'client', maxEnrollments: 1, attrs: identity.attrs },
      { replace: options.force === true },
    );
    await client.enroll(identity.name, secret, mspDir);
    completeMsp(mspDir, caCertFile(layout, org.key));
  }
  const user: EnrolledUser = {
    ...identity,
    mspId: org.mspId,
    certPath: join(mspDir, 'signcerts', 'cert.pem'),
    keyPath: join(mspDir, 'keystore', 'key.pem'),
  };
  recordEnrolledUser(layout, user);
  return user;
}

async function ensureOrg(
  topology: Topology,
  layout: Layout,
  ref: CaRef,
  nodes: Parameters<typeof ensureNode>[3][],
) {
  const client = new CaClient(layout, ref);
  await client.enrollBootstrapAdmin();
  completeMsp(layout.orgMsp(ref.org), caCertFile(layout, ref.org));
  await ensureAdmin(client, layout, ref.org);
  for (const node of nodes) await ensureNode(client, layout, ref.org, node, ref.ca.host?.ip);
  for (const identity of loadSeedIdentities(topology, layout).filter((i) => i.org === ref.org)) {
    await enrollUser(topology, layout, identity);
  }
}

/** Creates every organization's MSP, node, admin and seed-user identity that does not exist yet. */
export async function ensureCryptoMaterial(topology: Topology, layout: Layout): Promise<void> {
  mkdirSync(join(layout.root, 'orgs'), { recursive: true, mode: 0o700 });
  const ordererOrg = topology.ordererOrg;
  // Each CA is independent, so the organizations enroll in parallel; calls to one CA stay sequential.
  await Promise.all([
    ensureOrg(
      topology,
      layout,
      { org: ordererOrg.key, ca: ordererOrg.ca },
      ordererOrg.orderers.map((o) => ({
        name: o.name,
        type: 'orderer' as const,
        host: ordererHost(topology, o),
      })),
    ),
    ...topology.peerOrgs.map((org) =>
      ensureOrg(topology, layout, { org: org.key, ca: org.ca }, [
        ...org.peers.map((p) => ({ name: p.name, type: 'peer' as const, host: peerHost(topology, org, p) })),
        ...org.peers.map((p) => ({
          name: `${p.name}-chaincode`,
          type: 'client' as const,
          host: `${p.name}-chaincode.${org.key}.${topology.domain}`,
        })),
        // On its own host the gateway service listens beyond loopback, so it serves TLS (gateway/src/config.ts).
        ...(org.ca.host ? [gatewayTlsNode(topology, org.key)] : []),
      ]),
    ),
  ]);
}

/** The gateway service's TLS identity on its organization's host (netns mode): nodeDir(org, 'gateway'). */
export function gatewayTlsNode(topology: Topology, org: string) {
  return { name: 'gateway', type: 'client' as const, host: `gateway.${org}.${topology.domain}` };
}
