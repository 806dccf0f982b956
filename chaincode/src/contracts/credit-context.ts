import { Context, Contract } from 'fabric-contract-api';
import { FabricLedger } from '../ledger/fabric-ledger';
import type { LedgerPort } from '../ledger/ledger-port';
import { InvocationGuard } from './invocation-guard';

/**
 * Fabric context with the LedgerPort the transactions use; tests build one over an in-memory ledger.
 * When made by a contract, it refuses a call with the wrong argument count as the stub arrives.
 */
export class CreditContext extends Context {
  private port: LedgerPort | undefined;

  constructor(private readonly guard?: InvocationGuard) {
    super();
  }

  static forLedger(ledger: LedgerPort): CreditContext {
    const ctx = new CreditContext();
    ctx.port = ledger;
    return ctx;
  }

  /** Called by the shim before it counts the arguments itself (see InvocationGuard). */
  setChaincodeStub(stub: Context['stub']): void {
    this.guard?.checkArity(stub);
    this.stub = stub;
  }

  get ledger(): LedgerPort {
    this.port ??= new FabricLedger(this.stub, this.clientIdentity);
    return this.port;
  }
}

// Per contract instance. fabric-contract-api's @Transaction decorator also calls createContext on the
// prototype (to learn the context type), and the shim serializes contract instances, so the guard lives
// neither in an instance field nor in a private one.
const guards = new WeakMap<Contract, InvocationGuard>();

/** Base of every contract here: a CreditContext, and coded refusals of wrong arity and unknown functions. */
export abstract class CreditContract extends Contract {
  constructor(name: string) {
    super(name);
    guards.set(this, new InvocationGuard(this));
  }

  override createContext(): CreditContext {
    return new CreditContext(guards.get(this));
  }

  override unknownTransaction(ctx: Context): Promise<void> {
    const guard = guards.get(this) ?? new InvocationGuard(this);
    return Promise.reject(guard.unknownTransactionError(ctx.stub));
  }
}
