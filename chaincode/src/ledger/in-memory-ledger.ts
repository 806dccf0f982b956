import { collectionDefinitions, type CollectionDefinition } from '@sme-credit-ledger/contract';
import type { PageOptions } from '../domain/input';
import type { CallerIdentity } from '../domain/roles';
import { compareKeys, partialKeyRange, type KeyRange } from './key-range';
import type { KeyValue, KeyValuePage, LedgerPort, StateWrite } from './ledger-port';
import { pageWithinRange } from './page-bookmark';

const SEPARATOR = '\u0000';
/** fabric-shim 2.5.8 `lib/stub.js`: an empty start key of a range query becomes this. */
const EMPTY_KEY_SUBSTITUTE = '\u0001';

export interface TxOptions {
  identity: CallerIdentity;
  /** ISO 8601 transaction time. */
  time: string;
  clientId?: string;
  /** Subject OUs of the caller's certificate; none by default (a plain client). */
  organizationalUnits?: readonly string[];
  txId?: string;
  transient?: Record<string, string>;
}

export interface RecordedEvent {
  txId: string;
  name: string;
  payload: string;
}

/** The organizations of network/topology.json, for the collections an in-memory channel defines. */
export const TEST_ORGS = [
  { mspId: 'GovMSP', role: 'gov' },
  { mspId: 'Bank1MSP', role: 'bank' },
  { mspId: 'Bank2MSP', role: 'bank' },
  { mspId: 'AuditorMSP', role: 'auditor' },
] as const;

/** The committed state of an in-memory channel; each transaction gets its own InMemoryLedger. */
export class InMemoryWorld {
  readonly collections: ReadonlyMap<string, CollectionDefinition>;
  readonly state = new Map<string, string>();
  readonly privateData = new Map<string, Map<string, string>>();
  readonly purgedKeys: string[] = [];
  readonly events: RecordedEvent[] = [];
  private txCount = 0;

  constructor(definitions: readonly CollectionDefinition[] = collectionDefinitions(TEST_ORGS)) {
    this.collections = new Map(definitions.map((definition) => [definition.name, definition]));
  }

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
  | { kind: 'purgePrivate'; collection: string; key: string }
  | { kind: 'deletePrivate'; collection: string; key: string };

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

  callerOrganizationalUnits(): readonly string[] {
    return this.options.organizationalUnits ?? [];
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
      const range = partialKeyRange(this.compositeKey(prefix, attributes));
      const items = keysInOrder(this.world.state, range.start, range.end);
      if (items.length > max) {
        throw new Error(`LIMIT_EXCEEDED: more than ${max} ${prefix} entries; narrow the request`);
      }
      return items;
    });
  }

  listPage(prefix: string, attributes: string[], page: PageOptions): Promise<KeyValuePage> {
    return settle(() => {
      this.beforePaginatedQuery();
      return partialKeyRange(this.compositeKey(prefix, attributes));
    }).then((range) => this.pageLikePeer(range, page));
  }

  listRangePage(startKey: string, endKey: string, page: PageOptions): Promise<KeyValuePage> {
    return settle(() => {
      this.beforePaginatedQuery();
      return simpleKeyRange(startKey, endKey);
    }).then((range) => this.pageLikePeer(range, page));
  }

  getPrivate(collection: string, key: string): Promise<string | undefined> {
    return settle(() => {
      this.checkAccess(collection, 'read');
      this.reads.push(key);
      return this.world.privateData.get(collection)?.get(key);
    });
  }

  putPrivate(collection: string, key: string, value: string): Promise<void> {
    return settle(() => {
      this.checkAccess(collection, 'write');
      this.beforeWrite();
      this.writes.push({ kind: 'putPrivate', collection, key, value });
    });
  }

  purgePrivate(collection: string, key: string): Promise<void> {
    return settle(() => {
      this.checkAccess(collection, 'write');
      this.beforeWrite();
      this.writes.push({ kind: 'purgePrivate', collection, key });
    });
  }

  hasCollection(collection: string): Promise<boolean> {
    return Promise.resolve(this.world.collections.has(collection));
  }

  deletePrivate(collection: string, key: string): Promise<void> {
    return settle(() => {
      this.checkAccess(collection, 'write');
      this.beforeWrite();
      this.writes.push({ kind: 'deletePrivate', collection, key });
    });
  }

  listAllPrivate(collection: string, prefix: string, attributes: string[], max: number): Promise<KeyValue[]> {
    return settle(() => {
      this.checkAccess(collection, 'read');
      const range = partialKeyRange(this.compositeKey(prefix, attributes));
      const items = keysInOrder(this.world.collection(collection), range.start, range.end);
      if (items.length > max) {
        throw new Error(`LIMIT_EXCEEDED: more than ${max} ${prefix} entries; narrow the request`);
      }
      return items;
    });
  }

  // No paginated private-data query exists in Fabric: a range read from the bookmark, like FabricLedger's.
  listPrivatePage(collection: string, range: KeyRange, page: PageOptions): Promise<KeyValuePage> {
    return pageWithinRange(range, page, (peerBookmark) =>
      settle(() => {
        this.checkAccess(collection, 'read');
        const start = peerBookmark === '' ? range.start : peerBookmark;
        const items = keysInOrder(this.world.collection(collection), start, range.end);
        return { items: items.slice(0, page.pageSize), bookmark: items[page.pageSize]?.key ?? '' };
      }),
    );
  }

  /**
   * The peer's checks (Fabric v3.1 core/chaincode/handler.go): a collection the chaincode does not define is
   * an error (InvalidCollNameError, core/ledger/ledger_interface.go), and a member-only collection refuses
   * reads or writes by a client of another organization (errorIfCreatorHasNoReadPermission /
   * errorIfCreatorHasNoWritePermission).
   */
  private checkAccess(collection: string, access: 'read' | 'write'): void {
    const definition = this.world.collections.get(collection);
    if (definition === undefined) {
      throw new Error(
        `collection [${collection}] not defined in the collection config for chaincode [credit]`,
      );
    }
    const memberOnly = access === 'read' ? definition.memberOnlyRead : definition.memberOnlyWrite;
    if (memberOnly && !definition.policy.includes(`'${this.identity.mspId}.member'`)) {
      throw new Error(
        `tx creator does not have ${access} access permission on privatedata in chaincodeName:credit collectionName: ${collection}`,
      );
    }
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
        case 'deletePrivate':
          this.world.collection(write.collection).delete(write.key);
          break;
      }
    }
    if (this.event !== undefined) {
      this.world.events.push({ txId: this.txId, ...this.event });
    }
  }

  private pageLikePeer(range: KeyRange, page: PageOptions): Promise<KeyValuePage> {
    return pageWithinRange(range, page, (peerBookmark) =>
      settle(() => scanLikePeer(this.world.state, range, page.pageSize, peerBookmark)),
    );
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

/**
 * The range a simple-key range query scans, as fabric-shim 2.5.8 builds it (`getStateByRange[WithPagination]`
 * in `lib/stub.js`): '' starts at U+0001, and keys starting with U+0000 (the composite-key namespace) are refused.
 */
function simpleKeyRange(startKey: string, endKey: string): KeyRange {
  for (const key of [startKey, endKey]) {
    if (key.startsWith(SEPARATOR)) {
      throw new Error(`first character of the key [${key}] contains a null character which is not allowed`);
    }
  }
  return { start: startKey === '' ? EMPTY_KEY_SUBSTITUTE : startKey, end: endKey };
}

/** Every committed entry in [start, end), in LevelDB's byte order. */
function keysInOrder(state: ReadonlyMap<string, string>, start: string, end: string): KeyValue[] {
  return [...state.entries()]
    .filter(([key]) => compareKeys(key, start) >= 0 && compareKeys(key, end) < 0)
    .sort(([a], [b]) => compareKeys(a, b))
    .map(([key, value]) => ({ key, value }));
}

/**
 * A paginated range scan exactly as the peer runs it (Fabric v3.1.1 `core/chaincode/handler.go`
 * `HandleGetStateByRange`, `stateleveldb.go` `GetStateRangeScanIteratorWithPagination` and
 * `kvScanner.GetBookmarkAndClose`): a non-empty bookmark replaces the start key, only the end key bounds the
 * scan, and the bookmark returned is the key after the page, or '' at the end. A start past the end key makes
 * goleveldb panic and the peer process exit; here it throws, so a test that reaches it fails loudly.
 */
export function scanLikePeer(
  state: ReadonlyMap<string, string>,
  range: KeyRange,
  pageSize: number,
  bookmark: string,
): KeyValuePage {
  const start = bookmark === '' ? range.start : bookmark;
  if (compareKeys(start, range.end) > 0) {
    throw new Error(
      `peer crash: a range scan from ${JSON.stringify(start)} past its end key makes goleveldb panic (slice bounds out of range)`,
    );
  }
  const items = keysInOrder(state, start, range.end);
  return { items: items.slice(0, pageSize), bookmark: items[pageSize]?.key ?? '' };
}
