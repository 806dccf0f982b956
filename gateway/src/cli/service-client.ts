import {
  createLedgerClient,
  LedgerApiError,
  LedgerUnreachableError,
  type LedgerClient,
} from '@sme-credit-ledger/client';
import { CliError, EXIT, exitCodeForStatus } from './exit-codes';

/** The typed client of the CLI user's organization service (`@sme-credit-ledger/client`). */
export function serviceClient(baseUrl: string, token: string | undefined): LedgerClient {
  return createLedgerClient({ baseUrl, ...(token === undefined ? {} : { token }) });
}

/**
 * The exit code and message of a failed service call (see exit-codes.ts): a problem answer by its status,
 * no answer as unavailable. Any other error is returned as it is.
 */
export function cliErrorOf(error: unknown): unknown {
  if (error instanceof LedgerApiError) {
    return new CliError(error.message, exitCodeForStatus(error.status));
  }
  if (error instanceof LedgerUnreachableError) {
    const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
    return new CliError(
      `cannot reach the gateway at ${error.baseUrl} (${cause}); start it with npm start`,
      EXIT.unavailable,
    );
  }
  return error;
}
