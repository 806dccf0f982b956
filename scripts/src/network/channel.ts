import { join } from 'node:path';
import { caCertFile } from './fabric-ca';
import type { Layout } from './layout';
import { peerAdminEnv } from './nodes';
import { sleep } from './processes';
import { run } from './shell';
import { addressOf, type OrdererNode, type PeerNode, type PeerOrg, type Topology } from './topology';

function osnadminArgs(topology: Topology, layout: Layout, orderer: OrdererNode): string[] {
  const org = topology.ordererOrg.key;
  const adminTls = join(layout.userDir(org, 'admin'), 'tls');
  return [
    '-o',
    `${addressOf(orderer)}:${orderer.adminPort}`,
    '--ca-file',
    caCertFile(layout, org),
    '--client-cert',
    join(adminTls, 'signcerts', 'cert.pem'),
    '--client-key',
    join(adminTls, 'keystore', 'key.pem'),
  ];
}

/** Joins an orderer to the channel through the channel participation API, unless it already is a member. */
export async function joinOrderer(topology: Topology, layout: Layout, orderer: OrdererNode, block: string) {
  const osnadmin = join(layout.binDir, 'osnadmin');
  const common = osnadminArgs(topology, layout, orderer);
  const list = await run(osnadmin, ['channel', 'list', ...common]);
  if (new RegExp(`"name":\\s*"${topology.channel}"`).test(list.stdout)) return false;
  await run(osnadmin, [
    'channel',
    'join',
    '--channelID',
    topology.channel,
    '--config-block',
    block,
    ...common,
  ]);
  return true;
}

export async function peerJoinedChannels(
  topology: Topology,
  layout: Layout,
  org: PeerOrg,
  peer?: PeerNode,
): Promise<string[]> {
  const env = { ...process.env, ...peerAdminEnv(topology, layout, org, peer) };
  const { stdout } = await run(join(layout.binDir, 'peer'), ['channel', 'list'], { env });
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.includes(':'));
}

/** Joins one of the org's peers to the channel from the genesis block, unless it already has. */
export async function joinPeer(
  topology: Topology,
  layout: Layout,
  org: PeerOrg,
  peer: PeerNode,
  block: string,
): Promise<boolean> {
  if ((await peerJoinedChannels(topology, layout, org, peer)).includes(topology.channel)) return false;
  const env = { ...process.env, ...peerAdminEnv(topology, layout, org, peer) };
  await run(join(layout.binDir, 'peer'), ['channel', 'join', '-b', block], { env });
  return true;
}

export async function channelHeight(
  topology: Topology,
  layout: Layout,
  org: PeerOrg,
  peer?: PeerNode,
): Promise<number> {
  const env = { ...process.env, ...peerAdminEnv(topology, layout, org, peer) };
  const { stdout } = await run(join(layout.binDir, 'peer'), ['channel', 'getinfo', '-c', topology.channel], {
    env,
  });
  const match = /"height":(\d+)/.exec(stdout);
  if (!match?.[1]) throw new Error(`cannot read the channel height from: ${stdout}`);
  return Number(match[1]);
}

/**
 * Samples until `done` accepts a sample; after `timeoutMs` fails with `failure(last sample)`. The waits
 * below share it: they differ only in what they sample and when they are satisfied.
 */
async function pollUntil<T>(
  sample: () => Promise<T>,
  done: (value: T) => boolean,
  options: { timeoutMs: number; intervalMs: number; failure: (last: T) => string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await sample();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(options.failure(value));
    await sleep(options.intervalMs);
  }
}

/** Waits until every peer has caught up with the highest height any of them reports. */
export async function waitPeersInSync(
  topology: Topology,
  layout: Layout,
  timeoutMs = 30_000,
): Promise<number> {
  const heights = await pollUntil(
    () =>
      Promise.all(
        topology.peerOrgs.flatMap((org) =>
          org.peers.map((peer) => channelHeight(topology, layout, org, peer)),
        ),
      ),
    (values) => values.every((h) => h === Math.max(...values)),
    {
      timeoutMs,
      intervalMs: 200,
      failure: (values) => `peers did not converge on one height: ${values.join(', ')}`,
    },
  );
  return Math.max(...heights);
}

/**
 * Per-channel gauges or counters from one node's Prometheus endpoint, read in one request; 0 for each while
 * the node does not answer.
 */
async function channelMetrics(
  node: { opsPort: number; host?: PeerNode['host'] },
  channel: string,
  metrics: readonly string[],
): Promise<number[]> {
  let text = '';
  try {
    text = await (
      await fetch(`http://${addressOf(node)}:${node.opsPort}/metrics`, { signal: AbortSignal.timeout(2000) })
    ).text();
  } catch {
    // not answering yet: every metric reads 0
  }
  return metrics.map((metric) =>
    Number(new RegExp(`^${metric}\\{channel="${channel}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0),
  );
}

/**
 * Waits until the channel's Raft cluster has a leader that every orderer has seen. Orderers restarted on
 * kept ledgers answer health checks seconds before they elect one, and until then every submit fails with
 * "no Raft leader".
 */
export async function waitRaftLeader(topology: Topology, timeoutMs = 60_000): Promise<void> {
  const metrics = ['consensus_etcdraft_is_leader', 'consensus_etcdraft_leader_changes'];
  await pollUntil(
    () => Promise.all(topology.ordererOrg.orderers.map((o) => channelMetrics(o, topology.channel, metrics))),
    (nodes) => nodes.some(([leader]) => leader === 1) && nodes.every(([, changes]) => (changes ?? 0) >= 1),
    {
      timeoutMs,
      intervalMs: 250,
      failure: () =>
        `the orderers elected no Raft leader for channel ${topology.channel} within ${timeoutMs / 1000} s; ` +
        'check the orderer logs under data/network/logs/',
    },
  );
}

/**
 * Waits until every peer's gossip knows every other peer of the channel. Until then service discovery
 * cannot name the endorsers another org's gateway needs, and the first submits through it would fail.
 */
export async function waitGossipConverged(topology: Topology, timeoutMs = 60_000): Promise<void> {
  const peers = topology.peerOrgs.flatMap((org) => org.peers);
  const metric = ['gossip_membership_total_peers_known'];
  await pollUntil(
    async () =>
      (await Promise.all(peers.map((peer) => channelMetrics(peer, topology.channel, metric)))).map(
        ([known]) => known ?? 0,
      ),
    (known) => known.every((count) => count >= peers.length - 1),
    {
      timeoutMs,
      intervalMs: 250,
      failure: (known) =>
        `peers did not discover each other within ${timeoutMs / 1000} s (known peers: ${known.join(', ')}); ` +
        'check the peer logs under data/network/logs/',
    },
  );
}
