import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { status } from '@grpc/grpc-js';
import { peer } from '@hyperledger/fabric-protos';
import { ApiError } from '../errors/problem';
import type {
  CommitPort,
  CommitStatus,
  ProposalPort,
  RetryPolicy,
  TransactionPort,
  WatchCommit,
} from './submit-with-retry';
import { submitWithRetry } from './submit-with-retry';

const deadlines = { endorseMs: 1000, submitMs: 1000, commitStatusMs: 1000 };
const policy: RetryPolicy = { maxEndorsements: 3, maxSubmits: 3, maxStatusPolls: 3, backoffMs: () => 0 };

const { VALID, ENDORSEMENT_POLICY_FAILURE, MVCC_READ_CONFLICT } = peer.TxValidationCode;

/** Errors shaped like fabric-gateway's, as the classifier reads them. */
const endorseError = (message: string, code: number = status.ABORTED): Error =>
  Object.assign(new Error(message), {
    name: 'EndorseError',
    code,
    transactionId: 'tx-e',
    details: [{ address: 'peer0.gov:7051', mspId: 'GovMSP', message }],
  });
const submitError = (): Error =>
  Object.assign(new Error('orderer unavailable'), {
    name: 'SubmitError',
    code: status.UNAVAILABLE,
    details: [],
    transactionId: 'tx',
  });
const commitStatusError = (): Error =>
  Object.assign(new Error('status unavailable'), {
    name: 'CommitStatusError',
    code: status.DEADLINE_EXCEEDED,
    details: [],
    transactionId: 'tx',
  });

type Step<T> = () => Promise<T>;
const pick = <T>(steps: Step<T>[] | undefined, index: number, fallback: Step<T>): Step<T> =>
  steps?.[index] ?? fallback;

/** A scripted fake of the proposal → transaction → commit chain, counting each call. */
function scripted(script: { endorse?: Step<void>[]; submit?: Step<void>[]; status?: Step<CommitStatus>[] }): {
  newProposal: () => ProposalPort;
  calls: { proposals: number; endorse: number; submit: number; status: number };
} {
  const calls = { proposals: 0, endorse: 0, submit: 0, status: 0 };
  const valid = (): Promise<CommitStatus> =>
    Promise.resolve({
      blockNumber: 7n,
      code: VALID,
      successful: true,
      transactionId: `tx-${calls.proposals}`,
    });
  const commit: CommitPort = {
    getStatus: () => pick(script.status, calls.status++, valid)(),
  };
  const newProposal = (): ProposalPort => {
    calls.proposals++;
    const txId = `tx-${calls.proposals}`;
    const transaction: TransactionPort = {
      getTransactionId: () => txId,
      getResult: () => Buffer.from('{"ok":true}'),
      submit: async () => {
        await pick(script.submit, calls.submit++, () => Promise.resolve())();
        return commit;
      },
    };
    return {
      getTransactionId: () => txId,
      endorse: async () => {
        await pick(script.endorse, calls.endorse++, () => Promise.resolve())();
        return transaction;
      },
    };
  };
  return { newProposal, calls };
}

const conflict = (code: number) => (): Promise<CommitStatus> =>
  Promise.resolve({ blockNumber: 5n, code, successful: false, transactionId: 'tx-1' });

describe('submitWithRetry', () => {
  it('returns result, transaction id and block of a VALID commit', async () => {
    const { newProposal } = scripted({});

    const committed = await submitWithRetry(newProposal, deadlines, policy);

    assert.equal(committed.txId, 'tx-1');
    assert.equal(committed.blockNumber, 7n);
    assert.equal(Buffer.from(committed.result).toString(), '{"ok":true}');
  });

  it('never retries a chaincode error and reports its code', async () => {
    const { newProposal, calls } = scripted({
      endorse: [
        () => Promise.reject(endorseError('chaincode response 500, CONSENT_REVOKED: consent c1 was revoked')),
      ],
    });

    await assert.rejects(submitWithRetry(newProposal, deadlines, policy), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, 'CONSENT_REVOKED');
      assert.equal(error.status, 403);
      assert.equal(error.detail, 'consent c1 was revoked');
      return true;
    });
    assert.equal(calls.proposals, 1);
  });

  it('re-endorses a new proposal after an endorsement failure without a chaincode code', async () => {
    const { newProposal, calls } = scripted({
      endorse: [() => Promise.reject(endorseError('peer busy', status.UNAVAILABLE))],
    });

    const committed = await submitWithRetry(newProposal, deadlines, policy);

    assert.equal(calls.proposals, 2);
    assert.equal(committed.txId, 'tx-2');
  });

  for (const name of ['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT'] as const) {
    it(`re-endorses after a ${name} commit`, async () => {
      const { newProposal, calls } = scripted({ status: [conflict(peer.TxValidationCode[name])] });

      const committed = await submitWithRetry(newProposal, deadlines, policy);

      assert.equal(calls.proposals, 2);
      assert.equal(committed.txId, 'tx-2');
    });
  }

  it('resubmits the same signed transaction after a submit failure', async () => {
    const { newProposal, calls } = scripted({ submit: [() => Promise.reject(submitError())] });

    const committed = await submitWithRetry(newProposal, deadlines, policy);

    assert.equal(calls.proposals, 1);
    assert.equal(calls.submit, 2);
    assert.equal(committed.txId, 'tx-1');
  });

  it('re-polls commit status of the same transaction after a commit status failure', async () => {
    const { newProposal, calls } = scripted({ status: [() => Promise.reject(commitStatusError())] });

    const committed = await submitWithRetry(newProposal, deadlines, policy);

    assert.equal(calls.proposals, 1);
    assert.equal(calls.submit, 1);
    assert.equal(calls.status, 2);
    assert.equal(committed.txId, 'tx-1');
  });

  it('waits for a commit at most one commit deadline in all, however many polls the policy allows', async () => {
    // An ordered transaction that never commits (no Raft quorum): each poll runs to its deadline.
    let polls = 0;
    const commit: CommitPort = {
      getStatus: async ({ deadline: until }) => {
        polls++;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, until.getTime() - Date.now())));
        throw commitStatusError();
      },
    };
    const transaction: TransactionPort = {
      getTransactionId: () => 'tx-stuck',
      getResult: () => Buffer.from('{}'),
      submit: () => Promise.resolve(commit),
    };
    const proposal: ProposalPort = {
      getTransactionId: () => 'tx-stuck',
      endorse: () => Promise.resolve(transaction),
    };
    const started = Date.now();

    await assert.rejects(
      submitWithRetry(() => proposal, { ...deadlines, commitStatusMs: 150 }, policy),
      (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.code, 'LEDGER_TIMEOUT');
        return true;
      },
    );
    assert.equal(polls, 1);
    assert.ok(Date.now() - started < 1_000, 'answered within about one commit deadline');
  });

  it('does not re-endorse when the orderer keeps refusing, so nothing can be recorded twice', async () => {
    const { newProposal, calls } = scripted({
      submit: [submitError, submitError, submitError].map((make) => () => Promise.reject(make())),
    });

    await assert.rejects(submitWithRetry(newProposal, deadlines, policy), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, 'LEDGER_UNAVAILABLE');
      return true;
    });
    assert.equal(calls.proposals, 1);
    assert.equal(calls.submit, 3);
  });

  it('fails without retry on another invalid validation code', async () => {
    const { newProposal, calls } = scripted({ status: [conflict(ENDORSEMENT_POLICY_FAILURE)] });

    await assert.rejects(submitWithRetry(newProposal, deadlines, policy), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, 'TRANSACTION_INVALID');
      assert.equal(error.toProblem().txId, 'tx-1');
      return true;
    });
    assert.equal(calls.proposals, 1);
  });

  it('gives up after the configured number of conflicts', async () => {
    const { newProposal, calls } = scripted({
      status: [conflict(MVCC_READ_CONFLICT), conflict(MVCC_READ_CONFLICT), conflict(MVCC_READ_CONFLICT)],
    });

    await assert.rejects(submitWithRetry(newProposal, deadlines, policy), /TRANSACTION_INVALID/);
    assert.equal(calls.proposals, 3);
  });

  describe('with a commit watcher', () => {
    /** Submits with a watcher that answers `answer(txId)`; `outcome` is the submit's promise. */
    const submitWatched = (
      answer: (txId: string) => CommitStatus | undefined,
      script: Parameters<typeof scripted>[0] = {},
    ) => {
      const { newProposal, calls } = scripted(script);
      const watches: { txId: string; cancelled: boolean }[] = [];
      const watchCommit: WatchCommit = (txId) => {
        const entry = { txId, cancelled: false };
        watches.push(entry);
        return { status: Promise.resolve(answer(txId)), cancel: () => (entry.cancelled = true) };
      };
      const sources: string[] = [];
      const outcome = submitWithRetry(
        newProposal,
        deadlines,
        policy,
        { onCommitSource: (source) => sources.push(source) },
        { watchCommit },
      );
      return { outcome, calls, watches, sources };
    };
    const committedIn =
      (blockNumber: bigint, code = 0) =>
      (transactionId: string) => ({
        blockNumber,
        code,
        successful: code === 0,
        transactionId,
      });

    it('takes the status from the block event and never asks the peer', async () => {
      const { outcome, calls, watches, sources } = submitWatched(committedIn(42n));

      assert.equal((await outcome).blockNumber, 42n);
      assert.equal(calls.status, 0);
      assert.deepEqual(
        watches.map((watch) => watch.txId),
        ['tx-1'],
      );
      assert.deepEqual(sources, ['event']);
    });

    it('asks the peer when the watcher has no status (stream down or timed out)', async () => {
      const { outcome, calls, sources } = submitWatched(() => undefined);

      assert.equal((await outcome).blockNumber, 7n);
      assert.equal(calls.status, 1);
      assert.deepEqual(sources, ['poll']);
    });

    it('re-endorses after an MVCC conflict reported by the block event, watching the new id', async () => {
      const { outcome, calls, watches } = submitWatched((txId) =>
        committedIn(9n, txId === 'tx-1' ? 11 : 0)(txId),
      );

      assert.equal((await outcome).txId, 'tx-2');
      assert.equal(calls.proposals, 2);
      assert.deepEqual(
        watches.map((watch) => watch.txId),
        ['tx-1', 'tx-2'],
      );
    });

    it('fails with the code of an invalid commit reported by the block event, without asking the peer', async () => {
      const { outcome, calls } = submitWatched(committedIn(9n, 10));

      await assert.rejects(outcome, /TRANSACTION_INVALID/);
      assert.equal(calls.status, 0);
      assert.equal(calls.proposals, 1);
    });

    it('stops watching a transaction the orderer never accepted', async () => {
      const refuse = () => Promise.reject(submitError());
      const { outcome, watches } = submitWatched(() => undefined, { submit: [refuse, refuse, refuse] });

      await assert.rejects(outcome);
      assert.equal(watches.length, 1);
      assert.equal(watches[0]?.cancelled, true);
    });
  });
});
