/**
 * Where the verifier gets blocks from. The verifier trusts none of them: a source only delivers bytes, and
 * every claim in them is checked. `block-source-fabric.ts` reads a peer; tests read fixture files.
 */
export interface BlockSource {
  /** What the source calls itself in reports (e.g. `AuditorMSP peer 127.0.0.1:10051`). */
  readonly name: string;
  /** Number of blocks the source holds (last block number + 1). */
  height(): Promise<number>;
  /** Serialized `common.Block`s from `from` to `to` inclusive, in order. */
  blocks(from: number, to: number): AsyncIterable<Uint8Array>;
  close(): void;
}

/**
 * Blocks held in memory (fixtures, copies of a ledger), the first one being block `firstBlock`. The source
 * serves them as they are, so a copy with a block removed or reordered is served that way.
 */
export class MemoryBlockSource implements BlockSource {
  constructor(
    readonly name: string,
    private readonly encodedBlocks: readonly Uint8Array[],
    private readonly firstBlock = 0,
  ) {}

  height(): Promise<number> {
    return Promise.resolve(this.firstBlock + this.encodedBlocks.length);
  }

  async *blocks(from: number, to: number): AsyncIterable<Uint8Array> {
    for (let number = Math.max(from, this.firstBlock); number <= to; number += 1) {
      const block = this.encodedBlocks[number - this.firstBlock];
      if (block === undefined) {
        return;
      }
      yield await Promise.resolve(block);
    }
  }

  close(): void {}
}
