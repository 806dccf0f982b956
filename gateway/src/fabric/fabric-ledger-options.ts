import type { FabricDeadlines as CallDeadlines } from '@sme-credit-ledger/network-profile/grpc';
import type { Logger } from 'pino';
import type { IdentityDirectory } from '../identity/identity-directory';
import type { Metrics } from '../observability/metrics';
import type { CallLimits } from './call-limiter';
import type { RetryPolicy } from './submit-with-retry';

/** Deadlines per call type, in milliseconds, and the readiness probe's. */
export interface FabricDeadlines extends CallDeadlines {
  readyMs: number;
}

export const DEFAULT_DEADLINES: FabricDeadlines = {
  evaluateMs: 5_000,
  endorseMs: 15_000,
  submitMs: 5_000,
  commitStatusMs: 30_000,
  readyMs: 2_000,
};

export interface FabricLedgerOptions {
  identities: IdentityDirectory;
  logger: Logger;
  metrics?: Metrics;
  deadlines?: FabricDeadlines;
  retryPolicy?: RetryPolicy;
  /** MSP ids that hold the raw-records collection (endorse and evaluate there). Default: the `gov` org. */
  recordHolderMsps?: string[];
  /**
   * Learn commit statuses from one filtered-block stream of the record-holding peer (CommitWatcher)
   * instead of one CommitStatus call per transaction: every submit's status comes from that peer. Default
   * true; false gives fabric-gateway's standard flow.
   */
  commitEvents?: boolean;
  /** Fabric calls in flight at once and waiting (see CallLimiter); default DEFAULT_CALL_LIMITS. */
  callLimits?: CallLimits;
}
