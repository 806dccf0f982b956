import type { Contract } from 'fabric-contract-api';
import { ChaincodeError, fail } from '../domain/errors';

// fabric-contract-api loads reflect-metadata, which adds getMetadata to the global Reflect.
const reflect = Reflect as unknown as { getMetadata(key: string, target: object): unknown };

/** The part of ChaincodeStub the guard reads. */
export interface InvokedFunction {
  getFunctionAndParameters(): { fcn: string; params: string[] };
}

/**
 * Gives wrong-arity and unknown-function calls a coded message. fabric-shim 2.5.8 checks the argument count
 * (`DataMarshall.handleParameters`) before `beforeTransaction` runs and answers with its own uncoded text
 * (`lib/contract-spi/chaincodefromcontract.js`, `invokeFunctionality`); the only contract code it runs
 * earlier is `createContext` and the context's `setChaincodeStub`, so the check runs there, against the
 * same decorator metadata the shim counts with.
 */
export class InvocationGuard {
  private readonly parameterCounts: ReadonlyMap<string, number>;
  private readonly contractName: string;

  constructor(contract: Contract) {
    this.contractName = contract.getName();
    const transactions = (reflect.getMetadata(
      'fabric:transactions',
      Object.getPrototypeOf(contract) as object,
    ) ?? []) as { name: string; parameters?: unknown[] }[];
    this.parameterCounts = new Map(transactions.map((t) => [t.name, t.parameters?.length ?? 0]));
  }

  /** VALIDATION_FAILED when a declared transaction gets the wrong number of arguments. */
  checkArity(invoked: InvokedFunction): void {
    const { fcn, params } = invoked.getFunctionAndParameters();
    const name = transactionName(fcn);
    const expected = this.parameterCounts.get(name);
    if (expected !== undefined && expected !== params.length) {
      fail(
        'VALIDATION_FAILED',
        `${this.contractName}:${name} takes ${expected} argument${expected === 1 ? '' : 's'}, got ${params.length}`,
      );
    }
  }

  /** NOT_FOUND for a function the contract does not declare; unknownTransaction throws it. */
  unknownTransactionError(invoked: InvokedFunction): ChaincodeError {
    const name = transactionName(invoked.getFunctionAndParameters().fcn);
    return new ChaincodeError(
      'NOT_FOUND',
      `contract ${this.contractName} has no transaction ${name}; see org.hyperledger.fabric:GetMetadata`,
    );
  }
}

// The shim's own split (`_splitFunctionName`): the function is what follows the first colon, or the whole name.
function transactionName(fcn: string): string {
  const colon = fcn.indexOf(':');
  return colon === -1 ? fcn : fcn.slice(colon + 1);
}
