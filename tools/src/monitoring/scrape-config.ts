import type { Topology } from '@sme-credit-ledger/scripts/topology';

/** One gateway service to scrape: its `/metrics` answers operator and auditor tokens only. */
export interface GatewayTarget {
  org: string;
  port: number;
  /** File holding an operator token of that organization's service (owner-only). */
  tokenFile: string;
}

export interface ScrapeOptions {
  gateways: readonly GatewayTarget[];
  rulesFile: string;
  /** Seconds between scrapes and rule evaluations. */
  intervalSeconds: number;
}

interface StaticConfig {
  targets: string[];
  labels: Record<string, string>;
}

interface ScrapeJob {
  job_name: string;
  metrics_path?: string;
  static_configs: StaticConfig[];
  authorization?: { type: 'Bearer'; credentials_file: string };
}

/**
 * Prometheus's configuration, from the topology: every peer's, orderer's and CA's operations endpoint (plain
 * HTTP on loopback, as `scripts/src/network` starts them) and every gateway service's `/metrics`, each
 * labelled with its organization and node so the recording rules and the dashboard group by them.
 */
export function scrapeConfig(topology: Topology, options: ScrapeOptions): Record<string, unknown> {
  const target = (port: number, labels: Record<string, string>): StaticConfig => ({
    targets: [`127.0.0.1:${port}`],
    labels,
  });
  const orderers = topology.ordererOrg.orderers.map((orderer) =>
    target(orderer.opsPort, { org: topology.ordererOrg.key, node: orderer.name }),
  );
  const peers = topology.peerOrgs.flatMap((org) =>
    org.peers.map((peer) => target(peer.opsPort, { org: org.key, node: `${peer.name}.${org.key}` })),
  );
  const cas = [topology.ordererOrg, ...topology.peerOrgs].map((org) =>
    target(org.ca.opsPort, { org: org.key, node: `ca.${org.key}` }),
  );
  const gateways: ScrapeJob[] = options.gateways.map((gateway) => ({
    // One job per service: Prometheus takes the bearer token per job, and each service knows only its own.
    job_name: `gateway-${gateway.org}`,
    metrics_path: '/metrics',
    static_configs: [target(gateway.port, { org: gateway.org, node: `gateway.${gateway.org}` })],
    authorization: { type: 'Bearer', credentials_file: gateway.tokenFile },
  }));
  const interval = `${options.intervalSeconds}s`;
  return {
    global: { scrape_interval: interval, evaluation_interval: interval },
    rule_files: [options.rulesFile],
    scrape_configs: [
      { job_name: 'fabric-orderer', static_configs: orderers },
      { job_name: 'fabric-peer', static_configs: peers },
      { job_name: 'fabric-ca', static_configs: cas },
      {
        job_name: 'supervisor',
        static_configs: [target(topology.supervisor.opsPort, { org: 'network', node: 'supervisor' })],
      },
      ...gateways,
    ],
  };
}
