import {
  createLedgerClient,
  LedgerApiError,
  LedgerUnreachableError,
  type LedgerClient,
} from '@sme-credit-ledger/client';
import { option, type ParsedArgs } from './args';
import { CliError, EXIT, exitCodeForStatus } from './exit-codes';

/** A command's answer on stdout: text as it is, anything else as indented JSON. */
export const print = (value: unknown): void => {
  process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);
};

/** `--url`, else SME_GATEWAY_URL, else gov's service on this host. */
export const serviceUrl = (args: ParsedArgs): string =>
  option(args, 'url') ?? process.env.SME_GATEWAY_URL ?? 'http://127.0.0.1:3000';

/** The client of the caller's service with the token from SME_GATEWAY_TOKEN (never an option: ps shows argv). */
export function client(args: ParsedArgs): LedgerClient {
  const token = process.env.SME_GATEWAY_TOKEN;
  if (token === undefined || token === '') {
    throw new CliError(
      'set SME_GATEWAY_TOKEN to your bearer token; issue one with: token issue --identity <org/name>',
      EXIT.usage,
    );
  }
  return serviceClient(serviceUrl(args), token);
}

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
