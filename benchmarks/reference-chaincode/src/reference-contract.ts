import { createHash } from 'node:crypto';
import { StateBatch } from '@sme-credit-ledger/chaincode/state-batch';
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';

/**
 * The cost bench's yardstick (issue 17): what Fabric's asset-transfer-basic does per transaction, written by
 * us so it deploys like `credit` (chaincode as a service, same endorsement policy, same client). CreateRecord
 * is basic's CreateAsset: one existence read, one public write. CreateRecordWithPrivate adds exactly what
 * an attestation must do beyond that: the raw record into a private collection held by every gov peer, and
 * only its hash in world state. The gap between the two is the price of keeping raw data off the blocks.
 */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_VALUE_BYTES = 4096;
/** As AttestBatch's limit: the batch phases compare equal numbers of records per transaction. */
const MAX_BATCH = 1000;
/** Where a batch's private records go: nowhere, one key each, or one key for the whole batch. */
const PRIVACY = ['none', 'each', 'one'];
/** The collection the bench's definition declares: GovMSP only, on every gov peer before endorsement. */
export const PRIVATE_COLLECTION = 'referencePrivate';
/** The transient field carrying the private record. */
export const RECORD_FIELD = 'record';

function checkId(id: string): void {
  if (!ID.test(id)) throw new Error(`INVALID_ARGUMENT: id must match ${ID.source}`);
}

function checkValue(value: Uint8Array | string): void {
  if (Buffer.byteLength(value) > MAX_VALUE_BYTES) {
    throw new Error(`INVALID_ARGUMENT: a value holds at most ${MAX_VALUE_BYTES} bytes`);
  }
}

function requireRecord(ctx: Context): Uint8Array {
  const record = ctx.stub.getTransient().get(RECORD_FIELD);
  if (record === undefined || record.length === 0) {
    throw new Error(`INVALID_ARGUMENT: the record goes in transient field "${RECORD_FIELD}"`);
  }
  checkValue(record);
  return record;
}

/**
 * Credit's AttestBatch reads and writes through Fabric v3's batched state calls (chaincode/src/ledger/
 * state-batch.ts); the reference batch does too, so the two differ in keys and logic, not in round trips.
 */
async function requireAllAbsent(ctx: Context, keys: readonly string[]): Promise<void> {
  const batch = StateBatch.forStub(ctx.stub);
  const values = batch
    ? await batch.getMultiple(keys)
    : await Promise.all(keys.map((key) => ctx.stub.getState(key)));
  const taken = keys.find((_, index) => (values[index]?.length ?? 0) > 0);
  if (taken !== undefined) throw new Error(`CONFLICT: record ${taken} exists`);
}

async function putAll(
  ctx: Context,
  writes: readonly { key: string; value: Uint8Array; collection?: string }[],
): Promise<void> {
  const batch = StateBatch.forStub(ctx.stub);
  if (batch) {
    await batch.write(
      writes.map((w) => ({ key: w.key, value: Buffer.from(w.value), collection: w.collection ?? '' })),
    );
    return;
  }
  for (const w of writes) {
    await (w.collection === undefined
      ? ctx.stub.putState(w.key, w.value)
      : ctx.stub.putPrivateData(w.collection, w.key, w.value));
  }
}

async function requireAbsent(ctx: Context, id: string): Promise<void> {
  const existing = await ctx.stub.getState(id);
  if (existing.length > 0) throw new Error(`CONFLICT: record ${id} exists`);
}

@Info({ title: 'ReferenceContract', description: 'One key per transaction, the cost bench yardstick' })
export class ReferenceContract extends Contract {
  constructor() {
    super('reference');
  }

  @Transaction()
  public async CreateRecord(ctx: Context, id: string, value: string): Promise<void> {
    checkId(id);
    checkValue(value);
    await requireAbsent(ctx, id);
    await ctx.stub.putState(id, Buffer.from(value));
  }

  @Transaction()
  public async CreateRecordWithPrivate(ctx: Context, id: string): Promise<void> {
    checkId(id);
    const record = requireRecord(ctx);
    await requireAbsent(ctx, id);
    const hash = createHash('sha256').update(record).digest('hex');
    await ctx.stub.putState(id, Buffer.from(JSON.stringify({ hash })));
    await ctx.stub.putPrivateData(PRIVATE_COLLECTION, id, record);
  }

  /**
   * `count` records `<prefix>-<i>` in one transaction, each as CreateRecord (`privacy` "none") or
   * CreateRecordWithPrivate ("each") would write it: Fabric's own cost per written key, with per-transaction
   * costs (signatures, ordering, validation of one envelope) spread over the batch. "one" keeps the batch's
   * private records under a single private key instead (the hashes stay one per record): what the cost
   * per record would become if raw records were stored per batch rather than per record.
   * `publicKeys` (1-4) public keys per record, each read and written: an attestation reads and writes three
   * (the version, the head, the salt mark), so 3 against 2 prices one of them.
   */
  @Transaction()
  public async CreateRecordBatch(
    ctx: Context,
    prefix: string,
    count: string,
    privacy: string,
    publicKeys: string,
  ): Promise<void> {
    const total = Number(count);
    if (!Number.isInteger(total) || total < 1 || total > MAX_BATCH) {
      throw new Error(`INVALID_ARGUMENT: count must be a whole number from 1 to ${MAX_BATCH}`);
    }
    checkId(`${prefix}-${total}`);
    if (!PRIVACY.includes(privacy)) {
      throw new Error(`INVALID_ARGUMENT: privacy must be one of ${PRIVACY.join(', ')}`);
    }
    const keys = Number(publicKeys);
    if (!Number.isInteger(keys) || keys < 1 || keys > 4) {
      throw new Error('INVALID_ARGUMENT: publicKeys must be a whole number from 1 to 4');
    }
    const record = requireRecord(ctx);
    const hash = Buffer.from(JSON.stringify({ hash: createHash('sha256').update(record).digest('hex') }));
    const ids = Array.from({ length: total }, (_, index) => `${prefix}-${index + 1}`);
    const publicIds = ids.flatMap((id) => [
      id,
      ...Array.from({ length: keys - 1 }, (_, j) => `${id}.k${j + 1}`),
    ]);
    const writes = publicIds.map((key) => ({ key, value: privacy === 'none' ? record : hash }));
    if (privacy === 'each') {
      writes.push(...ids.map((key) => ({ key, value: record, collection: PRIVATE_COLLECTION })));
    }
    await requireAllAbsent(ctx, publicIds);
    await putAll(ctx, writes);
    if (privacy === 'one') {
      const text = Buffer.from(record).toString('utf8');
      const bundle = `[${Array.from({ length: total }, () => text).join(',')}]`;
      await ctx.stub.putPrivateData(PRIVATE_COLLECTION, `${prefix}-batch`, Buffer.from(bundle));
    }
  }

  @Transaction(false)
  @Returns('string')
  public async ReadRecord(ctx: Context, id: string): Promise<string> {
    checkId(id);
    const value = await ctx.stub.getState(id);
    if (value.length === 0) throw new Error(`NOT_FOUND: no record ${id}`);
    return Buffer.from(value).toString('utf8');
  }
}
