import type { KeyObject } from 'node:crypto';
import type { ChannelQuery } from './channel-query';
/**
 * The port between the gateway's services and Fabric. Services call transactions by their `contract:Name`
 * invocation name (from `@sme-credit-ledger/contract`) as a given identity; only `gateway/src/fabric/`
 * implements this with fabric-gateway. Every method throws `ApiError` (from `errors/problem.ts`): chaincode
 * refusals carry the chaincode's code (NOT_AUTHORIZED, CONSENT_REVOKED, …), transport failures
 * LEDGER_UNAVAILABLE / LEDGER_TIMEOUT / LEDGER_ERROR, and a commit that is not VALID TRANSACTION_INVALID.
 */
export interface LedgerClient {
  /** Endorse, order and wait for a VALID commit; retries by cause (see fabric/submit-with-retry.ts). */
  submit(call: LedgerCall): Promise<SubmitResult>;
  /** Read-only query; never ordered, so it may return private data. */
  evaluate(call: LedgerCall): Promise<Uint8Array>;
  /** Block that holds the transaction (for ledger proofs); from the channel's query system chaincode. */
  blockNumberOf(identity: string, txId: string): Promise<bigint>;
  /**
   * One read of the channel's query system chaincode (block explorer, network health): the peer's protobuf
   * answer, or undefined when the peer holds no such block or transaction.
   */
  queryChannel(query: ChannelQuery): Promise<Uint8Array | undefined>;
  /** Chaincode events from `position` onward (exclusive of the transaction it names), as `identity`. */
  followEvents(identity: string, from: EventStart): Promise<LedgerEventStream>;
  /** Connection state of every peer the service talks to. */
  checkReady(): Promise<ReadinessReport>;
  close(): void;
}

export interface LedgerCall {
  /** Identity key `<org>/<name>` from the gateway profile. */
  identity: string;
  /** `contract:Transaction`. */
  transaction: string;
  args?: string[];
  /** Private inputs; reach the endorsing peer only, never a block. */
  transient?: Record<string, string>;
  /** Send to the organizations holding the private collection (raw records). */
  onRecordHolders?: boolean;
  /**
   * The one-time key a confidential transaction's answer is sealed to, when the caller also opens an inner
   * box with it (raw records); otherwise the Fabric client makes one per call.
   */
  readerKey?: { publicKey: string; privateKey: KeyObject };
}

export interface SubmitResult {
  result: Uint8Array;
  txId: string;
  blockNumber: bigint;
}

/** A position in the event stream: the block to start in and the last transaction already delivered there. */
export interface EventPosition {
  blockNumber: bigint;
  txId?: string;
}

export type EventStart =
  /** Resume from a durable checkpoint file, else from `fallback`. */
  | { checkpointFile: string; fallback?: EventPosition }
  /** Resume exactly after a position the consumer reported (SSE Last-Event-ID). */
  | { after: EventPosition; checkpointFile?: string }
  /** Start at a block (or the next block when omitted). */
  | { startBlock?: bigint; checkpointFile?: string };

export interface LedgerEvent {
  blockNumber: bigint;
  txId: string;
  name: string;
  payload: Uint8Array;
}

export interface LedgerEventStream extends AsyncIterable<LedgerEvent> {
  /** Record that `event` was delivered, so a resume starts after it (file checkpoint when one was given). */
  acknowledge(event: LedgerEvent): Promise<void>;
  close(): void;
}

export interface ReadinessReport {
  ready: boolean;
  peers: { org: string; endpoint: string; state: string }[];
}
