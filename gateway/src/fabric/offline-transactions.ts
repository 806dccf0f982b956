import type { KeyObject } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import {
  type Commit,
  connect,
  type Gateway,
  type Proposal,
  type Transaction,
} from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { p256 } from '@noble/curves/p256';
import { EVALUATE_TRANSACTIONS } from '@sme-credit-ledger/contract';
import { ApiError } from '../errors/problem';
import type { OrgCertificate } from '../identity/org-certificate';
import type {
  EndorsedTransaction,
  OfflineCommit,
  OfflineProposalRequest,
  OfflineSigning,
  PreparedProposal,
} from '../ledger/offline-signing';
import type { CommitWatch } from './commit-watcher';
import { translateFabricError } from './fabric-errors';
import type { FabricDeadlines } from './fabric-ledger-client';
import type { SubmitOutbox } from './submit-outbox';

/** How many prepared transactions wait for a signature at once, and for how long. */
export interface OfflineLimits {
  maxPending: number;
  maxAgeMs: number;
  /** How long a submit waits for the commit event before answering PENDING. */
  commitWaitMs: number;
}

export const DEFAULT_OFFLINE_LIMITS: OfflineLimits = {
  maxPending: 1000,
  maxAgeMs: 300_000,
  commitWaitMs: 30_000,
};

export interface OfflineTransactionsOptions {
  /** The connection to the service organization's own peer. */
  client: () => Promise<grpc.Client>;
  /** Accepts only certificates of the service's organization (identity/org-certificate.ts). */
  certificates: { check(pem: string): OrgCertificate };
  channel: string;
  chaincode: string;
  endorsingOrganizations: string[];
  deadlines: FabricDeadlines;
  /** Commit events from the record-holding peer, when the stream is up. */
  watchCommit?: (txId: string, timeoutMs: number) => CommitWatch | undefined;
  limits?: OfflineLimits;
  now?: () => number;
  /** Keeps each signed transaction on disk from before its submit until its commit is known. */
  outbox?: SubmitOutbox;
}

type Stage =
  | { step: 'proposed'; proposal: Proposal }
  | { step: 'endorsed'; transaction: Transaction }
  | { step: 'submitted'; commit: Commit; result: Uint8Array };

interface Pending {
  gateway: Gateway;
  publicKey: Uint8Array;
  createdAt: number;
  stage: Stage;
}

const deadline = (ms: number): { deadline: Date } => ({ deadline: new Date(Date.now() + ms) });

/**
 * fabric-gateway's offline signing flow: a Gateway with the caller's certificate and no signer builds each
 * message, the caller signs its digest, and `newSignedProposal` / `newSignedTransaction` / `newSignedCommit`
 * carry the signature. The service checks every signature against the certificate before anything leaves
 * it (the peer and orderer check again), so a wrong key changes nothing and gets a reason.
 */
export class OfflineTransactions implements OfflineSigning {
  private readonly pending = new Map<string, Pending>();
  private readonly limits: OfflineLimits;
  private readonly now: () => number;

  constructor(private readonly options: OfflineTransactionsOptions) {
    this.limits = options.limits ?? DEFAULT_OFFLINE_LIMITS;
    this.now = options.now ?? Date.now;
  }

  async prepare(request: OfflineProposalRequest): Promise<PreparedProposal> {
    if (EVALUATE_TRANSACTIONS.includes(request.transaction)) {
      throw new ApiError(
        'BAD_REQUEST',
        `${request.transaction} is read-only: its answer must never sit in a block, so it is not submitted`,
        { field: '/transaction' },
      );
    }
    const certificate = this.options.certificates.check(request.certificate);
    this.dropExpired();
    if (this.pending.size >= this.limits.maxPending) {
      throw new ApiError(
        'RATE_LIMITED',
        `${this.limits.maxPending} prepared transactions already wait for signatures; retry when some finish or expire`,
      );
    }
    const gateway = connect({
      client: await this.options.client(),
      identity: { mspId: certificate.mspId, credentials: certificate.credentials },
    });
    const contract = gateway.getNetwork(this.options.channel).getContract(this.options.chaincode);
    const proposal = contract.newProposal(request.transaction, {
      arguments: request.args,
      endorsingOrganizations: this.options.endorsingOrganizations,
      ...(request.transient === undefined ? {} : { transientData: request.transient }),
    });
    const createdAt = this.now();
    this.pending.set(proposal.getTransactionId(), {
      gateway,
      publicKey: rawPublicKey(certificate.publicKey),
      createdAt,
      stage: { step: 'proposed', proposal },
    });
    return {
      transactionId: proposal.getTransactionId(),
      digest: proposal.getDigest(),
      expiresAt: new Date(createdAt + this.limits.maxAgeMs),
    };
  }

  async endorse(transactionId: string, signature: Uint8Array): Promise<EndorsedTransaction> {
    const entry = this.take(transactionId, 'proposed');
    const { proposal } = entry.stage as Extract<Stage, { step: 'proposed' }>;
    this.verify(entry, proposal.getDigest(), signature, transactionId);
    let transaction: Transaction;
    try {
      transaction = await entry.gateway
        .newSignedProposal(proposal.getBytes(), signature)
        .endorse(deadline(this.options.deadlines.endorseMs));
    } catch (error) {
      this.forget(transactionId);
      throw translateFabricError(error);
    }
    entry.stage = { step: 'endorsed', transaction };
    return { transactionId, digest: transaction.getDigest(), result: transaction.getResult() };
  }

  async submit(transactionId: string, signature: Uint8Array): Promise<OfflineCommit> {
    const entry = this.take(transactionId, 'endorsed');
    const { transaction } = entry.stage as Extract<Stage, { step: 'endorsed' }>;
    this.verify(entry, transaction.getDigest(), signature, transactionId);
    // Watch before submitting: the commit event can arrive before submit returns.
    const watch = this.options.watchCommit?.(transactionId, this.limits.commitWaitMs);
    let commit: Commit;
    const outbox = this.options.outbox;
    try {
      const signed = entry.gateway.newSignedTransaction(transaction.getBytes(), signature);
      // On disk before it leaves: a service killed after answering 202 sends it again at its next start.
      await outbox?.put({ transactionId, bytes: signed.getBytes() });
      commit = await signed.submit(deadline(this.options.deadlines.submitMs));
    } catch (error) {
      watch?.cancel();
      this.forget(transactionId);
      // Refused before the orderer took it (the caller gets the error, not 202): nothing to finish.
      await outbox?.remove(transactionId);
      throw translateFabricError(error);
    }
    const result = transaction.getResult();
    entry.stage = { step: 'submitted', commit, result };
    const seen = await watch?.status;
    if (seen === undefined) {
      return { status: 'PENDING', transactionId, commitDigest: commit.getDigest() };
    }
    this.forget(transactionId);
    await outbox?.remove(transactionId);
    return committed(seen, result);
  }

  async commitStatus(transactionId: string, signature: Uint8Array): Promise<OfflineCommit> {
    const entry = this.take(transactionId, 'submitted');
    const { commit, result } = entry.stage as Extract<Stage, { step: 'submitted' }>;
    this.verify(entry, commit.getDigest(), signature, transactionId);
    let status;
    try {
      status = await entry.gateway
        .newSignedCommit(commit.getBytes(), signature)
        .getStatus(deadline(this.options.deadlines.commitStatusMs));
    } catch (error) {
      throw translateFabricError(error);
    }
    this.forget(transactionId);
    await this.options.outbox?.remove(transactionId);
    return committed(status, result);
  }

  private take(transactionId: string, step: Stage['step']): Pending {
    this.dropExpired();
    const entry = this.pending.get(transactionId);
    if (entry === undefined) {
      throw new ApiError(
        'NOT_FOUND',
        `no prepared transaction ${transactionId}: unknown, finished, or older than ${this.limits.maxAgeMs / 1000}s`,
      );
    }
    if (entry.stage.step !== step) {
      throw new ApiError(
        'BAD_REQUEST',
        `transaction ${transactionId} is ${entry.stage.step}, not ${step}: ${NEXT_STEP[entry.stage.step]}`,
      );
    }
    return entry;
  }

  /** A signature that does not verify leaves the transaction where it was, so the right one can follow. */
  private verify(entry: Pending, digest: Uint8Array, signature: Uint8Array, transactionId: string): void {
    let valid = false;
    try {
      // Fabric accepts only low-S ECDSA signatures, DER encoded, over the SHA-256 digest.
      valid = p256.verify(signature, digest, entry.publicKey, { prehash: false, lowS: true, format: 'der' });
    } catch {
      valid = false;
    }
    if (!valid) {
      throw new ApiError(
        'UNAUTHENTICATED',
        `the signature for ${transactionId} does not verify against the certificate's key: sign the digest ` +
          'given (SHA-256, ECDSA P-256, DER, low S) with the private key of that certificate',
        { field: '/signature' },
      );
    }
  }

  private forget(transactionId: string): void {
    this.pending.get(transactionId)?.gateway.close();
    this.pending.delete(transactionId);
  }

  private dropExpired(): void {
    const oldest = this.now() - this.limits.maxAgeMs;
    for (const [id, entry] of this.pending) {
      if (entry.createdAt < oldest) {
        this.forget(id);
      }
    }
  }
}

const NEXT_STEP: Readonly<Record<Stage['step'], string>> = {
  proposed: 'endorse it first',
  endorsed: 'submit it',
  submitted: 'ask its commit status',
};

function committed(
  status: { blockNumber: bigint; code: number; successful: boolean; transactionId: string },
  result: Uint8Array,
): OfflineCommit {
  if (!status.successful || status.code !== peer.TxValidationCode.VALID) {
    const name = Object.entries(peer.TxValidationCode).find(([, code]) => code === status.code)?.[0];
    throw new ApiError(
      'TRANSACTION_INVALID',
      `transaction ${status.transactionId} committed as ${name ?? status.code}, not VALID; nothing it wrote counts`,
      { txId: status.transactionId },
    );
  }
  return { status: 'VALID', transactionId: status.transactionId, blockNumber: status.blockNumber, result };
}

/** The uncompressed EC point of a P-256 public key (the last 65 bytes of its SPKI DER). */
function rawPublicKey(key: KeyObject): Uint8Array {
  return key.export({ format: 'der', type: 'spki' }).subarray(-65);
}
