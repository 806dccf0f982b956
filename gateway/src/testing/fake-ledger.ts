import type { JsonTransactionName, RequestOf, ResponseOf } from '@sme-credit-ledger/contract';
import { common } from '@hyperledger/fabric-protos';
import { decodeBlock, decodeTransaction } from '@sme-credit-ledger/verifier';
import { ApiError } from '../errors/problem';
import type { IdentityProfile } from '../identity/profile';
import type { ChannelQuery } from '../ledger/channel-query';
import type {
  EventStart,
  LedgerCall,
  LedgerClient,
  LedgerEvent,
  LedgerEventStream,
  ReadinessReport,
  SubmitResult,
} from '../ledger/ledger-client';

/** A response with any field left out, at any depth. */
export type Sketch<T> = T extends readonly (infer E)[]
  ? Sketch<E>[]
  : T extends object
    ? { [K in keyof T]?: Sketch<T[K]> }
    : T;

type Answer<T> = Sketch<T>;

export type FakeHandler = (request: Record<string, unknown>, call: LedgerCall) => unknown;

/** In-memory LedgerClient for route tests: answers per transaction name and records every call. */
export class FakeLedger implements LedgerClient {
  readonly calls: (LedgerCall & { kind: 'submit' | 'evaluate' })[] = [];
  readonly followed: { identity: string; from: EventStart; acknowledged: LedgerEvent[] }[] = [];
  events: LedgerEvent[] = [];
  /** Streams stay open after the events, like a live follower, until closed. */
  holdStreamsOpen = false;
  ready = true;
  /** Blocks as peers hold them (`common.Block` bytes) by number; the chain's height is the highest plus one. */
  readonly blocks = new Map<bigint, Uint8Array>();
  /** Organizations whose peer does not answer channel queries (LEDGER_UNAVAILABLE, as a peer that is down). */
  readonly downPeers = new Set<string>();
  readonly channelQueries: ChannelQuery[] = [];
  private block = 10n;

  constructor(private readonly handlers: Record<string, FakeHandler> = {}) {}

  /**
   * Answers `transaction` with the contract's request and response types. A test's answer may leave fields
   * out, never change the response's shape (a bare list where the chaincode answers `{ items }`).
   */
  on<N extends JsonTransactionName>(
    transaction: N,
    handler: (request: RequestOf<N>, call: LedgerCall) => NoInfer<Answer<ResponseOf<N>>>,
  ): this {
    this.handlers[transaction] = handler as FakeHandler;
    return this;
  }

  submit(call: LedgerCall): Promise<SubmitResult> {
    this.calls.push({ ...call, kind: 'submit' });
    return this.answer(call).then((result) => ({
      result,
      txId: `tx${this.calls.length}`,
      blockNumber: ++this.block,
    }));
  }

  evaluate(call: LedgerCall): Promise<Uint8Array> {
    this.calls.push({ ...call, kind: 'evaluate' });
    return this.answer(call);
  }

  blockNumberOf(_identity: string, txId: string): Promise<bigint> {
    return Promise.resolve(BigInt(txId.length));
  }

  /** As qscc: a block number or transaction id the peer's index lacks is refused (undefined here). */
  queryChannel(query: ChannelQuery): Promise<Uint8Array | undefined> {
    this.channelQueries.push(query);
    if (query.peerOrg !== undefined && this.downPeers.has(query.peerOrg)) {
      return Promise.reject(new ApiError('LEDGER_UNAVAILABLE', 'the peer is not reachable'));
    }
    switch (query.function) {
      case 'GetChainInfo': {
        const info = new common.BlockchainInfo();
        info.setHeight(Math.max(-1, ...[...this.blocks.keys()].map(Number)) + 1);
        return Promise.resolve(info.serializeBinary());
      }
      case 'GetBlockByNumber':
        return Promise.resolve(this.blocks.get(query.blockNumber));
      case 'GetBlockByTxID':
        return Promise.resolve(
          [...this.blocks.values()].find((bytes) =>
            decodeBlock(bytes).envelopes.some(
              (envelope, index) => decodeTransaction(envelope, index).txId === query.txId,
            ),
          ),
        );
    }
  }

  followEvents(identity: string, from: EventStart): Promise<LedgerEventStream> {
    const entry = { identity, from, acknowledged: [] as LedgerEvent[] };
    this.followed.push(entry);
    const events = this.events;
    let closed = (): void => undefined;
    const whenClosed = this.holdStreamsOpen
      ? new Promise<void>((resolve) => (closed = resolve))
      : Promise.resolve();
    return Promise.resolve({
      async *[Symbol.asyncIterator]() {
        await Promise.resolve();
        yield* events;
        await whenClosed;
      },
      acknowledge: (event) => {
        entry.acknowledged.push(event);
        return Promise.resolve();
      },
      close: () => closed(),
    });
  }

  checkReady(): Promise<ReadinessReport> {
    return Promise.resolve({
      ready: this.ready,
      peers: [{ org: 'gov', endpoint: '127.0.0.1:7051', state: this.ready ? 'READY' : 'TRANSIENT_FAILURE' }],
    });
  }

  close(): void {}

  lastCall(transaction: string): (LedgerCall & { kind: string }) | undefined {
    return [...this.calls].reverse().find((call) => call.transaction === transaction);
  }

  private async answer(call: LedgerCall): Promise<Uint8Array> {
    const handler = this.handlers[call.transaction];
    if (handler === undefined) {
      throw new Error(`fake ledger has no handler for ${call.transaction}`);
    }
    const request = call.args?.[0] === undefined ? {} : (JSON.parse(call.args[0]) as Record<string, unknown>);
    const response = await handler(request, call);
    return Buffer.from(JSON.stringify(response));
  }
}

/** Seed identities as the network profile lists them (paths unused by the fake ledger). */
export function testIdentities(): Map<string, IdentityProfile> {
  const make = (
    org: string,
    mspId: string,
    name: string,
    attrs: Partial<IdentityProfile>,
  ): IdentityProfile => ({
    key: `${org}/${name}`,
    org,
    mspId,
    name,
    role: 'department',
    certPath: '/nonexistent/cert.pem',
    keyPath: '/nonexistent/key.pem',
    ...attrs,
  });
  const list = [
    make('gov', 'GovMSP', 'tax-officer', { role: 'department', dept: 'TAX' }),
    make('gov', 'GovMSP', 'shenghua', { role: 'company', uscc: '91441300MA4UQ7R20Q' }),
    make('bank1', 'Bank1MSP', 'officer', { role: 'bank' }),
    make('bank2', 'Bank2MSP', 'officer', { role: 'bank' }),
    make('auditor', 'AuditorMSP', 'auditor', { role: 'auditor' }),
  ];
  return new Map(list.map((identity) => [identity.key, identity]));
}
