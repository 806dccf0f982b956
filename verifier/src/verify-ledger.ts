import { decodeBlock } from './block-decoder';
import type { BlockSource } from './block-source';
import { BlockVerifier } from './block-verifier';
import type { VerifierCheckpoint } from './checkpoint';
import type { PeerComparison, VerificationFailure, VerificationReport } from './report';

// Blocks whose signature checks run together; enough to keep every core busy on one-transaction blocks.
const WINDOW_BLOCKS = 64;

export interface VerifyLedgerOptions {
  /** Where blocks come from (a peer, or copies of blocks). */
  source: BlockSource;
  channel: string;
  /** Chaincode whose writes must satisfy its endorsement policy and our authorization rules. */
  chaincode: string;
  /** Resume after this checkpoint (incremental). Omit to verify from the genesis block. */
  checkpoint?: VerifierCheckpoint;
  /** Hex header hash of the genesis block the auditor trusts; a different chain is refused. */
  expectedGenesisHash?: string;
  /** Last block to verify; default the source's height - 1. */
  toBlock?: number;
  /** A second organization's peer: each verified block must hash the same there. */
  compareWith?: BlockSource;
  onProgress?: (done: number, total: number) => void;
}

export interface VerifyLedgerResult {
  report: VerificationReport;
  /** State after the last verified block; persist it only when `report.ok`. */
  checkpoint?: VerifierCheckpoint;
}

/**
 * Verifies the channel's blocks from the genesis block (or after a checkpoint) up to the source's height:
 * hash chain, data hashes, orderer signatures, creator and endorsement signatures against the MSP roots of
 * the config blocks, endorsement policies, validation flags and the chaincode's authorization rules.
 * Never throws for what it finds in blocks; a source that fails mid-way is reported as SOURCE_ERROR.
 */
export async function verifyLedger(options: VerifyLedgerOptions): Promise<VerifyLedgerResult> {
  const started = Date.now();
  const verifier = new BlockVerifier(options.channel, options.chaincode, options.checkpoint);
  const fromBlock = verifier.nextBlock;
  const run = await verifyBlocks(options, verifier);
  const extraFailures = [...run.failures, ...genesisFailures(options, verifier.genesis)];
  let comparison: PeerComparison | undefined;
  if (options.compareWith !== undefined) {
    comparison = await compareBlocks(options.compareWith, fromBlock, run.toBlock, run.hashes);
    extraFailures.push(...comparisonFailures(options.source.name, comparison));
  }
  const failures = [...verifier.failures, ...extraFailures];
  const lastHash = run.lastHash ?? options.checkpoint?.lastBlock.hash;
  const genesisHash = verifier.genesis;
  const report: VerificationReport = {
    channel: options.channel,
    source: options.source.name,
    fromBlock,
    toBlock: run.toBlock,
    incremental: options.checkpoint !== undefined,
    blocksChecked: run.blocks,
    transactionsChecked: run.transactions,
    validTransactions: run.valid,
    invalidTransactions: run.invalid,
    signaturesVerified: verifier.counters.signatures,
    failures,
    warnings: verifier.warnings,
    ...(genesisHash === undefined ? {} : { genesisHash }),
    ...(lastHash === undefined ? {} : { lastBlockHash: lastHash }),
    ...(comparison === undefined ? {} : { comparison }),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    ok: failures.length === 0,
  };
  const checkpoint = verifier.checkpoint();
  return { report, ...(checkpoint === undefined ? {} : { checkpoint }) };
}

interface BlockRun {
  toBlock: number;
  blocks: number;
  transactions: number;
  valid: number;
  invalid: number;
  lastHash?: string;
  /** Header hash per block number, kept only for a peer comparison. */
  hashes: Map<number, string>;
  failures: VerificationFailure[];
}

async function verifyBlocks(options: VerifyLedgerOptions, verifier: BlockVerifier): Promise<BlockRun> {
  const fromBlock = verifier.nextBlock;
  const run: BlockRun = {
    toBlock: fromBlock - 1,
    blocks: 0,
    transactions: 0,
    valid: 0,
    invalid: 0,
    hashes: new Map(),
    failures: [],
  };
  try {
    const height = await options.source.height();
    run.toBlock = Math.min(options.toBlock ?? height - 1, height - 1);
    if (options.checkpoint !== undefined && run.toBlock < options.checkpoint.lastBlock.number) {
      run.failures.push({
        code: 'CHECKPOINT_MISMATCH',
        block: run.toBlock,
        message: `the source holds ${height} blocks, fewer than the checkpoint's ${options.checkpoint.lastBlock.number + 1}`,
      });
    }
    const total = Math.max(0, run.toBlock - fromBlock + 1);
    let window: Uint8Array[] = [];
    const flush = async (): Promise<void> => {
      const outcomes = await verifier.verifyBlocks(window);
      window = [];
      for (const outcome of outcomes) {
        run.blocks += 1;
        if (outcome !== undefined) {
          run.transactions += outcome.transactions;
          run.valid += outcome.valid;
          run.invalid += outcome.invalid;
          run.lastHash = outcome.headerHash.toString('hex');
          if (options.compareWith !== undefined) run.hashes.set(outcome.number, run.lastHash);
        }
      }
      options.onProgress?.(run.blocks, total);
    };
    for await (const bytes of options.source.blocks(fromBlock, run.toBlock)) {
      window.push(bytes);
      if (window.length >= WINDOW_BLOCKS) await flush();
    }
    await flush();
    if (run.blocks < total) {
      run.failures.push({
        code: 'BLOCK_MISSING',
        block: fromBlock + run.blocks,
        message: `the source delivered ${run.blocks} of ${total} blocks`,
      });
    }
  } catch (error) {
    run.failures.push({ code: 'SOURCE_ERROR', block: verifier.nextBlock, message: (error as Error).message });
  }
  return run;
}

function genesisFailures(
  options: VerifyLedgerOptions,
  genesisHash: string | undefined,
): VerificationFailure[] {
  const expected = options.expectedGenesisHash;
  if (expected === undefined || genesisHash === undefined || genesisHash === expected) {
    return [];
  }
  return [
    { code: 'GENESIS_MISMATCH', block: 0, message: `genesis hash ${genesisHash}, expected ${expected}` },
  ];
}

function comparisonFailures(ourName: string, comparison: PeerComparison): VerificationFailure[] {
  return comparison.mismatches.map((mismatch) => ({
    code: 'PEER_MISMATCH',
    block: mismatch.block,
    message: `${ourName} has ${mismatch.ours}, ${comparison.source} has ${mismatch.theirs}`,
  }));
}

/** Header hashes of the same block numbers on another peer; a missing block counts as a mismatch. */
async function compareBlocks(
  other: BlockSource,
  fromBlock: number,
  toBlock: number,
  ours: ReadonlyMap<number, string>,
): Promise<PeerComparison> {
  const comparison: PeerComparison = { source: other.name, blocksCompared: 0, mismatches: [] };
  const seen = new Set<number>();
  try {
    for await (const bytes of other.blocks(fromBlock, toBlock)) {
      const block = decodeBlock(bytes);
      seen.add(block.number);
      comparison.blocksCompared += 1;
      const theirs = block.headerHash.toString('hex');
      const mine = ours.get(block.number);
      if (mine !== undefined && mine !== theirs) {
        comparison.mismatches.push({ block: block.number, ours: mine, theirs });
      }
    }
  } catch (error) {
    comparison.mismatches.push({
      block: fromBlock + seen.size,
      ours: 'present',
      theirs: `unavailable (${(error as Error).message})`,
    });
    return comparison;
  }
  for (const [number, hash] of ours) {
    if (!seen.has(number)) comparison.mismatches.push({ block: number, ours: hash, theirs: 'missing' });
  }
  return comparison;
}
