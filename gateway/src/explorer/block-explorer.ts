import { common } from '@hyperledger/fabric-protos';
import { decodeBlock, decodeTransaction, type DecodedBlock } from '@sme-credit-ledger/verifier';
import { ApiError } from '../errors/problem';
import type { ChannelQueryTarget } from '../ledger/channel-query';
import type { LedgerClient } from '../ledger/ledger-client';
import { summarizeTransaction, type TransactionSummary } from './transaction-summary';

/** Blocks a list may hold: each is read whole from the peer (up to the channel's 10 MB absolute maximum). */
export const MAX_BLOCKS_PER_PAGE = 20;
export const DEFAULT_BLOCKS_PER_PAGE = 10;

export interface BlockSummary {
  number: string;
  /** Hex SHA-256 of the block header (the next block's previous hash). */
  hash: string;
  previousHash: string;
  dataHash: string;
  transactionCount: number;
  /** Timestamp of the block's first transaction (blocks carry none of their own). */
  timestamp?: string;
  validTransactions: number;
}

export interface BlockDetail extends BlockSummary {
  transactions: TransactionSummary[];
}

export interface BlockPage {
  height: string;
  blocks: BlockSummary[];
  /** `from` of the next (older) page; absent on the last one. */
  next?: string;
}

/**
 * Read-only views of the channel's blocks for auditors, decoded by the verifier's block decoder. Shows
 * metadata only (see TransactionSummary): arguments and written values never leave this class.
 */
export class BlockExplorer {
  constructor(private readonly ledger: LedgerClient) {}

  async height(target: ChannelQueryTarget): Promise<bigint> {
    const bytes = await this.ledger.queryChannel({ ...target, function: 'GetChainInfo' });
    if (bytes === undefined) {
      throw new ApiError('LEDGER_ERROR', 'the peer answered no chain information');
    }
    return BigInt(common.BlockchainInfo.deserializeBinary(bytes).getHeight());
  }

  /** Newest first, from block `from` (default: the newest) down. */
  async listBlocks(target: ChannelQueryTarget, from: bigint | undefined, limit: number): Promise<BlockPage> {
    const height = await this.height(target);
    const top = from === undefined || from >= height ? height - 1n : from;
    const numbers: bigint[] = [];
    for (let number = top; number >= 0n && numbers.length < limit; number--) {
      numbers.push(number);
    }
    const blocks = await Promise.all(numbers.map(async (number) => summary(await this.read(target, number))));
    const last = numbers.at(-1);
    return {
      height: height.toString(),
      blocks,
      ...(last !== undefined && last > 0n ? { next: (last - 1n).toString() } : {}),
    };
  }

  /** @throws ApiError NOT_FOUND for a block above the chain's height. */
  async block(target: ChannelQueryTarget, number: bigint): Promise<BlockDetail> {
    const block = await this.read(target, number);
    return { ...summary(block), transactions: transactionsOf(block) };
  }

  /** @throws ApiError NOT_FOUND for a transaction id no block holds. */
  async transaction(target: ChannelQueryTarget, txId: string): Promise<TransactionSummary> {
    const bytes = await this.ledger.queryChannel({ ...target, function: 'GetBlockByTxID', txId });
    const found =
      bytes === undefined
        ? undefined
        : transactionsOf(decodeBlock(bytes)).find((transaction) => transaction.txId === txId);
    if (found === undefined) {
      throw new ApiError('NOT_FOUND', `no block of the channel holds transaction ${txId}`);
    }
    return found;
  }

  private async read(target: ChannelQueryTarget, number: bigint): Promise<DecodedBlock> {
    const bytes = await this.ledger.queryChannel({
      ...target,
      function: 'GetBlockByNumber',
      blockNumber: number,
    });
    if (bytes === undefined) {
      throw new ApiError('NOT_FOUND', `block ${number} is not on the channel yet`);
    }
    return decodeBlock(bytes);
  }
}

function transactionsOf(block: DecodedBlock): TransactionSummary[] {
  return block.envelopes.map((envelope, index) =>
    summarizeTransaction(decodeTransaction(envelope, index), block.number, block.validationFlags[index]),
  );
}

function summary(block: DecodedBlock): BlockSummary {
  const transactions = transactionsOf(block);
  const first = transactions[0];
  return {
    number: String(block.number),
    hash: block.headerHash.toString('hex'),
    previousHash: block.previousHash.toString('hex'),
    dataHash: block.dataHash.toString('hex'),
    transactionCount: transactions.length,
    ...(first?.timestamp === undefined ? {} : { timestamp: first.timestamp }),
    validTransactions: transactions.filter((transaction) => transaction.validationCode === 'VALID').length,
  };
}
