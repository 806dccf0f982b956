// The auditor's independent ledger verifier: library, CLI command and HTTP route.
export { MemoryBlockSource, type BlockSource } from './block-source';
export { readCheckpoint, writeCheckpoint, type VerifierCheckpoint } from './checkpoint';
export { runVerifyLedgerCli, VERIFY_LEDGER_USAGE } from './cli';
export { verifyNetworkLedger, type NetworkVerificationOptions } from './network-verification';
export {
  FAILURE_CODES,
  formatReport,
  type FailureCode,
  type VerificationFailure,
  type VerificationReport,
} from './report';
export { verifierRoutes, type VerifierRoutesOptions } from './verifier-routes';
export { verifyLedger, type VerifyLedgerOptions, type VerifyLedgerResult } from './verify-ledger';
