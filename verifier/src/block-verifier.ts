import { peer } from '@hyperledger/fabric-protos';
import {
  HEADER_TYPE,
  decodeBlock,
  decodeTransaction,
  type DecodedBlock,
  type DecodedTransaction,
} from './block-decoder';
import { chainFailures, dataFailures } from './block-integrity';
import { validationCodeName } from './chaincode-definitions';
import { channelTrustFromConfig, type ChannelTrust } from './channel-config';
import { CHECKPOINT_VERSION, type VerifierCheckpoint } from './checkpoint';
import { IdentityVerifier, verifySignature, verifySignatureAsync } from './identity-verifier';
import type { FailureCode, VerificationFailure } from './report';
import { TrackedState } from './tracked-state';
import {
  applyValidWrites,
  finishTransactionChecks,
  startTransactionChecks,
  type LedgerRules,
  type PendingTransaction,
} from './transaction-checks';

const { VALID } = peer.TxValidationCode;

export interface BlockOutcome {
  number: number;
  headerHash: Buffer;
  transactions: number;
  valid: number;
  invalid: number;
}

/** A block whose synchronous checks are done and whose signature checks are running. */
interface PendingBlock {
  block: DecodedBlock;
  failures: VerificationFailure[];
  ordererSignatures: Promise<boolean>[];
  transactions: PendingTransaction[];
  outcome: BlockOutcome;
}

/**
 * Verifies blocks in order, carrying what it learned (trust roots from config blocks, the chaincode
 * definition's policies, the catalog) from block to block. It trusts nothing but the blocks: the first must
 * be the genesis block, or chain to a checkpoint the auditor kept. `verifyBlocks` starts the signature
 * checks of a whole window before awaiting them, so verification uses every core.
 */
export class BlockVerifier {
  readonly failures: VerificationFailure[] = [];
  readonly warnings: VerificationFailure[] = [];
  readonly counters = { signatures: 0 };
  private trust: ChannelTrust | undefined;
  private identities: IdentityVerifier | undefined;
  private previous: { number: number; hash: Buffer } | undefined;
  private genesisHash: string | undefined;
  private readonly rules: LedgerRules;
  private readonly seenTxIds = new Set<string>();

  constructor(
    private readonly channel: string,
    chaincode: string,
    checkpoint?: VerifierCheckpoint,
  ) {
    this.rules = {
      channel,
      chaincode,
      chaincodes: structuredClone(checkpoint?.chaincodes ?? {}),
      catalog: structuredClone(checkpoint?.catalog ?? {}),
      state: new TrackedState(checkpoint?.tracked),
    };
    if (checkpoint !== undefined) {
      this.adoptTrust(checkpoint.trust);
      this.previous = {
        number: checkpoint.lastBlock.number,
        hash: Buffer.from(checkpoint.lastBlock.hash, 'hex'),
      };
      this.genesisHash = checkpoint.genesisHash;
    }
  }

  /** Next block number expected. */
  get nextBlock(): number {
    return this.previous === undefined ? 0 : this.previous.number + 1;
  }

  get genesis(): string | undefined {
    return this.genesisHash;
  }

  checkpoint(): VerifierCheckpoint | undefined {
    if (this.previous === undefined || this.trust === undefined || this.genesisHash === undefined) {
      return undefined;
    }
    return {
      version: CHECKPOINT_VERSION,
      channel: this.channel,
      lastBlock: { number: this.previous.number, hash: this.previous.hash.toString('hex') },
      genesisHash: this.genesisHash,
      trust: this.trust,
      chaincodes: this.rules.chaincodes,
      catalog: this.rules.catalog,
      tracked: this.rules.state.toJSON(),
      verifiedAt: new Date().toISOString(),
    };
  }

  /** Verifies serialized blocks in order; failures accumulate in `failures`. */
  async verifyBlocks(blocks: readonly Uint8Array[]): Promise<(BlockOutcome | undefined)[]> {
    const pending = blocks.map((bytes) => this.start(bytes));
    const outcomes: (BlockOutcome | undefined)[] = [];
    for (const block of pending) {
      outcomes.push(block === undefined ? undefined : await this.finish(block));
    }
    return outcomes;
  }

  private adoptTrust(trust: ChannelTrust): void {
    this.trust = trust;
    this.identities = new IdentityVerifier(trust);
  }

  /** Decoding, hash chain and data hash, config blocks; starts every signature check of the block. */
  private start(bytes: Uint8Array): PendingBlock | undefined {
    const expected = this.nextBlock;
    let block: DecodedBlock;
    try {
      block = decodeBlock(bytes);
    } catch (error) {
      this.failures.push({ code: 'BLOCK_UNREADABLE', block: expected, message: (error as Error).message });
      return undefined;
    }
    const pending: PendingBlock = {
      block,
      failures: [...chainFailures(block, expected, this.previous), ...dataFailures(block)],
      ordererSignatures:
        this.previous === undefined && block.number === 0 ? [] : this.startOrdererChecks(block),
      transactions: [],
      outcome: { number: block.number, headerHash: block.headerHash, transactions: 0, valid: 0, invalid: 0 },
    };
    if (block.validationFlags.length !== block.envelopes.length && block.number > 0) {
      pending.failures.push({
        code: 'VALIDATION_FLAGS_MALFORMED',
        block: block.number,
        message: `${block.validationFlags.length} validation flags for ${block.envelopes.length} transactions`,
      });
    }
    block.envelopes.forEach((envelope, index) => this.startTransaction(pending, envelope, index));
    if (block.number === 0) {
      this.genesisHash = block.headerHash.toString('hex');
    }
    this.previous = { number: block.number, hash: block.headerHash };
    return pending;
  }

  /** Raft orderers sign value || signature_header || header DER; BlockValidation needs one valid orderer. */
  private startOrdererChecks(block: DecodedBlock): Promise<boolean>[] {
    const identities = this.identities;
    if (identities === undefined) return [];
    if (block.signatures.length === 0) return [Promise.resolve(false)];
    return block.signatures.map((entry) => {
      const check = identities.check(entry.creator);
      if (!check.ok || check.identity.kind !== 'orderer') return Promise.resolve(false);
      this.counters.signatures += 1;
      const data = Buffer.concat([block.signatureValue, entry.signatureHeader, block.headerBytes]);
      return verifySignatureAsync(check.identity, data, entry.signature);
    });
  }

  private startTransaction(pending: PendingBlock, envelope: Uint8Array, index: number): void {
    const { block, outcome } = pending;
    const flag = block.validationFlags[index] ?? VALID;
    outcome.transactions += 1;
    if (flag === VALID) outcome.valid += 1;
    else outcome.invalid += 1;
    let tx: DecodedTransaction;
    try {
      tx = decodeTransaction(envelope, index);
    } catch (error) {
      pending.failures.push({
        code: 'TRANSACTION_UNREADABLE',
        block: block.number,
        txIndex: index,
        message: (error as Error).message,
      });
      return;
    }
    // As protoutil.VerifyTransactionsAreWellFormed: a lone config envelope (the unsigned genesis one) is exempt.
    const isLoneConfig = tx.type === HEADER_TYPE.config && block.envelopes.length === 1;
    if (!tx.wellFormed && !isLoneConfig) {
      pending.failures.push({
        code: 'MALFORMED_ENVELOPE',
        block: block.number,
        txIndex: index,
        txId: tx.txId,
        message: 'envelope does not re-encode to its bytes or lacks payload or signature',
      });
    }
    if (tx.type === HEADER_TYPE.config) {
      this.adoptConfig(pending, tx);
    } else if (this.identities === undefined) {
      pending.failures.push({
        code: 'CREATOR_UNTRUSTED',
        block: block.number,
        txIndex: index,
        txId: tx.txId,
        message: 'no channel configuration precedes this transaction',
      });
    } else {
      const started = startTransactionChecks(tx, flag, this.identities, this.channel);
      this.counters.signatures += started.signatures;
      pending.transactions.push(started);
    }
  }

  /**
   * Genesis: the configuration is the trust anchor (the auditor pins its hash). A later config block must be
   * created by an orderer of the configuration in force; its MSPs then apply to the following blocks.
   */
  private adoptConfig(pending: PendingBlock, tx: DecodedTransaction): void {
    const number = pending.block.number;
    if (tx.config === undefined) {
      pending.failures.push({
        code: 'TRANSACTION_UNREADABLE',
        block: number,
        txId: tx.txId,
        txIndex: tx.index,
        message: 'config transaction without a configuration',
      });
      return;
    }
    if (this.identities !== undefined && this.previous !== undefined) {
      const check = this.identities.check(tx.creator);
      this.counters.signatures += 1;
      if (
        !check.ok ||
        check.identity.kind !== 'orderer' ||
        !verifySignature(check.identity, tx.payload, tx.signature)
      ) {
        pending.failures.push({
          code: 'CONFIG_SIGNER_UNTRUSTED',
          block: number,
          txId: tx.txId,
          txIndex: tx.index,
          message: 'config envelope is not signed by an orderer of the previous configuration',
        });
        return;
      }
    }
    this.adoptTrust(channelTrustFromConfig(tx.config, tx.channelId, number));
  }

  private async finish(pending: PendingBlock): Promise<BlockOutcome> {
    const { block } = pending;
    this.failures.push(...pending.failures);
    const orderer = await Promise.all(pending.ordererSignatures);
    if (orderer.length > 0 && !orderer.some(Boolean)) {
      this.fail(
        'ORDERER_SIGNATURE_INVALID',
        block.number,
        block.signatures.length === 0
          ? 'the block carries no orderer signature'
          : 'no valid orderer signature',
      );
    } else if (orderer.some((isValid) => !isValid)) {
      this.fail('ORDERER_SIGNATURE_INVALID', block.number, 'the block carries an invalid orderer signature');
    }
    for (const transaction of pending.transactions) {
      await this.finishTransaction(block.number, transaction);
    }
    return pending.outcome;
  }

  private async finishTransaction(blockNumber: number, pending: PendingTransaction): Promise<void> {
    const { tx, flag } = pending;
    const { findings, creator } = await finishTransactionChecks(pending, this.rules);
    if (flag !== VALID) {
      // The peers already refused it; what we find only confirms that.
      for (const finding of findings) {
        this.warnings.push({
          ...finding,
          block: blockNumber,
          txId: tx.txId,
          txIndex: tx.index,
          message: `${finding.message} (marked ${validationCodeName(flag)})`,
        });
      }
      return;
    }
    if (this.seenTxIds.has(tx.txId))
      findings.push({ code: 'DUPLICATE_TXID', message: 'a valid transaction with this id was seen before' });
    this.seenTxIds.add(tx.txId);
    if (findings.length === 0 && creator !== undefined) {
      findings.push(...applyValidWrites(tx, creator, this.rules));
    }
    for (const finding of findings) {
      this.fail(finding.code, blockNumber, finding.message, tx);
    }
    const cryptographic = [
      ...new Set(
        findings.filter((finding) => !finding.code.startsWith('AUTHZ_')).map((finding) => finding.code),
      ),
    ];
    if (cryptographic.length > 0) {
      this.fail(
        'VALID_FLAG_ON_FAILING_TX',
        blockNumber,
        `marked VALID by the peer but fails ${cryptographic.join(', ')}`,
        tx,
      );
    }
  }

  private fail(code: FailureCode, block: number, message: string, tx?: DecodedTransaction): void {
    this.failures.push({
      code,
      block,
      message,
      ...(tx === undefined ? {} : { txId: tx.txId, txIndex: tx.index }),
    });
  }
}
