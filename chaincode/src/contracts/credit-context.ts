import { Context, Contract } from 'fabric-contract-api';
import { FabricLedger } from '../ledger/fabric-ledger';
import type { LedgerPort } from '../ledger/ledger-port';

/** Fabric context with the LedgerPort the transactions use; tests build one over an in-memory ledger. */
export class CreditContext extends Context {
  private port: LedgerPort | undefined;

  static forLedger(ledger: LedgerPort): CreditContext {
    const ctx = new CreditContext();
    ctx.port = ledger;
    return ctx;
  }

  get ledger(): LedgerPort {
    this.port ??= new FabricLedger(this.stub, this.clientIdentity);
    return this.port;
  }
}

/** Base of the credit contracts: the transaction context is a CreditContext. */
export abstract class CreditContract extends Contract {
  override createContext(): CreditContext {
    return new CreditContext();
  }
}
