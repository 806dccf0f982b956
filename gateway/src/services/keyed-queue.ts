import pLimit from 'p-limit';

interface Lane {
  limit: pLimit.Limit;
  /** Callers queued or running on this key; the lane is dropped when it reaches 0. */
  users: number;
}

/**
 * Runs work one at a time per key, in arrival order; different keys run in parallel. The service knows
 * which ledger key a write touches before it endorses (an attestation's company + category), so writes to
 * the same key inside one service wait for each other instead of being endorsed against the same state and
 * invalidating each other as MVCC_READ_CONFLICT at commit. Conflicts with other service processes remain,
 * and the submit loop's bounded retry handles those.
 */
export class KeyedQueue {
  private readonly lanes = new Map<string, Lane>();

  /**
   * Runs `work` once every earlier caller of each of `keys` is done. Several keys are taken in sorted order,
   * one inside the other, so two callers with overlapping key sets cannot wait on each other.
   */
  run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    return this.nested(sorted, 0, work);
  }

  /** Keys with callers queued or running (for tests and metrics). */
  get activeKeys(): number {
    return this.lanes.size;
  }

  private async nested<T>(keys: readonly string[], at: number, work: () => Promise<T>): Promise<T> {
    const key = keys[at];
    if (key === undefined) {
      return work();
    }
    let lane = this.lanes.get(key);
    if (lane === undefined) {
      lane = { limit: pLimit(1), users: 0 };
      this.lanes.set(key, lane);
    }
    lane.users++;
    try {
      return await lane.limit(() => this.nested(keys, at + 1, work));
    } finally {
      lane.users--;
      if (lane.users === 0) {
        this.lanes.delete(key);
      }
    }
  }
}
