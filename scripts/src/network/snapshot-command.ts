import { parseArgs } from 'node:util';
import type { Network } from './network';
import {
  completedSnapshots,
  everyPeer,
  pendingSnapshots,
  peerRefName,
  snapshotNow,
  snapshotSchedule,
  type PeerRef,
} from './snapshot';

export const SNAPSHOT_USAGE = `  snapshot [--peer <peer>.<org>] [--block <n>] [--list]
                     take a ledger snapshot on each peer (or one) at its last committed block (or <n>, once
                     committed) and print where it landed; --list: completed and pending snapshots only`;

function selectPeers(net: Network, name: string | undefined): PeerRef[] {
  const all = everyPeer(net.topology);
  if (name === undefined) return all;
  const chosen = all.filter((ref) => peerRefName(ref) === name);
  if (chosen.length === 0)
    throw new Error(`unknown peer "${name}"; known: ${all.map((ref) => peerRefName(ref)).join(', ')}`);
  return chosen;
}

/** `network:snapshot`: on demand, in parallel on the chosen peers; each answers where its snapshot is. */
export async function snapshotCommand(net: Network, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      peer: { type: 'string' },
      block: { type: 'string' },
      list: { type: 'boolean', default: false },
    },
  });
  const { topology, layout, log } = net;
  const refs = selectPeers(net, values.peer);
  if (values.list) {
    const schedule = snapshotSchedule(topology);
    log(`periodic: every ${schedule.everyBlocks} blocks (0 = off), keeping ${schedule.keep} per peer`);
    for (const ref of refs) {
      const pending = await pendingSnapshots(topology, layout, ref).catch(() => undefined);
      const done = completedSnapshots(topology, layout, ref);
      log(
        `${peerRefName(ref)}: pending ${pending === undefined ? '(peer down)' : `[${pending.join(', ')}]`}; ` +
          `completed ${done.length === 0 ? 'none' : done.map((s) => `${s.block} ${s.dir}`).join('; ')}`,
      );
    }
    return 0;
  }
  let block: number | undefined;
  if (values.block !== undefined) {
    block = Number(values.block);
    if (!Number.isInteger(block) || block < 0)
      throw new Error(`--block must be a block number, got ${values.block}`);
  }
  const started = Date.now();
  const taken = await Promise.all(refs.map((ref) => snapshotNow(topology, layout, ref, block)));
  for (const [i, snapshot] of taken.entries()) {
    const ref = refs[i] as PeerRef;
    log(
      `${peerRefName(ref)}: block ${snapshot.block}, hash ${snapshot.snapshotHash.slice(0, 16)}…  ${snapshot.dir}`,
    );
  }
  log(`${taken.length} snapshot(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}
