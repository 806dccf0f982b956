import pLimit from 'p-limit';
import { ApiError } from '../errors/problem';

export interface CallLimits {
  /** Fabric calls of this service in flight at once. */
  concurrency: number;
  /** Calls waiting for a slot; one more is refused with 503 LEDGER_UNAVAILABLE (and Retry-After). */
  queue: number;
}

/**
 * A peer's gateway serves at most `peer.limits.concurrency.gatewayService` calls at once (500 by default) and
 * refuses the rest at once (internal/peer/node/grpc_limiters.go); past that, calls that do get in wait so
 * long behind each other that their deadlines pass. So a service keeps its own calls well below the limit
 * (every service shares the gov peers' limit) and queues the rest, which then run with their full deadline.
 */
export const DEFAULT_CALL_LIMITS: CallLimits = { concurrency: 64, queue: 4_000 };

/** Bounded concurrency for one service's Fabric calls, with a bounded queue (p-limit). */
export class CallLimiter {
  private readonly limit: pLimit.Limit;

  constructor(private readonly limits: CallLimits = DEFAULT_CALL_LIMITS) {
    this.limit = pLimit(limits.concurrency);
  }

  /** @throws ApiError LEDGER_UNAVAILABLE when the queue is full (nothing was sent to Fabric). */
  run<T>(call: () => Promise<T>): Promise<T> {
    if (this.waiting >= this.limits.queue) {
      return Promise.reject(
        new ApiError(
          'LEDGER_UNAVAILABLE',
          `the service has ${this.waiting} ledger calls waiting; nothing was sent, retry later`,
        ),
      );
    }
    return this.limit(call);
  }

  get running(): number {
    return this.limit.activeCount;
  }

  /** Calls waiting for a slot. p-limit counts a call as pending until the next tick even when a slot is free. */
  get waiting(): number {
    const free = this.limits.concurrency - this.limit.activeCount;
    return Math.max(0, this.limit.pendingCount - free);
  }
}
