import Long from 'long';
import { contracts } from '../index';

/** What the shim's dispatcher answers: Fabric's ChaincodeResponse (status 200 or 500). */
export interface ShimResponse {
  status: number;
  message: string;
  payload: Buffer;
}

interface ChaincodeFromContract {
  Invoke(stub: unknown): Promise<ShimResponse>;
}

// The dispatcher fabric-chaincode-node's `server` command builds from index.ts (lib/contract-spi/bootstrap.js);
// it has no typings. It appends its system contract to the list it is given, hence the copy.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ChaincodeFromContractClass = require('fabric-shim/lib/contract-spi/chaincodefromcontract.js') as new (
  contractClasses: unknown[],
  serializers: unknown,
  metadata: object,
  title: string,
  version: string,
) => ChaincodeFromContract;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { JSONSerializer } = require('fabric-contract-api') as { JSONSerializer: unknown };

/**
 * The real shim dispatch (argument counting, hooks, system contract, serializer) over a stub that keeps
 * world state in a map: for the parts of the contract API no in-memory ledger reaches.
 */
export class ShimDispatch {
  readonly state = new Map<string, Buffer>();
  private readonly chaincode = new ChaincodeFromContractClass(
    [...contracts],
    { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } },
    {},
    '@sme-credit-ledger/chaincode',
    '0.1.0',
  );
  private txCounter = 0;

  /** `firstTxSeconds`: the proposal time of the first transaction, in seconds since the epoch. */
  constructor(private readonly firstTxSeconds = 1_796_000_000) {}

  invoke(certificate: string, mspId: string, args: string[]): Promise<ShimResponse> {
    this.txCounter += 1;
    const txId = `tx${String(this.txCounter).padStart(4, '0')}`;
    const txSeconds = this.firstTxSeconds + this.txCounter;
    const state = this.state;
    const [fcn = '', ...params] = args;
    const stub = {
      getBufferArgs: () => args.map((arg) => Buffer.from(arg)),
      getFunctionAndParameters: () => ({ fcn, params }),
      getTxID: () => txId,
      getChannelID: () => 'credit',
      getCreator: () => ({ mspid: mspId, idBytes: Buffer.from(certificate) }),
      getTransient: () => new Map<string, Uint8Array>(),
      // As fabric-shim 2.5.8 lib/stub.js: seconds as an unsigned Long, the Date from the same timestamp.
      getTxTimestamp: () => ({ seconds: Long.fromNumber(txSeconds, true), nanos: 0 }),
      getDateTimestamp: () => new Date(txSeconds * 1000),
      createCompositeKey: (prefix: string, attributes: string[]) =>
        `\u0000${[prefix, ...attributes].join('\u0000')}\u0000`,
      getState: (key: string) => Promise.resolve(state.get(key) ?? Buffer.alloc(0)),
      putState: (key: string, value: Uint8Array) => {
        state.set(key, Buffer.from(value));
        return Promise.resolve();
      },
    };
    return this.chaincode.Invoke(stub);
  }
}
