import type {
  EvaluateName,
  JsonTransactionName,
  RequestOf,
  ResponseOf,
  SubmitName,
  TransientInput,
} from '@sme-credit-ledger/contract';
import type { LedgerCall, LedgerClient } from '../ledger/ledger-client';
import { ApiError } from '../errors/problem';
import type { Caller } from './caller';

export interface Submitted<T> {
  response: T;
  txId: string;
  blockNumber: string;
}

export interface EvaluateOptions<N extends EvaluateName>
  extends Pick<LedgerCall, 'onRecordHolders' | 'readerKey'> {
  transient?: TransientInput<N>;
}

/**
 * Typed calls over the LedgerClient: `submit(caller, 'consent:GrantConsent', request)` checks the request
 * against the contract's transaction table and returns its response type. Every such transaction takes one
 * argument, the JSON of its request, and answers canonical JSON, parsed here and nowhere else.
 */
export class CreditLedger {
  constructor(readonly client: LedgerClient) {}

  async submit<N extends SubmitName & JsonTransactionName>(
    caller: Caller,
    transaction: N,
    request: RequestOf<N>,
    transient?: TransientInput<N>,
  ): Promise<Submitted<ResponseOf<N>>> {
    const committed = await this.client.submit({
      identity: caller.key,
      transaction,
      args: [JSON.stringify(request)],
      ...transientOf(transient),
    });
    return {
      response: parseResponse<N>(committed.result, transaction),
      txId: committed.txId,
      blockNumber: committed.blockNumber.toString(),
    };
  }

  async evaluate<N extends EvaluateName & JsonTransactionName>(
    caller: Caller,
    transaction: N,
    request: RequestOf<N>,
    options: EvaluateOptions<N> = {},
  ): Promise<ResponseOf<N>> {
    const { transient, ...routing } = options;
    const result = await this.client.evaluate({
      identity: caller.key,
      transaction,
      args: [JSON.stringify(request)],
      ...routing,
      ...transientOf(transient),
    });
    return parseResponse<N>(result, transaction);
  }
}

function transientOf(fields: Partial<Record<string, string>> | undefined): Pick<LedgerCall, 'transient'> {
  if (fields === undefined) return {};
  const entries = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return { transient: Object.fromEntries(entries) };
}

/** The one place a chaincode answer becomes a value: the table says its type, the chaincode wrote it. */
function parseResponse<N extends JsonTransactionName>(bytes: Uint8Array, transaction: N): ResponseOf<N> {
  const text = Buffer.from(bytes).toString('utf8');
  try {
    return JSON.parse(text === '' ? 'null' : text) as ResponseOf<N>;
  } catch (error) {
    throw new ApiError('LEDGER_ERROR', `${transaction} returned a response that is not JSON`, {
      cause: error,
    });
  }
}
