import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, afterAll } from '@jest/globals';
import { layoutFromEnv, makeLayout } from './layout';
import { peerSpec } from './nodes';
import {
  DEFAULT_SNAPSHOT_SCHEDULE,
  completedSnapshotDir,
  completedSnapshots,
  everyPeer,
  nextScheduledBlock,
  pruneSnapshots,
  snapshotRootDir,
  snapshotSchedule,
  snapshotScheduleProblems,
  snapshotsToPrune,
} from './snapshot';
import { loadTopology } from './topology';

const topology = loadTopology(layoutFromEnv({}).topologyFile);

describe('periodic snapshot schedule', () => {
  it('asks for the next multiple of the interval above the last committed block', () => {
    assert.equal(nextScheduledBlock(0, 1000), 1000);
    assert.equal(nextScheduledBlock(999, 1000), 1000);
    // Block 1000 committed: its snapshot was due now, so the next one is 2000 (Fabric refuses older blocks).
    assert.equal(nextScheduledBlock(1000, 1000), 2000);
    assert.equal(nextScheduledBlock(1234, 100), 1300);
  });

  it('refuses to schedule when snapshots are off', () => {
    assert.throws(() => nextScheduledBlock(10, 0), /off/);
  });

  it('uses the default schedule when the topology names none, and the topology entry over it', () => {
    assert.deepEqual(snapshotSchedule({ ...topology, snapshots: undefined }), DEFAULT_SNAPSHOT_SCHEDULE);
    assert.deepEqual(snapshotSchedule({ ...topology, snapshots: { everyBlocks: 50 } }), {
      everyBlocks: 50,
      keep: DEFAULT_SNAPSHOT_SCHEDULE.keep,
    });
  });

  it('refuses a negative or fractional interval and keeping no snapshot', () => {
    assert.equal(snapshotScheduleProblems({ everyBlocks: -1, keep: 2 }).length, 1);
    assert.equal(snapshotScheduleProblems({ everyBlocks: 1.5, keep: 2 }).length, 1);
    assert.equal(snapshotScheduleProblems({ everyBlocks: 10, keep: 0 }).length, 1);
    assert.deepEqual(snapshotScheduleProblems({ everyBlocks: 0, keep: 1 }), []);
    assert.throws(() => snapshotSchedule({ ...topology, snapshots: { keep: 0 } }), /keep must be/);
  });

  it('prunes all but the newest snapshots, whatever order they are listed in', () => {
    assert.deepEqual(snapshotsToPrune([3000, 1000, 4000, 2000], 2), [2000, 1000]);
    assert.deepEqual(snapshotsToPrune([1000], 2), []);
  });
});

describe('completed snapshots on disk', () => {
  const root = mkdtempSync(join(tmpdir(), 'snapshots-'));
  const layout = makeLayout(root, root);
  const ref = everyPeer(topology)[0];
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function writeSnapshot(block: number, complete: boolean): void {
    const dir = completedSnapshotDir(topology, layout, ref!, block);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, '_snapshot_signable_metadata.json'),
      JSON.stringify({ last_block_hash: `h${block}` }),
    );
    if (complete)
      writeFileSync(
        join(dir, '_snapshot_additional_metadata.json'),
        JSON.stringify({ snapshot_hash: `s${block}` }),
      );
  }

  it('lists only snapshots whose metadata files are both written, oldest first, and prunes the oldest', () => {
    writeSnapshot(20, true);
    writeSnapshot(10, true);
    writeSnapshot(30, true);
    writeSnapshot(40, false);
    // The lists start from readdirSync, in node's own realm; Jest runs this file in a vm context of its own.
    assert.deepEqual(
      [...completedSnapshots(topology, layout, ref!)].map((s) => [s.block, s.snapshotHash, s.lastBlockHash]),
      [
        [10, 's10', 'h10'],
        [20, 's20', 'h20'],
        [30, 's30', 'h30'],
      ],
    );
    assert.deepEqual([...pruneSnapshots(topology, layout, ref!, 2)], [10]);
    assert.deepEqual(
      [...completedSnapshots(topology, layout, ref!)].map((s) => s.block),
      [20, 30],
    );
  });

  it('looks where every peer of the topology writes them (its ledger.snapshots.rootDir)', () => {
    for (const each of everyPeer(topology)) {
      const spec = peerSpec(topology, layout, each.org, each.peer);
      assert.equal(spec.env.CORE_LEDGER_SNAPSHOTS_ROOTDIR, snapshotRootDir(topology, layout, each));
    }
  });

  it('finds the snapshots under the peer ledger, where nodes.ts points ledger.snapshots.rootDir', () => {
    assert.match(
      completedSnapshotDir(topology, layout, ref!, 7),
      new RegExp(
        `/ledgers/${ref!.peer.name}\\.${ref!.org.key}\\.${topology.domain}/snapshots/completed/${topology.channel}/7$`,
      ),
    );
  });
});
