import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from '../errors/problem';

export interface ReadAfterCommitPolicy {
  attempts: number;
  delayMs: number;
}

/** About 2 s: a gov peer a block behind catches up in well under that; a restarted one within it. */
export const READ_AFTER_COMMIT: ReadAfterCommitPolicy = { attempts: 10, delayMs: 200 };

/**
 * A read of what this request has just committed (VALID). With several record-holding peers, the peer
 * Fabric's gateway picks for the read may not have that block yet (a peer restarted moments ago, or one a
 * block behind): its NOT_FOUND means "not yet", so the read is repeated, briefly, until a peer has it. Any
 * other answer, and NOT_FOUND after the last attempt, is returned as it is.
 */
export async function readAfterCommit<T>(
  read: () => Promise<T>,
  policy: ReadAfterCommitPolicy = READ_AFTER_COMMIT,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const notYet = error instanceof ApiError && error.code === 'NOT_FOUND';
      if (!notYet || attempt >= policy.attempts) throw error;
      await sleep(policy.delayMs);
    }
  }
}
