import { readFileSync } from 'node:fs';
import path from 'node:path';

/** An orderer's operations endpoint (plain HTTP, Prometheus `/metrics`). */
export interface OrdererOps {
  name: string;
  url: string;
}

export interface OrdererStatus {
  name: string;
  reachable: boolean;
  isLeader: boolean;
  clusterSize?: number;
  /** Blocks in the orderer's ledger of the channel (`ledger_blockchain_height`). */
  height?: string;
}

/**
 * The orderers' operations endpoints for a profile written before profiles named them: they come from
 * `network/topology.json`, shifted by SME_PORT_OFFSET as the network scripts shift every port.
 */
export function ordererOpsFromTopology(repoRoot: string, portOffset: number): OrdererOps[] {
  const topology = JSON.parse(readFileSync(path.join(repoRoot, 'network', 'topology.json'), 'utf8')) as {
    ordererOrg: { orderers: { name: string; opsPort: number }[] };
  };
  return topology.ordererOrg.orderers.map((orderer) => ({
    name: orderer.name,
    url: `http://127.0.0.1:${orderer.opsPort + portOffset}/metrics`,
  }));
}

/** A channel-labelled sample of Prometheus text (`name{channel="credit"} 1`), or undefined. */
export function channelSample(text: string, metric: string, channel: string): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`)) {
      continue;
    }
    const labels = line.slice(metric.length + 1, line.indexOf('}'));
    if (labels.split(',').includes(`channel="${channel}"`)) {
      const value = Number(line.slice(line.indexOf('}') + 1).trim());
      return Number.isFinite(value) ? value : undefined;
    }
  }
  return undefined;
}

export type FetchText = (url: string, timeoutMs: number) => Promise<string>;

export const fetchText: FetchText = async (url, timeoutMs) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}`);
  }
  return response.text();
};

/** One orderer's Raft role and height from its metrics; unreachable when it does not answer in time. */
export async function ordererStatus(
  orderer: OrdererOps,
  channel: string,
  fetch: FetchText,
  timeoutMs: number,
): Promise<OrdererStatus> {
  let text: string;
  try {
    text = await fetch(orderer.url, timeoutMs);
  } catch {
    return { name: orderer.name, reachable: false, isLeader: false };
  }
  const clusterSize = channelSample(text, 'consensus_etcdraft_cluster_size', channel);
  const height = channelSample(text, 'ledger_blockchain_height', channel);
  return {
    name: orderer.name,
    reachable: true,
    isLeader: channelSample(text, 'consensus_etcdraft_is_leader', channel) === 1,
    ...(clusterSize === undefined ? {} : { clusterSize }),
    ...(height === undefined ? {} : { height: String(height) }),
  };
}
