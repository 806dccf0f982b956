/**
 * Exit codes of `verify-ledger`, stable for auditors' scripts. The gateway's CLI extends this table, so a
 * number means the same in both commands.
 *
 * | code | meaning |
 * |------|---------|
 * | 0 | the ledger verified |
 * | 1 | unexpected error (bug, I/O, unreadable profile) |
 * | 2 | usage: unknown or malformed option |
 * | 5 | verification failed: the report lists each failure |
 * | 7 | the peer is unavailable: no block could be read |
 */
export const VERIFIER_EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  verificationFailed: 5,
  unavailable: 7,
} as const;

export type VerifierExitCode = (typeof VERIFIER_EXIT)[keyof typeof VERIFIER_EXIT];
