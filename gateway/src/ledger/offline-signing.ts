/**
 * The port for client-side (offline) signing: the service builds each message a transaction needs and the
 * caller signs its digest with its own key, which the service never holds. `gateway/src/fabric/` implements
 * it with fabric-gateway's offline signing flow. Every method throws `ApiError`: FORBIDDEN for a certificate
 * of another organization, UNAUTHENTICATED for a signature that does not verify against the certificate,
 * NOT_FOUND for an unknown, finished or expired proposal, RATE_LIMITED when the prepared proposals are at
 * their bound, BAD_REQUEST for a read-only transaction or a step out of order, and the ledger's codes.
 */
export interface OfflineSigning {
  /** Builds an unsigned proposal for the certificate's identity; sign `digest` (SHA-256 of the proposal). */
  prepare(request: OfflineProposalRequest): Promise<PreparedProposal>;
  /** Endorses the proposal signed by the caller; sign `digest` of the transaction that comes back. */
  endorse(transactionId: string, signature: Uint8Array): Promise<EndorsedTransaction>;
  /**
   * Sends the signed transaction to the orderer and waits for its commit on the record-holding peer; when
   * that takes too long, answers `pending` with the digest of a commit-status request to sign.
   */
  submit(transactionId: string, signature: Uint8Array): Promise<OfflineCommit>;
  /** Asks the peer for the commit status with a request the caller signed. */
  commitStatus(transactionId: string, signature: Uint8Array): Promise<OfflineCommit>;
}

export interface OfflineProposalRequest {
  /** PEM X.509 certificate of the caller, issued by the service organization's CA. */
  certificate: string;
  /** `contract:Transaction`; submit transactions only. */
  transaction: string;
  args: string[];
  transient?: Record<string, string>;
}

export interface PreparedProposal {
  transactionId: string;
  digest: Uint8Array;
  expiresAt: Date;
}

export interface EndorsedTransaction {
  transactionId: string;
  digest: Uint8Array;
  /** The chaincode's answer, as endorsed; it counts only once the transaction commits VALID. */
  result: Uint8Array;
}

export type OfflineCommit =
  | { status: 'VALID'; transactionId: string; blockNumber: bigint; result: Uint8Array }
  | { status: 'PENDING'; transactionId: string; commitDigest: Uint8Array };
