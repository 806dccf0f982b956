import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from '../errors/problem';

export interface ReadAfterCommitPolicy {
  /** Waits between attempts, in order; the last one repeats until `attempts` reads were made. */
  delaysMs: readonly number[];
  attempts: number;
}

/**
 * About 10 s in all, starting fast: a gov peer a block behind catches up in milliseconds, but one restarted
 * by its supervisor replays the blocks it missed first, which took 2–6 s on CI's 2 cores under load.
 */
export const READ_AFTER_COMMIT: ReadAfterCommitPolicy = {
  delaysMs: [50, 100, 200, 400, 800, 1000],
  attempts: 15,
};

/**
 * About 3 s: what another organization's service has just committed through its own peer (a consent the
 * company gave on a gov peer, a consent request or an application on a bank's) is a block or two away from
 * this organization's peer. A refusal that is not "not yet" is answered after this wait, and recorded.
 */
export const COMMITTED_ELSEWHERE: ReadAfterCommitPolicy = { delaysMs: [50, 100, 200, 400, 800], attempts: 7 };

/** The answer of a peer that has not got the block holding what is read. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'NOT_FOUND';
}

/**
 * A read of what has just committed (VALID) on another peer. With several peers holding the same data, the
 * peer Fabric's gateway picks for the read may not have that block yet (a peer restarted moments ago, or
 * one a block behind): its "not yet" answer is repeated, with growing waits, until a peer has it. Any other
 * answer, and "not yet" after the last attempt, is returned as it is.
 */
export async function readAfterCommit<T>(
  read: () => Promise<T>,
  policy: ReadAfterCommitPolicy = READ_AFTER_COMMIT,
  notYet: (error: unknown) => boolean = isNotFound,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (!notYet(error) || attempt >= policy.attempts) throw error;
      const { delaysMs } = policy;
      await sleep(delaysMs[Math.min(attempt, delaysMs.length) - 1] ?? 0);
    }
  }
}

/**
 * A submit that acts on what another organization has just committed: a company answering a bank's consent
 * request, a bank deciding a company's application. The endorsing peer may not have that block yet and
 * answers NOT_FOUND; a failed endorsement ordered nothing, so trying again cannot record the request twice.
 */
export function submitAfterCommitElsewhere<T>(submit: () => Promise<T>): Promise<T> {
  return readAfterCommit(submit, COMMITTED_ELSEWHERE, isNotFound);
}
