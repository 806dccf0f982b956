import { attestationHash, matchesAttestation } from '@sme-credit-ledger/contract';

/*
 * The attestation hash formula is the contract's (attestation-hash.ts); these names stay for the CLI, the
 * demo and the tests that check a read's proofs.
 */

/** The on-chain hash of an attestation: hex digest of the salt's UTF-8 bytes followed by the canonical record. */
export const recordHash = attestationHash;

/** True when `record` and `salt` hash to the on-chain `hash`. */
export const verifyRecordProof = matchesAttestation;
