import { randomBytes } from 'node:crypto';
import {
  CONFIDENTIAL_ARGUMENT,
  CONFIDENTIAL_TRANSACTIONS,
  confidentialExchange,
  invocationName,
  SealingError,
  TRANSIENT_FIELDS,
} from '@sme-credit-ledger/contract';
import { ApiError } from '../errors/problem';
import type { LedgerCall } from '../ledger/ledger-client';

/** A call as it goes to Fabric, and how to read its answer. */
export interface PreparedCall {
  call: LedgerCall;
  open(result: Uint8Array): Uint8Array;
}

/** Registrations may be the first, which turns the seed into the platform's pseudonym key. */
const REGISTRATIONS: readonly string[] = [
  invocationName('company', 'RegisterCompany'),
  invocationName('company', 'RegisterCompanies'),
];

/**
 * What a Fabric block must not hold, moved out of it (contract/src/confidential.ts): a confidential
 * transaction's request goes in transient `request` with `{}` as the argument, and its answer comes back
 * sealed to a one-time key made here (or the caller's, when it opens an inner box with it too). A company
 * registration carries 32 random bytes the chaincode makes the pseudonym key from, when none exists yet.
 */
export function prepareCall(call: LedgerCall): PreparedCall {
  if (REGISTRATIONS.includes(call.transaction)) {
    const seed = { [TRANSIENT_FIELDS.pseudonymSeed]: randomBytes(32).toString('base64url') };
    return { call: { ...call, transient: { ...seed, ...call.transient } }, open: (result) => result };
  }
  if (!CONFIDENTIAL_TRANSACTIONS.includes(call.transaction)) {
    return { call, open: (result) => result };
  }
  const exchange = confidentialExchange(
    call.transaction,
    call.args?.[0] ?? CONFIDENTIAL_ARGUMENT,
    call.transient,
    call.readerKey,
  );
  return {
    call: {
      identity: call.identity,
      transaction: call.transaction,
      ...(call.onRecordHolders === undefined ? {} : { onRecordHolders: call.onRecordHolders }),
      args: [exchange.argument],
      transient: exchange.transient,
    },
    open: (result) => {
      try {
        return Buffer.from(exchange.open(Buffer.from(result).toString('utf8')), 'utf8');
      } catch (error) {
        if (error instanceof SealingError || error instanceof SyntaxError) {
          throw new ApiError('LEDGER_ERROR', `the sealed answer of ${call.transaction} does not open`, {
            cause: error,
          });
        }
        throw error;
      }
    },
  };
}
