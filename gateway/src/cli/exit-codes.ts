import { VERIFIER_EXIT } from '@sme-credit-ledger/verifier';

/**
 * Exit codes of `node gateway/dist/cli/main.js`, stable for scripts: the verifier's own (`audit verify-ledger`
 * runs it) and the service calls' beside them.
 *
 * | code | meaning |
 * |------|---------|
 * | 0 | success |
 * | 1 | unexpected error (bug, I/O) |
 * | 2 | usage: unknown command or bad option |
 * | 3 | refused: not authenticated (401) or not allowed / consent refused (403) |
 * | 4 | not found (404) |
 * | 5 | verification failed: a record does not hash to its on-chain proof, or the ledger did not verify |
 * | 6 | bulk attest finished with some records failed (see the summary for line numbers) |
 * | 7 | service, ledger or peer unavailable (connection refused, 5xx) |
 * | 8 | request rejected as invalid or conflicting (400, 409) |
 */
export const EXIT = {
  ...VERIFIER_EXIT,
  refused: 3,
  notFound: 4,
  partialFailure: 6,
  invalid: 8,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) {
    return EXIT.refused;
  }
  if (status === 404) {
    return EXIT.notFound;
  }
  // 429: the service asks to come back later, like a busy ledger.
  if (status >= 500 || status === 429) {
    return EXIT.unavailable;
  }
  return EXIT.invalid;
}
