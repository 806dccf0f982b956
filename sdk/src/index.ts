// @sme-credit-ledger/client: the typed HTTP client of the gateway service. See README.md.
export {
  allPages,
  createLedgerClient,
  ok,
  type LedgerClient,
  type LedgerClientOptions,
  type Page,
} from './client';
export type { components, operations, paths } from './generated/gateway-api';
export { LedgerApiError, LedgerUnreachableError, problemOf, type ProblemDetails } from './problem';
