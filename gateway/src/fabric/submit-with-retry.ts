import { peer } from '@hyperledger/fabric-protos';
import type { CommitWatch } from './commit-watcher';
import { classifyFailure, type FailureCause, translateFabricError } from './fabric-errors';

/** The parts of fabric-gateway's Proposal / Transaction / Commit the retry loop uses (fakes implement these). */
export interface ProposalPort {
  getTransactionId(): string;
  endorse(options: { deadline: Date }): Promise<TransactionPort>;
}
export interface TransactionPort {
  getTransactionId(): string;
  getResult(): Uint8Array;
  submit(options: { deadline: Date }): Promise<CommitPort>;
}
export interface CommitPort {
  getStatus(options: { deadline: Date }): Promise<CommitStatus>;
}
export interface CommitStatus {
  blockNumber: bigint;
  code: number;
  successful: boolean;
  transactionId: string;
}

/** Deadlines per call type, in milliseconds. */
export interface SubmitDeadlines {
  endorseMs: number;
  submitMs: number;
  commitStatusMs: number;
}

export interface RetryPolicy {
  /** New proposals built (first try included) after endorsement failures or MVCC/phantom conflicts. */
  maxEndorsements: number;
  /** Sends of one signed transaction to the orderer. */
  maxSubmits: number;
  /** Commit status requests for one transaction id. */
  maxStatusPolls: number;
  /** Pause before retry number `attempt` (1-based). */
  backoffMs(attempt: number): number;
}

/**
 * Conflicts on one key inside a service cannot happen (the service queues writes per key); those left come
 * from other processes writing the same key. Two writers that conflicted and retry after the same pause
 * conflict again, so the pause is drawn at random up to an exponential cap ("full jitter"), which spreads
 * them apart; six endorsements give a writer five chances within about 5 s.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxEndorsements: 6,
  maxSubmits: 3,
  maxStatusPolls: 5,
  backoffMs: (attempt) => 25 + Math.floor(Math.random() * Math.min(2000, 100 * 2 ** attempt)),
};

export interface SubmitObserver {
  onPhase?(phase: 'endorse' | 'submit' | 'commit', seconds: number): void;
  onRetry?(cause: FailureCause): void;
  /** Where the commit status came from: a block event, or a CommitStatus call to the peer. */
  onCommitSource?(source: 'event' | 'poll'): void;
}

/** Starts waiting for a transaction's commit before it is submitted (see CommitWatcher). */
export type WatchCommit = (txId: string, timeoutMs: number) => CommitWatch;

/** How the service shares work between concurrent submits; omitted: fabric-gateway's standard flow. */
export interface SharedFlow {
  watchCommit?: WatchCommit;
}

export interface CommittedTransaction {
  result: Uint8Array;
  txId: string;
  blockNumber: bigint;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;
const deadline = (ms: number): { deadline: Date } => ({ deadline: new Date(Date.now() + ms) });

/**
 * Endorse, submit and wait for commit, retrying by cause:
 * - chaincode error: never retried (the same inputs give the same refusal);
 * - endorsement failure, MVCC or phantom read conflict: a new proposal is endorsed against fresh state
 *   (the earlier transaction id is invalid or was never ordered, so nothing is recorded twice);
 * - submit failure: the same signed transaction is sent again (same id; Fabric refuses a duplicate id);
 * - commit status failure: the status of the same id is requested again.
 * With `flow.watchCommit`, the status comes from block events when the watcher has it, else from the peer.
 * Only a VALID commit counts as success. Failures come back as ApiError.
 */
export async function submitWithRetry(
  newProposal: () => ProposalPort,
  deadlines: SubmitDeadlines,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  observer: SubmitObserver = {},
  flow: SharedFlow = {},
): Promise<CommittedTransaction> {
  let lastError: unknown;
  for (let endorsement = 1; endorsement <= policy.maxEndorsements; endorsement++) {
    try {
      return await endorseSubmitCommit(newProposal(), deadlines, policy, observer, flow);
    } catch (error) {
      lastError = error;
      const cause = classifyFailure(error);
      if ((cause !== 'endorse' && cause !== 'conflict') || endorsement === policy.maxEndorsements) {
        throw translateFabricError(error);
      }
      observer.onRetry?.(cause);
      await sleep(policy.backoffMs(endorsement));
    }
  }
  throw translateFabricError(lastError);
}

async function endorseSubmitCommit(
  proposal: ProposalPort,
  deadlines: SubmitDeadlines,
  policy: RetryPolicy,
  observer: SubmitObserver,
  flow: SharedFlow,
): Promise<CommittedTransaction> {
  let start = process.hrtime.bigint();
  const transaction = await proposal.endorse(deadline(deadlines.endorseMs));
  observer.onPhase?.('endorse', seconds(start));

  // Watch before submitting: the commit event can arrive before submit returns.
  const watch = flow.watchCommit?.(transaction.getTransactionId(), deadlines.commitStatusMs);
  start = process.hrtime.bigint();
  let commit: CommitPort;
  try {
    commit = await retrying('submit', policy.maxSubmits, policy, observer, () =>
      transaction.submit(deadline(deadlines.submitMs)),
    );
  } catch (error) {
    watch?.cancel();
    throw error;
  }
  observer.onPhase?.('submit', seconds(start));

  start = process.hrtime.bigint();
  const status = await commitStatus(commit, watch, Date.now() + deadlines.commitStatusMs, policy, observer);
  observer.onPhase?.('commit', seconds(start));

  if (!status.successful || status.code !== peer.TxValidationCode.VALID) {
    throw Object.assign(new Error(`transaction ${status.transactionId} committed with code ${status.code}`), {
      name: 'CommitError',
      code: status.code,
      transactionId: status.transactionId,
    });
  }
  return {
    result: transaction.getResult(),
    txId: transaction.getTransactionId(),
    blockNumber: status.blockNumber,
  };
}

/** A poll after the watcher gave up gets at least this long: enough for a peer to answer for a committed id. */
const LAST_POLL_MS = 500;

/**
 * The status from the watcher's block events, else (stream down, or timed out) from the peer, all within
 * one commit deadline (`until`): a transaction the orderers took but do not order (no Raft quorum) must not
 * hold its caller for one deadline per poll. Past it the caller gets LEDGER_TIMEOUT, the outcome unknown,
 * and retries with the same request id, which the chaincode records once whichever copy commits.
 */
async function commitStatus(
  commit: CommitPort,
  watch: CommitWatch | undefined,
  until: number,
  policy: RetryPolicy,
  observer: SubmitObserver,
): Promise<CommitStatus> {
  const seen = await watch?.status;
  if (seen !== undefined) {
    observer.onCommitSource?.('event');
    return seen;
  }
  observer.onCommitSource?.('poll');
  return retrying(
    'commit-status',
    policy.maxStatusPolls,
    policy,
    observer,
    () => commit.getStatus(deadline(Math.max(LAST_POLL_MS, until - Date.now()))),
    until,
  );
}

/** Repeats one step while it fails with `cause` (and, with `until`, while time is left); else propagates. */
async function retrying<T>(
  cause: FailureCause,
  attempts: number,
  policy: RetryPolicy,
  observer: SubmitObserver,
  step: () => Promise<T>,
  until = Number.POSITIVE_INFINITY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (classifyFailure(error) !== cause || attempt >= attempts || Date.now() >= until) {
        throw error;
      }
      observer.onRetry?.(cause);
      await sleep(policy.backoffMs(attempt));
    }
  }
}
