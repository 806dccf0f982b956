import type { KeyObject } from 'node:crypto';
import {
  CONFIDENTIAL_TRANSACTIONS,
  confidentialExchange,
  newReaderKeyPair,
  openAuthorizedRecords,
  type ReadAuthorizedRecordsResponse,
} from '@sme-credit-ledger/contract';

/** What Caliper's Fabric peer-gateway connector takes for one transaction. */
interface SutRequest {
  contractId: string;
  contractFunction: string;
  contractArguments: string[];
  transientMap?: Record<string, string>;
  invokerIdentity: string;
  invokerMspId: string;
  readOnly: boolean;
}

interface TxStatus {
  GetStatus(): string;
  GetResult(): Uint8Array | string | undefined;
}

export interface SutAdapter {
  sendRequests(request: SutRequest): Promise<TxStatus>;
}

type ReaderKeyPair = { publicKey: string; privateKey: KeyObject };

export interface Invoker {
  identity: string;
  mspId: string;
}

/**
 * One chaincode call as the project's clients make it: a confidential transaction's request in transient
 * data with a one-time reader key, its sealed answer opened; the others as a JSON argument. Resolves to the
 * answer, or undefined when Caliper recorded a failure (Caliper counts it).
 */
export async function call<T>(
  sut: SutAdapter,
  chaincode: string,
  invoker: Invoker,
  name: string,
  request: object,
  options: { readOnly?: boolean; transient?: Record<string, string>; reader?: ReaderKeyPair } = {},
): Promise<T | undefined> {
  const exchange = CONFIDENTIAL_TRANSACTIONS.includes(name)
    ? confidentialExchange(name, JSON.stringify(request), options.transient ?? {}, options.reader)
    : undefined;
  const status = await sut.sendRequests({
    contractId: chaincode,
    contractFunction: name,
    contractArguments: [exchange?.argument ?? JSON.stringify(request)],
    transientMap: exchange?.transient ?? options.transient ?? {},
    invokerIdentity: invoker.identity,
    invokerMspId: invoker.mspId,
    readOnly: options.readOnly ?? false,
  });
  const result = status.GetResult();
  if (status.GetStatus() !== 'success' || result === undefined) return undefined;
  const text = typeof result === 'string' ? result : Buffer.from(result).toString('utf8');
  return JSON.parse(exchange === undefined ? text : exchange.open(text)) as T;
}

/** ReadAuthorizedRecords opened with a one-time key (as a bank's client reads); the number of records read. */
export async function readAuthorized(
  sut: SutAdapter,
  chaincode: string,
  invoker: Invoker,
  accessId: string,
): Promise<number | undefined> {
  const reader = newReaderKeyPair();
  const sealed = await call<ReadAuthorizedRecordsResponse>(
    sut,
    chaincode,
    invoker,
    'access:ReadAuthorizedRecords',
    { accessId },
    { readOnly: true, reader },
  );
  return sealed === undefined ? undefined : openAuthorizedRecords(sealed, reader.privateKey).records.length;
}
