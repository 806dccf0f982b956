import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { peer as protos } from '@hyperledger/fabric-protos';
import {
  CommitWatcher,
  type CommitWatcherSource,
  type FilteredBlockLike,
  type FilteredBlockStream,
} from './commit-watcher';

const { VALID, MVCC_READ_CONFLICT } = protos.TxValidationCode;

const block = (number: number, transactions: [string, number][]): FilteredBlockLike => ({
  getNumber: () => number,
  getFilteredTransactionsList: () =>
    transactions.map(([txid, code]) => ({ getTxid: () => txid, getTxValidationCode: () => code })),
});

/** A block stream the test feeds by hand; `fail` breaks it as a lost connection would. */
class ScriptedStream implements FilteredBlockStream {
  closed = false;
  private readonly queue: (FilteredBlockLike | Error)[] = [];
  private wake: (() => void) | undefined;

  push(item: FilteredBlockLike | Error): void {
    this.queue.push(item);
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<FilteredBlockLike> {
    for (;;) {
      const item = this.queue.shift();
      if (item instanceof Error) {
        throw item;
      }
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.closed) {
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

function source(height: bigint): CommitWatcherSource & { opened: bigint[]; streams: ScriptedStream[] } {
  const opened: bigint[] = [];
  const streams: ScriptedStream[] = [];
  return {
    opened,
    streams,
    height: () => Promise.resolve(height),
    open: (startBlock) => {
      opened.push(startBlock);
      const stream = new ScriptedStream();
      streams.push(stream);
      return Promise.resolve(stream);
    },
  };
}

/** A watcher already streaming from `peer`. */
async function started(
  peer: CommitWatcherSource,
  options?: ConstructorParameters<typeof CommitWatcher>[1],
): Promise<CommitWatcher> {
  const watcher = new CommitWatcher(peer, options);
  await watcher.start();
  return watcher;
}

const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !condition(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.ok(condition(), 'condition not reached in 1 s');
};

describe('CommitWatcher', () => {
  it('starts at the peer height and answers each watched transaction from its block', async () => {
    const peer = source(12n);
    const watcher = await started(peer);
    const valid = watcher.watch('tx-a', 5_000);
    const conflicted = watcher.watch('tx-b', 5_000);

    peer.streams[0]?.push(
      block(12, [
        ['tx-other', VALID],
        ['tx-a', VALID],
      ]),
    );
    peer.streams[0]?.push(block(13, [['tx-b', MVCC_READ_CONFLICT]]));

    assert.deepEqual(peer.opened, [12n]);
    assert.deepEqual(await valid.status, {
      blockNumber: 12n,
      code: VALID,
      successful: true,
      transactionId: 'tx-a',
    });
    assert.deepEqual(await conflicted.status, {
      blockNumber: 13n,
      code: MVCC_READ_CONFLICT,
      successful: false,
      transactionId: 'tx-b',
    });
    assert.equal(watcher.watching, 0);
    watcher.close();
  });

  it('hands waiters back to the peer when the stream breaks, and reopens after the last block seen', async () => {
    const peer = source(3n);
    const errors: unknown[] = [];
    const watcher = await started(peer, { reconnectMs: 1, onError: (error) => errors.push(error) });
    peer.streams[0]?.push(block(3, []));
    peer.streams[0]?.push(block(4, []));
    const waiting = watcher.watch('tx-lost', 5_000);

    peer.streams[0]?.push(new Error('UNAVAILABLE: connection dropped'));

    assert.equal(await waiting.status, undefined);
    assert.equal(errors.length, 1);
    await until(() => watcher.streaming);
    assert.deepEqual(peer.opened, [3n, 5n]);
    const after = watcher.watch('tx-next', 5_000);
    peer.streams[1]?.push(block(5, [['tx-next', VALID]]));
    assert.equal((await after.status)?.blockNumber, 5n);
    watcher.close();
  });

  it('answers undefined at once while the stream is down, so the caller asks the peer', async () => {
    const peer = source(0n);
    const watcher = new CommitWatcher(peer, { reconnectMs: 60_000 });

    assert.equal(await watcher.watch('tx-before-start', 5_000).status, undefined);
    await watcher.start();
    peer.streams[0]?.push(new Error('stream broken'));
    await until(() => !watcher.streaming);

    assert.equal(await watcher.watch('tx-while-down', 5_000).status, undefined);
    assert.equal(watcher.watching, 0);
    watcher.close();
  });

  it('gives up on a transaction after its timeout and forgets it', async () => {
    const watcher = await started(source(0n));

    const status = await watcher.watch('tx-dropped-by-raft', 10).status;

    assert.equal(status, undefined);
    assert.equal(watcher.watching, 0);
    watcher.close();
  });

  it('releases a cancelled watch and every waiter on close', async () => {
    const peer = source(0n);
    const watcher = await started(peer);
    const cancelled = watcher.watch('tx-1', 5_000);
    const open = watcher.watch('tx-2', 5_000);

    cancelled.cancel();
    watcher.close();

    assert.equal(await cancelled.status, undefined);
    assert.equal(await open.status, undefined);
    assert.equal(peer.streams[0]?.closed, true);
  });

  it('treats a stream the peer ends as broken: waiters ask the peer, and it reopens where it stopped', async () => {
    const peer = source(7n);
    const watcher = await started(peer, { reconnectMs: 1 });
    peer.streams[0]?.push(block(7, []));
    const waiting = watcher.watch('tx-a', 5_000);

    peer.streams[0]?.close();

    assert.equal(await waiting.status, undefined);
    await until(() => peer.opened.length === 2 && watcher.streaming);
    assert.deepEqual(peer.opened, [7n, 8n]);
    watcher.close();
  });

  it('does not watch one transaction id twice: the second waiter asks the peer', async () => {
    const peer = source(0n);
    const watcher = await started(peer);
    const first = watcher.watch('tx-same', 5_000);

    const second = watcher.watch('tx-same', 5_000);
    peer.streams[0]?.push(block(0, [['tx-same', VALID]]));

    assert.equal(await second.status, undefined);
    assert.equal((await first.status)?.blockNumber, 0n);
    watcher.close();
  });
});
