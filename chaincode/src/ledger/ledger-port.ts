import type { CallerIdentity } from '../domain/roles';
import type { PageOptions } from '../domain/input';
import type { KeyRange } from './key-range';

export interface KeyValue {
  key: string;
  value: string;
}

/** One write of a batch: world state, or the private `collection` when set. */
export interface StateWrite {
  key: string;
  value: string;
  collection?: string;
}

export interface KeyValuePage {
  items: KeyValue[];
  /** Empty when there is nothing more; opaque to callers (page-bookmark.ts). */
  bookmark: string;
}

/**
 * The state store one transaction sees. Mirrors Fabric's semantics, which the in-memory version copies
 * for tests: reads return committed state only (never this transaction's own writes), writes apply only if
 * the transaction succeeds, one event per transaction (the last wins).
 */
export interface LedgerPort {
  readonly txId: string;
  /** Transaction timestamp as ISO 8601; the only clock chaincode may use. */
  readonly txTime: string;
  readonly identity: CallerIdentity;
  /** The caller's unique id within its MSP (subject and issuer). */
  readonly clientId: string;
  /** The subject OUs of the caller's certificate (NodeOU class among them); parsed only when asked. */
  callerOrganizationalUnits(): readonly string[];

  transient(name: string): string | undefined;
  compositeKey(prefix: string, attributes: string[]): string;

  get(key: string): Promise<string | undefined>;
  /** `get` of many keys, in order; one round trip to the peer where it can batch them (Fabric v3). */
  getMany(keys: readonly string[]): Promise<(string | undefined)[]>;
  /** The value must be non-empty: Fabric treats an empty value as a delete. */
  put(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** `put` / `putPrivate` of many values (all non-empty); one round trip where the peer can batch them. */
  putMany(writes: readonly StateWrite[]): Promise<void>;
  /** Every entry under a partial composite key, refusing with LIMIT_EXCEEDED past `max` (safe in submits). */
  listAll(prefix: string, attributes: string[], max: number): Promise<KeyValue[]>;
  /**
   * One page under a partial composite key. Fabric allows paginated queries in read-only calls only.
   * `page.bookmark` is the caller's: '' or a bookmark a previous page of the same list returned (see
   * page-bookmark.ts); anything else is VALIDATION_FAILED, never a scan outside the list.
   */
  listPage(prefix: string, attributes: string[], page: PageOptions): Promise<KeyValuePage>;
  /** One page of simple (non-composite) keys in [startKey, endKey), bookmarks as for `listPage`. */
  listRangePage(startKey: string, endKey: string, page: PageOptions): Promise<KeyValuePage>;

  getPrivate(collection: string, key: string): Promise<string | undefined>;
  putPrivate(collection: string, key: string, value: string): Promise<void>;
  /** Removes the value and its history from the collection (Fabric PurgePrivateData); the hash stays. */
  purgePrivate(collection: string, key: string): Promise<void>;
  deletePrivate(collection: string, key: string): Promise<void>;
  /** Whether the chaincode definition has this private collection (no read permission needed). */
  hasCollection(collection: string): Promise<boolean>;
  /** `listAll` in a private collection. */
  listAllPrivate(collection: string, prefix: string, attributes: string[], max: number): Promise<KeyValue[]>;
  /**
   * One page of a private collection's keys in `range`. Fabric has no paginated private-data query, so the
   * page is a range read from the bookmark, stopped one key past the page; bookmarks as for `listPage`.
   */
  listPrivatePage(collection: string, range: KeyRange, page: PageOptions): Promise<KeyValuePage>;

  setEvent(name: string, payload: string): void;
}
