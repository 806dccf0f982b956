import { FakeNetwork, seededNetwork } from '@sme-credit-ledger/chaincode/testing';
import { EVALUATE_TRANSACTIONS, parseErrorCode, parseErrorDetail } from '@sme-credit-ledger/contract';
import { ApiError } from '../errors/problem';
import type { LedgerCall, SubmitResult } from '../ledger/ledger-client';
import { FakeLedger, testIdentities } from './fake-ledger';

/**
 * A LedgerClient that runs the REAL contracts of the chaincode on its in-memory ledger (FakeNetwork: Fabric's
 * commit semantics, private collections, the confidential exchange), so a service or route test exercises
 * the chaincode's own rules instead of a hand-written answer. Refusals come back as the Fabric client gives
 * them: an ApiError with the chaincode's code and detail (fabric/fabric-errors.ts reads the same message).
 * Events, block numbers and readiness are FakeLedger's.
 */
export class ContractLedger extends FakeLedger {
  private readonly identities = testIdentities();
  private tx = 0;

  constructor(readonly network: FakeNetwork) {
    super();
  }

  /** The catalog loaded and the three test companies registered, as the chaincode's own tests start. */
  static async seeded(): Promise<ContractLedger> {
    return new ContractLedger(await seededNetwork());
  }

  override async submit(call: LedgerCall): Promise<SubmitResult> {
    this.calls.push({ ...call, kind: 'submit' });
    const text = await this.run(call);
    this.tx += 1;
    return {
      result: Buffer.from(text),
      txId: this.network.lastLedger?.txId ?? `tx${this.tx}`,
      blockNumber: BigInt(this.tx),
    };
  }

  override async evaluate(call: LedgerCall): Promise<Uint8Array> {
    this.calls.push({ ...call, kind: 'evaluate' });
    return Buffer.from(await this.run(call));
  }

  private async run(call: LedgerCall): Promise<string> {
    const profile = this.identities.get(call.identity);
    if (profile === undefined) throw new Error(`no test identity ${call.identity}`);
    const identity = {
      mspId: profile.mspId,
      role: profile.role,
      dept: profile.dept ?? null,
      uscc: profile.uscc ?? null,
    };
    if (call.readerKey !== undefined) this.network.adoptReaderKey(call.readerKey);
    const transient = {
      ...call.transient,
      ...(call.readerKey === undefined ? {} : { readerKey: call.readerKey.publicKey }),
    };
    const request: unknown = JSON.parse(call.args?.[0] ?? '{}');
    try {
      return EVALUATE_TRANSACTIONS.includes(call.transaction)
        ? await this.network.evaluateText(identity, call.transaction, request, transient)
        : await this.network.submitText(identity, call.transaction, request, transient);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = parseErrorCode(message);
      if (code === undefined) throw error;
      throw new ApiError(code, parseErrorDetail(message), { cause: error });
    }
  }
}
