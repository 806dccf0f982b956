import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The first service's port before SME_PORT_OFFSET; each organization's service takes the next one up. */
export const BASE_SERVICE_PORT = 3000;

/**
 * The peer organizations in `network/topology.json` order (or `SME_TOPOLOGY_FILE`'s, as the network scripts
 * read it): the order fixes each organization's service port (gov 3000, bank1 3001, bank2 3002, auditor
 * 3003, each plus SME_PORT_OFFSET), so a new bank gets the next.
 */
export function serviceOrgs(
  repoRoot: string,
  topologyFile = process.env.SME_TOPOLOGY_FILE || path.join(repoRoot, 'network', 'topology.json'),
): string[] {
  const topology = JSON.parse(readFileSync(path.resolve(topologyFile), 'utf8')) as {
    peerOrgs: { key: string }[];
  };
  return topology.peerOrgs.map((org) => org.key);
}

/** The port of `org`'s service, or undefined for an organization the topology does not name. */
export function servicePort(orgs: readonly string[], org: string, portOffset: number): number | undefined {
  const index = orgs.indexOf(org);
  return index < 0 ? undefined : BASE_SERVICE_PORT + portOffset + index;
}
