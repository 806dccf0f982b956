import type { LedgerCall, LedgerClient } from '../ledger/ledger-client';
import { ApiError } from '../errors/problem';
import type { Caller } from './caller';

export interface Submitted<T> {
  response: T;
  txId: string;
  blockNumber: string;
}

/**
 * JSON over the LedgerClient: every chaincode transaction takes one argument, the JSON of its request, and
 * answers canonical JSON. Transaction names come from `invocationName` in the chaincode api module.
 */
export class CreditLedger {
  constructor(readonly client: LedgerClient) {}

  async submit<T>(
    caller: Caller,
    transaction: string,
    request: object,
    transient?: Record<string, string>,
  ): Promise<Submitted<T>> {
    const committed = await this.client.submit({
      identity: caller.key,
      transaction,
      args: [JSON.stringify(request)],
      ...(transient === undefined ? {} : { transient }),
    });
    return {
      response: parseResponse<T>(committed.result, transaction),
      txId: committed.txId,
      blockNumber: committed.blockNumber.toString(),
    };
  }

  async evaluate<T>(
    caller: Caller,
    transaction: string,
    request?: object,
    options: Pick<LedgerCall, 'transient' | 'onRecordHolders' | 'readerKey'> = {},
  ): Promise<T> {
    const result = await this.client.evaluate({
      identity: caller.key,
      transaction,
      args: [JSON.stringify(request ?? {})],
      ...options,
    });
    return parseResponse<T>(result, transaction);
  }
}

function parseResponse<T>(bytes: Uint8Array, transaction: string): T {
  const text = Buffer.from(bytes).toString('utf8');
  try {
    return JSON.parse(text === '' ? 'null' : text) as T;
  } catch (error) {
    throw new ApiError('LEDGER_ERROR', `${transaction} returned a response that is not JSON`, {
      cause: error,
    });
  }
}
