import { peer } from '@hyperledger/fabric-protos';
import type { CommitStatus } from './submit-with-retry';

/** What the watcher reads of a filtered block (fabric-protos `peer.FilteredBlock`). */
export interface FilteredBlockLike {
  getNumber(): number;
  getFilteredTransactionsList(): { getTxid(): string; getTxValidationCode(): number }[];
}

/** A stream of filtered blocks from one peer, starting at a given block. */
export interface FilteredBlockStream extends AsyncIterable<FilteredBlockLike> {
  close(): void;
}

export interface CommitWatcherSource {
  /** The peer's ledger height: the number of the next block it will commit. */
  height(): Promise<bigint>;
  open(startBlock: bigint): Promise<FilteredBlockStream>;
}

/** One transaction's wait: `status` answers undefined when the caller must ask the peer itself. */
export interface CommitWatch {
  status: Promise<CommitStatus | undefined>;
  cancel(): void;
}

export interface CommitWatcherOptions {
  /** Pause before reopening a broken stream, in milliseconds. */
  reconnectMs?: number;
  onError?(error: unknown): void;
}

interface Pending {
  resolve(status: CommitStatus | undefined): void;
  timer: NodeJS.Timeout;
}

const { VALID } = peer.TxValidationCode;

/**
 * Learns commit statuses from one stream of filtered blocks (transaction ids and validation codes only)
 * instead of one signed CommitStatus call per transaction: at 32 submits in flight a block carries 10 to
 * 20 of them, so the service and the peer handle one message where they handled one call each.
 *
 * Correctness never depends on the stream. It starts at the peer's height read before the first watch, and
 * reopens after a break at the block after the last one it saw, so a watched transaction cannot commit in
 * a block the watcher skipped. While the stream is down, and when a watch times out, `status` answers
 * undefined and the caller asks the peer (CommitStatus), as it would without the watcher.
 */
export class CommitWatcher {
  private readonly pending = new Map<string, Pending>();
  private stream: FilteredBlockStream | undefined;
  private nextBlock: bigint | undefined;
  private live = false;
  private closed = false;

  constructor(
    private readonly source: CommitWatcherSource,
    private readonly options: CommitWatcherOptions = {},
  ) {}

  /** Opens the stream at the peer's current height; resolves once it is open. */
  async start(): Promise<void> {
    this.nextBlock = await this.source.height();
    await this.open();
  }

  /**
   * Call after endorsement and before submitting, so the commit cannot come before the watch. A watcher
   * that is not streaming answers undefined at once.
   */
  watch(txId: string, timeoutMs: number): CommitWatch {
    if (!this.live || this.pending.has(txId)) {
      return { status: Promise.resolve(undefined), cancel: () => undefined };
    }
    const status = new Promise<CommitStatus | undefined>((resolve) => {
      const timer = setTimeout(() => this.settle(txId, undefined), timeoutMs);
      this.pending.set(txId, { resolve, timer });
    });
    return { status, cancel: () => this.settle(txId, undefined) };
  }

  get watching(): number {
    return this.pending.size;
  }

  get streaming(): boolean {
    return this.live;
  }

  close(): void {
    this.closed = true;
    this.live = false;
    this.stream?.close();
    this.failAll();
  }

  private async open(): Promise<void> {
    this.stream = await this.source.open(this.nextBlock ?? 0n);
    this.live = true;
    void this.consume(this.stream);
  }

  private async consume(stream: FilteredBlockStream): Promise<void> {
    try {
      for await (const block of stream) {
        this.onBlock(block);
      }
      if (!this.closed) {
        throw new Error('the filtered block stream ended');
      }
    } catch (error) {
      if (this.closed) {
        return;
      }
      this.options.onError?.(error);
      this.live = false;
      // Waiters ask the peer themselves while the stream is down.
      this.failAll();
      this.reopen();
    }
  }

  private reopen(): void {
    setTimeout(() => {
      if (this.closed) {
        return;
      }
      this.open().catch((error: unknown) => {
        this.options.onError?.(error);
        this.reopen();
      });
    }, this.options.reconnectMs ?? 1_000).unref();
  }

  private onBlock(block: FilteredBlockLike): void {
    const blockNumber = BigInt(block.getNumber());
    this.nextBlock = blockNumber + 1n;
    for (const transaction of block.getFilteredTransactionsList()) {
      const transactionId = transaction.getTxid();
      if (this.pending.has(transactionId)) {
        const code = transaction.getTxValidationCode();
        this.settle(transactionId, { blockNumber, code, successful: code === VALID, transactionId });
      }
    }
  }

  private settle(txId: string, status: CommitStatus | undefined): void {
    const entry = this.pending.get(txId);
    if (entry !== undefined) {
      this.pending.delete(txId);
      clearTimeout(entry.timer);
      entry.resolve(status);
    }
  }

  private failAll(): void {
    for (const txId of [...this.pending.keys()]) {
      this.settle(txId, undefined);
    }
  }
}
