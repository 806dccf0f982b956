import { channelTopology } from '@sme-credit-ledger/scripts/channel-members';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { layoutFromEnv, portOffsetFromEnv } from '@sme-credit-ledger/scripts/layout';
import type { Network } from '@sme-credit-ledger/scripts/network';
import {
  enrollPeerIdentity,
  freePeerNode,
  installDeployedChaincode,
  joinBySnapshot,
  joinFromGenesis,
  startEmptyPeer,
  stopExtraPeer,
  waitForHeight,
} from '@sme-credit-ledger/scripts/peer-join';
import type { GatewayProfile } from '@sme-credit-ledger/scripts/profile';
import { everyPeer, peerHeight, snapshotNow, type PeerRef } from '@sme-credit-ledger/scripts/snapshot';
import { findPeerOrg } from '@sme-credit-ledger/scripts/topology';
import { openClients } from './bench-clients';

/**
 * A new peer of an existing organization joins the channel by snapshot, and in alternating rounds from the
 * genesis block; prints the time each takes to reach the channel's height. `--grow <n>` first commits n
 * heartbeat transactions (one key each, `--in-flight` at a time) so there are blocks to replay.
 *
 *   SME_DATA_DIR=... SME_PORT_OFFSET=... node tools/dist/bench/snapshot-join-bench.js --grow 3000 --rounds 2
 */

const HELP = `usage: snapshot-join-bench [--org bank1] [--grow 3000] [--in-flight 32] [--rounds 2]`;

async function grow(net: Network, count: number, inFlight: number): Promise<void> {
  if (count === 0) return;
  const clients = openClients(JSON.parse(readFileSync(net.layout.profileFile, 'utf8')) as GatewayProfile);
  const contract = clients.contract('bank1/officer', 'gov');
  const prefix = `grow-${randomUUID().slice(0, 8)}`;
  const started = Date.now();
  let next = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      try {
        await contract.submit('health:RecordHeartbeat', {
          arguments: [`${prefix}-${i}`],
          endorsingOrganizations: ['GovMSP'],
        });
      } catch {
        failed++;
      }
      if (i > 0 && i % 500 === 0) console.log(`  grow: ${i}/${count} submitted`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  clients.close();
  const seconds = (Date.now() - started) / 1000;
  console.log(`grow: ${count - failed} transactions committed (${failed} failed) in ${seconds.toFixed(1)} s`);
}

async function channelHeight(net: Network): Promise<number> {
  const heights = await Promise.all(everyPeer(net.topology).map((ref) => peerHeight(net.topology, ref)));
  return Math.max(...heights);
}

async function timeJoin(net: Network, ref: PeerRef, source: PeerRef, mode: 'snapshot' | 'genesis') {
  await startEmptyPeer(net, ref);
  let snapshotBlock: number | undefined;
  let snapshotDir = '';
  let snapshotMs = 0;
  if (mode === 'snapshot') {
    const taken = Date.now();
    const snapshot = await snapshotNow(net.topology, net.layout, source);
    snapshotMs = Date.now() - taken;
    snapshotBlock = snapshot.block;
    snapshotDir = snapshot.dir;
  }
  const target = await channelHeight(net);
  const started = Date.now();
  if (mode === 'snapshot') await joinBySnapshot(net, ref, snapshotDir);
  else await joinFromGenesis(net, ref);
  await waitForHeight(net, ref, target);
  const joinMs = Date.now() - started;
  await installDeployedChaincode(net, ref).catch(() => undefined);
  await stopExtraPeer(net, ref, { deleteLedger: true });
  return { mode, target, snapshotBlock, snapshotMs, joinMs };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      org: { type: 'string', default: 'bank1' },
      grow: { type: 'string', default: '3000' },
      'in-flight': { type: 'string', default: '32' },
      rounds: { type: 'string', default: '2' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const layout = layoutFromEnv();
  const offset = portOffsetFromEnv();
  const topology = channelTopology(layout, offset);
  const net: Network = { topology, layout, log: (m) => console.log(`[network] ${m}`) };
  const org = findPeerOrg(topology, values.org);
  const source = { org, peer: org.peers[0] ?? (undefined as never) };

  await grow(net, Number(values.grow), Number(values['in-flight']));
  const name = 'joinbench';
  await enrollPeerIdentity(net, org, name);
  const ref: PeerRef = { org, peer: await freePeerNode(topology, org, name, 12050 + offset) };
  console.log(`new peer ${name}.${org.key} on 127.0.0.1:${ref.peer.port} (operations ${ref.peer.opsPort})`);

  const rows: Awaited<ReturnType<typeof timeJoin>>[] = [];
  const rounds = Number(values.rounds);
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first, so a warming page cache or a busier machine favours neither.
    const order = round % 2 === 0 ? (['snapshot', 'genesis'] as const) : (['genesis', 'snapshot'] as const);
    for (const mode of order) {
      const row = await timeJoin(net, ref, source, mode);
      rows.push(row);
      console.log(
        `round ${round + 1} ${mode.padEnd(8)} height ${row.target}: ${(row.joinMs / 1000).toFixed(2)} s` +
          (mode === 'snapshot'
            ? ` (snapshot of block ${row.snapshotBlock} took ${(row.snapshotMs / 1000).toFixed(2)} s beforehand)`
            : ''),
      );
    }
  }
  const mean = (mode: string) => {
    const times = rows.filter((r) => r.mode === mode).map((r) => r.joinMs / 1000);
    return times.reduce((a, b) => a + b, 0) / times.length;
  };
  console.log(
    `mean time to channel height: snapshot ${mean('snapshot').toFixed(2)} s, genesis ${mean('genesis').toFixed(2)} s ` +
      `(genesis/snapshot ${(mean('genesis') / mean('snapshot')).toFixed(1)}x)`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
