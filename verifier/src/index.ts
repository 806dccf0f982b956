// The auditor's independent ledger verifier: library and `verify-ledger` command. The HTTP route that runs it
// is the gateway's (gateway/src/routes/verifier-routes.ts).
// The block decoder, for readers of blocks that verify nothing (the gateway's block explorer).
export {
  decodeBlock,
  decodeIdentity,
  decodeTransaction,
  HEADER_TYPE,
  type DecodedBlock,
  type DecodedTransaction,
} from './block-decoder';
export { MemoryBlockSource, type BlockSource } from './block-source';
export type { FabricBlockSource } from './block-source-fabric';
export { readCheckpoint, writeCheckpoint, type VerifierCheckpoint } from './checkpoint';
export { runVerifyLedgerCli, VERIFY_LEDGER_USAGE } from './cli';
export { VERIFIER_EXIT, type VerifierExitCode } from './exit-codes';
export {
  DEFAULT_PEER_ORG,
  openPeerBlockSource,
  verifyNetworkLedger,
  type NetworkVerificationOptions,
} from './network-verification';
export {
  FAILURE_CODES,
  formatReport,
  type FailureCode,
  type VerificationFailure,
  type VerificationReport,
} from './report';
export { verifyLedger, type VerifyLedgerOptions, type VerifyLedgerResult } from './verify-ledger';
