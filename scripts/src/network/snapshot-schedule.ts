import type { Layout } from './layout';
import {
  everyPeer,
  nextScheduledBlock,
  peerHeight,
  peerRefName,
  pruneSnapshots,
  requestSnapshot,
  snapshotSchedule,
  type PeerRef,
} from './snapshot';
import type { Topology } from './topology';

/**
 * Periodic snapshots without a timer per peer: Fabric itself snapshots a block when it commits it, so it
 * is enough to keep one request pending on every peer, at the next multiple of `everyBlocks`. The supervisor
 * calls `round()` now and then; a peer that is down or not joined is skipped until a later round. A request
 * survives a peer restart (the peer keeps it in its ledger), so after a restart the duplicate is harmless.
 */
export class SnapshotScheduler {
  private readonly requested = new Map<string, number>();
  private running = false;

  constructor(
    private readonly topology: Topology,
    private readonly layout: Layout,
    private readonly log: (message: string) => void,
  ) {}

  /** One pass over every peer; a pass still running from before makes this one a no-op. */
  async round(): Promise<void> {
    const schedule = snapshotSchedule(this.topology);
    if (schedule.everyBlocks === 0 || this.running) return;
    this.running = true;
    try {
      for (const ref of everyPeer(this.topology)) await this.keepScheduled(ref, schedule);
    } finally {
      this.running = false;
    }
  }

  private async keepScheduled(ref: PeerRef, schedule: { everyBlocks: number; keep: number }): Promise<void> {
    const name = peerRefName(ref);
    const height = await peerHeight(this.topology, ref);
    if (height === 0) return;
    const due = nextScheduledBlock(height - 1, schedule.everyBlocks);
    if (this.requested.get(name) !== due) {
      try {
        const outcome = await requestSnapshot(this.topology, this.layout, ref, due);
        this.requested.set(name, due);
        if (outcome === 'submitted') this.log(`${name}: snapshot requested at block ${due}`);
      } catch (error) {
        this.log(
          `${name}: snapshot request failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    const pruned = pruneSnapshots(this.topology, this.layout, ref, schedule.keep);
    if (pruned.length > 0) this.log(`${name}: deleted old snapshots of blocks ${pruned.join(', ')}`);
  }
}
