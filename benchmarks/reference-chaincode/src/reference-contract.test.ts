import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { Context } from 'fabric-contract-api';
import { PRIVATE_COLLECTION, RECORD_FIELD, ReferenceContract } from './reference-contract';

/**
 * The stub calls the contract makes, over maps. As on a peer, a transaction reads the state as committed
 * before it (its own writes are not visible to it) and its writes apply only when `commit` is called.
 */
function fakeContext(transient: Record<string, string> = {}) {
  const state = new Map<string, Uint8Array>();
  const privateState = new Map<string, Uint8Array>();
  const pending = new Map<string, Uint8Array>();
  const pendingPrivate = new Map<string, Uint8Array>();
  const stub = {
    getState: (key: string) => Promise.resolve(state.get(key) ?? new Uint8Array()),
    putState: (key: string, value: Uint8Array) => Promise.resolve(void pending.set(key, value)),
    putPrivateData: (collection: string, key: string, value: Uint8Array) =>
      Promise.resolve(void pendingPrivate.set(`${collection}/${key}`, value)),
    getTransient: () => new Map(Object.entries(transient).map(([k, v]) => [k, Buffer.from(v)])),
  };
  /** Runs one transaction: its writes are kept only if it succeeds. */
  const run = async (transaction: () => Promise<unknown>): Promise<void> => {
    pending.clear();
    pendingPrivate.clear();
    await transaction();
    for (const [key, value] of pending) state.set(key, value);
    for (const [key, value] of pendingPrivate) privateState.set(key, value);
  };
  return { ctx: { stub } as unknown as Context, state, privateState, run };
}

const contract = new ReferenceContract();
const text = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('utf8');

describe('reference contract (the cost bench yardstick)', () => {
  it('creates a record under one key and reads it back', async () => {
    const { ctx, state, run } = fakeContext();
    await run(() => contract.CreateRecord(ctx, 'r-1', '{"color":"blue"}'));
    assert.deepEqual([...state.keys()], ['r-1']);
    assert.equal(await contract.ReadRecord(ctx, 'r-1'), '{"color":"blue"}');
  });

  it('refuses an id that exists and changes nothing', async () => {
    const { ctx, state, run } = fakeContext();
    await run(() => contract.CreateRecord(ctx, 'r-1', 'first'));
    await assert.rejects(
      run(() => contract.CreateRecord(ctx, 'r-1', 'second')),
      /^Error: CONFLICT: record r-1 exists/,
    );
    assert.equal(text(state.get('r-1')), 'first');
  });

  it('refuses a malformed id, an oversized value and an unknown record', async () => {
    const { ctx, state, run } = fakeContext();
    await assert.rejects(
      run(() => contract.CreateRecord(ctx, 'a b', 'x')),
      /^Error: INVALID_ARGUMENT: id must match/,
    );
    await assert.rejects(
      run(() => contract.CreateRecord(ctx, 'big', 'x'.repeat(4097))),
      /at most 4096 bytes/,
    );
    await assert.rejects(contract.ReadRecord(ctx, 'absent'), /^Error: NOT_FOUND: no record absent/);
    assert.equal(state.size, 0);
  });

  it('keeps the private record in the collection and only its hash in world state', async () => {
    const record = '{"paidCny":100000}';
    const { ctx, state, privateState, run } = fakeContext({ [RECORD_FIELD]: record });
    await run(() => contract.CreateRecordWithPrivate(ctx, 'p-1'));
    assert.equal(text(privateState.get(`${PRIVATE_COLLECTION}/p-1`)), record);
    const publicValue = text(state.get('p-1'));
    assert.doesNotMatch(publicValue, /paidCny/);
    assert.match(publicValue, /^\{"hash":"[0-9a-f]{64}"\}$/);
  });

  it('refuses a private record missing from transient data', async () => {
    const { ctx, state, privateState, run } = fakeContext();
    await assert.rejects(
      run(() => contract.CreateRecordWithPrivate(ctx, 'p-1')),
      /^Error: INVALID_ARGUMENT: the record goes/,
    );
    assert.equal(state.size + privateState.size, 0);
  });

  it('writes a batch as its single records would, and refuses a batch that overlaps one', async () => {
    const { ctx, state, privateState, run } = fakeContext({ [RECORD_FIELD]: '{"paidCny":1}' });
    await run(() => contract.CreateRecordBatch(ctx, 'b', '3', 'each', '1'));
    assert.deepEqual([...state.keys()], ['b-1', 'b-2', 'b-3']);
    assert.equal(privateState.size, 3);
    await assert.rejects(
      run(() => contract.CreateRecordBatch(ctx, 'b', '0', 'none', '1')),
      /count must be a whole number/,
    );
    await assert.rejects(
      run(() => contract.CreateRecordBatch(ctx, 'b', '1001', 'none', '1')),
      /from 1 to 1000/,
    );
    await assert.rejects(
      run(() => contract.CreateRecordBatch(ctx, 'b', '2', 'none', '1')),
      /^Error: CONFLICT: record b-1 exists/,
    );
  });

  it('keeps the private records of a batch under one key when asked, and refuses an unknown privacy', async () => {
    const { ctx, state, privateState, run } = fakeContext({ [RECORD_FIELD]: '{"paidCny":1}' });
    await run(() => contract.CreateRecordBatch(ctx, 'c', '3', 'one', '1'));
    assert.equal(state.size, 3);
    assert.deepEqual([...privateState.keys()], [`${PRIVATE_COLLECTION}/c-batch`]);
    assert.equal(
      (JSON.parse(text(privateState.get(`${PRIVATE_COLLECTION}/c-batch`))) as unknown[]).length,
      3,
    );
    await assert.rejects(
      run(() => contract.CreateRecordBatch(ctx, 'd', '1', 'some', '1')),
      /^Error: INVALID_ARGUMENT: privacy must be one of none, each, one/,
    );
  });

  it('reads and writes each extra public key of a record, and refuses more than four', async () => {
    const { ctx, state, privateState, run } = fakeContext({ [RECORD_FIELD]: '{"paidCny":1}' });
    await run(() => contract.CreateRecordBatch(ctx, 'e', '2', 'each', '3'));
    assert.deepEqual([...state.keys()].sort(), ['e-1', 'e-1.k1', 'e-1.k2', 'e-2', 'e-2.k1', 'e-2.k2']);
    assert.equal(privateState.size, 2);
    await assert.rejects(
      run(() => contract.CreateRecordBatch(ctx, 'f', '1', 'each', '5')),
      /^Error: INVALID_ARGUMENT: publicKeys must be a whole number from 1 to 4/,
    );
  });
});
