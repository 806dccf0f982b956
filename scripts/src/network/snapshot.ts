import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { caCertFile } from './fabric-ca';
import type { Layout } from './layout';
import { peerAdminEnv } from './nodes';
import { sleep } from './processes';
import { CommandError, run } from './shell';
import { addressOf, peerHost, type PeerNode, type PeerOrg, type Topology } from './topology';

/**
 * Ledger snapshots with Fabric's own `peer snapshot` commands. A request names a block; the peer writes the
 * snapshot when it commits that block, into `<ledger.snapshots.rootDir>/completed/<channel>/<block>/`
 * (core/ledger/kvledger/ledger_filepath.go), and never deletes one: pruning old snapshots is ours.
 */

/** How often the supervisor keeps a snapshot request pending on every peer, and how many to keep. */
export interface SnapshotSchedule {
  /** A snapshot at every block number divisible by this; 0 turns periodic snapshots off. */
  everyBlocks: number;
  /** Completed snapshots kept per peer; older ones are deleted. */
  keep: number;
}

/**
 * Used when the topology has no `snapshots` entry. A snapshot holds the whole world state: at the
 * 100 ms batch timeout a busy channel cuts about 10 blocks a second, so 1,000 blocks is minutes under load
 * and days when idle, and a peer joined from the latest snapshot replays at most that many blocks.
 */
export const DEFAULT_SNAPSHOT_SCHEDULE: SnapshotSchedule = { everyBlocks: 1000, keep: 2 };

export function snapshotSchedule(topology: Topology): SnapshotSchedule {
  const schedule = { ...DEFAULT_SNAPSHOT_SCHEDULE, ...topology.snapshots };
  const problems = snapshotScheduleProblems(schedule);
  if (problems.length > 0) throw new Error(`invalid snapshots entry in the topology: ${problems.join('; ')}`);
  return schedule;
}

export function snapshotScheduleProblems(schedule: SnapshotSchedule): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(schedule.everyBlocks) || schedule.everyBlocks < 0)
    problems.push(`everyBlocks must be a whole number (0 = off), got ${schedule.everyBlocks}`);
  if (!Number.isInteger(schedule.keep) || schedule.keep < 1)
    problems.push(`keep must be a whole number of at least 1, got ${schedule.keep}`);
  return problems;
}

/**
 * The next block a periodic snapshot is due at, for a peer whose last committed block is `lastBlock`: the
 * first multiple of `every` above it. Fabric refuses a request below the last committed block.
 */
export function nextScheduledBlock(lastBlock: number, every: number): number {
  if (every <= 0) throw new Error('periodic snapshots are off');
  return (Math.floor(lastBlock / every) + 1) * every;
}

/** The completed snapshots to delete so that the newest `keep` remain. */
export function snapshotsToPrune(blocks: readonly number[], keep: number): number[] {
  return [...blocks].sort((a, b) => b - a).slice(keep);
}

export interface PeerRef {
  org: PeerOrg;
  peer: PeerNode;
}

export function everyPeer(topology: Topology): PeerRef[] {
  return topology.peerOrgs.flatMap((org) => org.peers.map((peer) => ({ org, peer })));
}

export function peerRefName({ org, peer }: PeerRef): string {
  return `${peer.name}.${org.key}`;
}

/** The peer's `ledger.snapshots.rootDir` (set in nodes.ts peerSpec). */
export function snapshotRootDir(topology: Topology, layout: Layout, ref: PeerRef): string {
  return join(layout.ledgerDir(peerHost(topology, ref.org, ref.peer)), 'snapshots');
}

export function completedSnapshotDir(
  topology: Topology,
  layout: Layout,
  ref: PeerRef,
  block?: number,
): string {
  const dir = join(snapshotRootDir(topology, layout, ref), 'completed', topology.channel);
  return block === undefined ? dir : join(dir, String(block));
}

export interface CompletedSnapshot {
  block: number;
  dir: string;
  /** From `_snapshot_additional_metadata.json`: the hash over the snapshot's files (the same on every peer). */
  snapshotHash: string;
  lastBlockHash: string;
}

/** A snapshot is complete once the peer has renamed it out of `temp/`; its metadata files are then whole. */
export function readCompletedSnapshot(dir: string, block: number): CompletedSnapshot | undefined {
  const additional = join(dir, '_snapshot_additional_metadata.json');
  const signable = join(dir, '_snapshot_signable_metadata.json');
  if (!existsSync(additional) || !existsSync(signable)) return undefined;
  const extra = JSON.parse(readFileSync(additional, 'utf8')) as { snapshot_hash: string };
  const meta = JSON.parse(readFileSync(signable, 'utf8')) as { last_block_hash: string };
  return { block, dir, snapshotHash: extra.snapshot_hash, lastBlockHash: meta.last_block_hash };
}

export function completedSnapshots(topology: Topology, layout: Layout, ref: PeerRef): CompletedSnapshot[] {
  const dir = completedSnapshotDir(topology, layout, ref);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readCompletedSnapshot(join(dir, name), Number(name)))
    .filter((s): s is CompletedSnapshot => s !== undefined)
    .sort((a, b) => a.block - b.block);
}

/** The `peer` CLI as the peer's organization admin, talking to that peer (not the org's first one). */
function peerCli(topology: Topology, layout: Layout, ref: PeerRef, args: string[]) {
  const env = {
    ...process.env,
    ...peerAdminEnv(topology, layout, ref.org),
    CORE_PEER_ADDRESS: `${addressOf(ref.peer)}:${ref.peer.port}`,
  };
  return run(join(layout.binDir, 'peer'), args, { env, timeoutMs: 60_000 });
}

function snapshotArgs(topology: Topology, layout: Layout, ref: PeerRef): string[] {
  return [
    '-c',
    topology.channel,
    '--peerAddress',
    `${addressOf(ref.peer)}:${ref.peer.port}`,
    '--tlsRootCertFile',
    caCertFile(layout, ref.org.key),
  ];
}

/** Block numbers the peer will snapshot when it commits them. */
export async function pendingSnapshots(topology: Topology, layout: Layout, ref: PeerRef): Promise<number[]> {
  const { stdout } = await peerCli(topology, layout, ref, [
    'snapshot',
    'listpending',
    ...snapshotArgs(topology, layout, ref),
  ]);
  // "Successfully got pending snapshot requests: [1000 2000]" (internal/peer/snapshot/listpending.go)
  const list = /\[([\d\s]*)\]/.exec(stdout)?.[1] ?? '';
  return list
    .split(/\s+/)
    .filter((n) => n.length > 0)
    .map(Number);
}

export type RequestOutcome = 'submitted' | 'already-pending' | 'already-generated';

/**
 * Asks the peer for a snapshot at `block` (0: its last committed block). A duplicate request, or one for
 * a block already snapshotted, is not an error: the snapshot is or will be there.
 */
export async function requestSnapshot(
  topology: Topology,
  layout: Layout,
  ref: PeerRef,
  block: number,
): Promise<RequestOutcome> {
  try {
    await peerCli(topology, layout, ref, [
      'snapshot',
      'submitrequest',
      '-b',
      String(block),
      ...snapshotArgs(topology, layout, ref),
    ]);
    return 'submitted';
  } catch (error) {
    const text = error instanceof CommandError ? error.stderr + error.stdout : '';
    if (/duplicate snapshot request/.test(text)) return 'already-pending';
    if (/snapshot already generated/.test(text)) return 'already-generated';
    throw error;
  }
}

export async function cancelSnapshot(
  topology: Topology,
  layout: Layout,
  ref: PeerRef,
  block: number,
): Promise<void> {
  await peerCli(topology, layout, ref, [
    'snapshot',
    'cancelrequest',
    '-b',
    String(block),
    ...snapshotArgs(topology, layout, ref),
  ]);
}

/** The peer's channel height from its operations endpoint (last committed block + 1); 0 if it does not answer. */
export async function peerHeight(topology: Topology, ref: PeerRef): Promise<number> {
  try {
    const response = await fetch(`http://${addressOf(ref.peer)}:${ref.peer.opsPort}/metrics`, {
      signal: AbortSignal.timeout(5000),
    });
    const text = await response.text();
    const pattern = new RegExp(`^ledger_blockchain_height\\{channel="${topology.channel}"\\} (\\d+)`, 'm');
    return Number(pattern.exec(text)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Waits for the peer to finish the snapshot of `block` (it starts once the block is committed). */
export async function waitForSnapshot(
  topology: Topology,
  layout: Layout,
  ref: PeerRef,
  block: number,
  timeoutMs = 300_000,
): Promise<CompletedSnapshot> {
  const dir = completedSnapshotDir(topology, layout, ref, block);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = readCompletedSnapshot(dir, block);
    if (done) return done;
    if (Date.now() > deadline) {
      throw new Error(
        `${peerRefName(ref)} wrote no snapshot of block ${block} within ${timeoutMs / 1000} s (its height is ` +
          `${await peerHeight(topology, ref)}; the snapshot is written when block ${block} commits)`,
      );
    }
    await sleep(250);
  }
}

/** Takes a snapshot now: at the peer's last committed block, or returns the one already taken there. */
export async function snapshotNow(
  topology: Topology,
  layout: Layout,
  ref: PeerRef,
  block?: number,
): Promise<CompletedSnapshot> {
  let target = block ?? -1;
  // A busy peer can miss one metrics read; a few tries tell busy from down.
  for (let attempt = 0; target < 0 && attempt < 5; attempt++) {
    if (attempt > 0) await sleep(1000);
    target = (await peerHeight(topology, ref)) - 1;
  }
  if (target < 0) throw new Error(`${peerRefName(ref)} does not answer on its operations port`);
  await requestSnapshot(topology, layout, ref, target);
  return waitForSnapshot(topology, layout, ref, target);
}

/** Deletes all but the newest `keep` completed snapshots of one peer; returns the deleted blocks. */
export function pruneSnapshots(topology: Topology, layout: Layout, ref: PeerRef, keep: number): number[] {
  const blocks = completedSnapshots(topology, layout, ref).map((s) => s.block);
  const doomed = snapshotsToPrune(blocks, keep);
  for (const block of doomed) {
    rmSync(completedSnapshotDir(topology, layout, ref, block), { recursive: true, force: true });
  }
  return doomed;
}
