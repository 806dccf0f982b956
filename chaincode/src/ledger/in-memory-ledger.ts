import type { PageOptions } from '../domain/input';
import type { CallerIdentity } from '../domain/roles';
import type { KeyValue, KeyValuePage, LedgerPort, StateWrite } from './ledger-port';

const SEPARATOR = '\u0000';

export interface TxOptions {
  identity: CallerIdentity;
  /** ISO 8601 transaction time. */
  time: string;
  clientId?: string;
  txId?: string;
  transient?: Record<string, string>;
}

export interface RecordedEvent {
  txId: string;
  name: string;
  payload: string;
}

/** The committed state of an in-memory channel; each transaction gets its own InMemoryLedger. */
export class InMemoryWorld {
  readonly state = new Map<string, string>();
  readonly privateData = new Map<string, Map<string, string>>();
  readonly purgedKeys: string[] = [];
  readonly events: RecordedEvent[] = [];
  private txCount = 0;

  begin(options: TxOptions): InMemoryLedger {
    this.txCount += 1;
    return new InMemoryLedger(this, options, options.txId ?? `tx${String(this.txCount).padStart(6, '0')}`);
  }

  collection(name: string): Map<string, string> {
    let collection = this.privateData.get(name);
    if (collection === undefined) {
      collection = new Map();
      this.privateData.set(name, collection);
    }
    return collection;
  }
}

type Write =
  | { kind: 'put'; key: string; value: string }
  | { kind: 'delete'; key: string }
  | { kind: 'putPrivate'; collection: string; key: string; value: string }
  | { kind: 'purgePrivate'; collection: string; key: string };

/**
 * LedgerPort for tests with Fabric's semantics: reads see committed state only, writes are buffered until
 * `commit()`, paginated queries and writes cannot share a transaction, and only the last event survives.
 */
export class InMemoryLedger implements LedgerPort {
  readonly txTime: string;
  readonly identity: CallerIdentity;
  readonly clientId: string;
  readonly writes: Write[] = [];
  /** Keys this transaction read with `get`, in order, so tests can count state calls. */
  readonly reads: string[] = [];
  event: { name: string; payload: string } | undefined;
  private paginatedQuery = false;

  constructor(
    private readonly world: InMemoryWorld,
    private readonly options: TxOptions,
    readonly txId: string,
  ) {
    this.txTime = options.time;
    this.identity = options.identity;
    this.clientId =
      options.clientId ?? `x509::CN=${options.identity.role ?? 'anonymous'}::${options.identity.mspId}`;
  }

  transient(name: string): string | undefined {
    return this.options.transient?.[name];
  }

  compositeKey(prefix: string, attributes: string[]): string {
    return `${SEPARATOR}${prefix}${SEPARATOR}${attributes.map((attribute) => `${attribute}${SEPARATOR}`).join('')}`;
  }

  get(key: string): Promise<string | undefined> {
    this.reads.push(key);
    return Promise.resolve(this.world.state.get(key));
  }

  getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    return Promise.all(keys.map((key) => this.get(key)));
  }

  async putMany(writes: readonly StateWrite[]): Promise<void> {
    for (const write of writes) {
      await (write.collection === undefined
        ? this.put(write.key, write.value)
        : this.putPrivate(write.collection, write.key, write.value));
    }
  }

  put(key: string, value: string): Promise<void> {
    return settle(() => {
      if (value.length === 0) {
        throw new Error('VALIDATION_FAILED: refusing to write an empty value (Fabric would delete the key)');
      }
      this.beforeWrite();
      this.writes.push({ kind: 'put', key, value });
    });
  }

  delete(key: string): Promise<void> {
    return settle(() => {
      this.beforeWrite();
      this.writes.push({ kind: 'delete', key });
    });
  }

  listAll(prefix: string, attributes: string[], max: number): Promise<KeyValue[]> {
    return settle(() => {
      const items = this.sortedFrom(this.compositeKey(prefix, attributes), '');
      if (items.length > max) {
        throw new Error(`LIMIT_EXCEEDED: more than ${max} ${prefix} entries; narrow the request`);
      }
      return items;
    });
  }

  listPage(prefix: string, attributes: string[], page: PageOptions): Promise<KeyValuePage> {
    return settle(() => {
      this.beforePaginatedQuery();
      return this.page(this.sortedFrom(this.compositeKey(prefix, attributes), page.bookmark), page);
    });
  }

  listRangePage(startKey: string, endKey: string, page: PageOptions): Promise<KeyValuePage> {
    return settle(() => {
      this.beforePaginatedQuery();
      const from = page.bookmark > startKey ? page.bookmark : startKey;
      const items = [...this.world.state.entries()]
        .filter(([key]) => !key.startsWith(SEPARATOR) && key >= from && key < endKey)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, value]) => ({ key, value }));
      return this.page(items, page);
    });
  }

  getPrivate(collection: string, key: string): Promise<string | undefined> {
    return Promise.resolve(this.world.privateData.get(collection)?.get(key));
  }

  putPrivate(collection: string, key: string, value: string): Promise<void> {
    return settle(() => {
      this.beforeWrite();
      this.writes.push({ kind: 'putPrivate', collection, key, value });
    });
  }

  purgePrivate(collection: string, key: string): Promise<void> {
    return settle(() => {
      this.beforeWrite();
      this.writes.push({ kind: 'purgePrivate', collection, key });
    });
  }

  setEvent(name: string, payload: string): void {
    this.event = { name, payload };
  }

  /** Applies the buffered writes and the event, as a valid Fabric transaction would. */
  commit(): void {
    for (const write of this.writes) {
      switch (write.kind) {
        case 'put':
          this.world.state.set(write.key, write.value);
          break;
        case 'delete':
          this.world.state.delete(write.key);
          break;
        case 'putPrivate':
          this.world.collection(write.collection).set(write.key, write.value);
          break;
        case 'purgePrivate':
          this.world.collection(write.collection).delete(write.key);
          this.world.purgedKeys.push(write.key);
          break;
      }
    }
    if (this.event !== undefined) {
      this.world.events.push({ txId: this.txId, ...this.event });
    }
  }

  private sortedFrom(partialKey: string, bookmark: string): KeyValue[] {
    return [...this.world.state.entries()]
      .filter(([key]) => key.startsWith(partialKey) && key >= bookmark)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, value]) => ({ key, value }));
  }

  private page(items: KeyValue[], page: PageOptions): KeyValuePage {
    const next = items[page.pageSize];
    return { items: items.slice(0, page.pageSize), bookmark: next === undefined ? '' : next.key };
  }

  // Fabric's transaction simulator refuses paginated queries in a transaction that writes, either order.
  private beforeWrite(): void {
    if (this.paginatedQuery) {
      throw new Error('paginated queries are only allowed in read-only transactions');
    }
  }

  private beforePaginatedQuery(): void {
    this.paginatedQuery = true;
    if (this.writes.length > 0) {
      throw new Error('paginated queries are only allowed in read-only transactions');
    }
  }
}

/** Runs `work` and reports a throw as a rejected promise, as the async Fabric stub would. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
