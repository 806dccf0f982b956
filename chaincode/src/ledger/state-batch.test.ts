import assert from 'node:assert/strict';
import { describe, it, afterEach } from '@jest/globals';
import type { ChaincodeStub } from 'fabric-shim';
import { peer } from '@hyperledger/fabric-protos';
import { encodeRepeatedBytes, readRepeatedBytes, StateBatch } from './state-batch';

interface SentMessage {
  type: number;
  payload: Buffer;
  txId: string;
  channelId: string;
  method: string;
}

/** A stub whose shim handler records each message and answers like a Fabric v3 peer. */
function fakeStub(state: Map<string, string>, sent: SentMessage[]): ChaincodeStub {
  const handler = {
    _askPeerAndListen(
      message: {
        getType(): number;
        getPayload_asU8(): Uint8Array;
        getTxid(): string;
        getChannelId(): string;
      },
      method: string,
    ): Promise<Buffer> {
      const payload = Buffer.from(message.getPayload_asU8());
      sent.push({
        type: message.getType(),
        payload,
        txId: message.getTxid(),
        channelId: message.getChannelId(),
        method,
      });
      if (method !== 'GetStateMultiple') {
        return Promise.resolve(Buffer.alloc(0));
      }
      const keys = readRepeatedBytes(payload, 1).map((key) => key.toString('utf8'));
      return Promise.resolve(
        encodeRepeatedBytes(
          1,
          keys.map((key) => Buffer.from(state.get(key) ?? '')),
        ),
      );
    },
  };
  return { handler, getTxID: () => 'tx-1', getChannelID: () => 'credit' } as unknown as ChaincodeStub;
}

describe('state batch (Fabric v3 GET_STATE_MULTIPLE / WRITE_BATCH_STATE)', () => {
  afterEach(() => {
    delete process.env.CREDIT_STATE_BATCH;
  });

  it('reads many keys in one message, empty where a key is absent', async () => {
    const sent: SentMessage[] = [];
    const batch = StateBatch.forStub(
      fakeStub(
        new Map([
          ['a', '1'],
          ['c', '3'],
        ]),
        sent,
      ),
    );
    assert.ok(batch !== undefined);
    const values = await batch.getMultiple(['a', 'b', 'c']);
    assert.deepEqual(
      values.map((value) => value.toString('utf8')),
      ['1', '', '3'],
    );
    assert.equal(sent.length, 1);
    assert.deepEqual(
      { type: sent[0]?.type, txId: sent[0]?.txId, channelId: sent[0]?.channelId },
      { type: 25, txId: 'tx-1', channelId: 'credit' },
    );
  });

  it('splits more than 1,000 keys over several messages and keeps their order', async () => {
    const sent: SentMessage[] = [];
    const keys = Array.from({ length: 2500 }, (_, i) => `k${i}`);
    const state = new Map(keys.map((key) => [key, `v-${key}`]));
    const batch = StateBatch.forStub(fakeStub(state, sent));
    const values = await batch?.getMultiple(keys);
    assert.equal(sent.length, 3);
    assert.deepEqual(
      values?.map((value) => value.toString('utf8')),
      keys.map((key) => `v-${key}`),
    );
  });

  it('writes world state and private data as put records of one message', async () => {
    const sent: SentMessage[] = [];
    const batch = StateBatch.forStub(fakeStub(new Map(), sent));
    await batch?.write([
      { key: 'public', value: Buffer.from('{"a":1}'), collection: '' },
      { key: 'private', value: Buffer.from('{"b":2}'), collection: 'govRawRecords' },
    ]);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.type, 24);
    const records = readRepeatedBytes(sent[0]?.payload ?? Buffer.alloc(0), 1);
    const field = (record: Buffer | undefined, n: number): string[] =>
      readRepeatedBytes(record ?? Buffer.alloc(0), n).map((value) => value.toString('utf8'));
    assert.deepEqual(
      records.map((record) => [field(record, 1), field(record, 2), field(record, 3)]),
      [
        [['public'], ['{"a":1}'], []],
        [['private'], ['{"b":2}'], ['govRawRecords']],
      ],
    );
    // WriteRecord.type (field 5, varint) is PUT_STATE (9): tag 0x28, value 0x09 closes each record.
    assert.ok(records.every((record) => record.subarray(-2).equals(Buffer.from([0x28, 0x09]))));
  });

  it('encodes both messages byte for byte as fabric-protos 0.3 does, and reads its answer', async () => {
    const sent: SentMessage[] = [];
    const batch = StateBatch.forStub(fakeStub(new Map([['a', '1']]), sent));
    const writes = [
      { key: 'public', value: Buffer.from('{"a":1}'), collection: '' },
      { key: 'private', value: Buffer.alloc(300, 1), collection: 'business_Bank1MSP' },
    ];
    await batch?.write(writes);
    const expected = new peer.WriteBatchState();
    for (const write of writes) {
      const record = new peer.WriteRecord();
      record.setKey(write.key);
      record.setValue(write.value);
      record.setCollection(write.collection);
      record.setType(peer.WriteRecord.Type.PUT_STATE);
      expected.addRec(record);
    }
    assert.deepEqual(sent[0]?.payload, Buffer.from(expected.serializeBinary()));
    assert.equal(sent[0]?.type, peer.ChaincodeMessage.Type.WRITE_BATCH_STATE);

    await batch?.getMultiple(['a', 'b'], 'platformIndex');
    const request = new peer.GetStateMultiple();
    request.setKeysList(['a', 'b']);
    request.setCollection('platformIndex');
    assert.deepEqual(sent[1]?.payload, Buffer.from(request.serializeBinary()));
    assert.equal(sent[1]?.type, peer.ChaincodeMessage.Type.GET_STATE_MULTIPLE);
    const answer = new peer.GetStateMultipleResult();
    answer.setValuesList([Buffer.from('1'), Buffer.alloc(0)]);
    assert.deepEqual(readRepeatedBytes(Buffer.from(answer.serializeBinary()), 1), [
      Buffer.from('1'),
      Buffer.alloc(0),
    ]);
  });

  it('refuses an answer with fewer values than keys (a peer-side read error)', async () => {
    const stub = fakeStub(new Map(), []);
    const handler = (stub as unknown as { handler: { _askPeerAndListen: () => Promise<Buffer> } }).handler;
    handler._askPeerAndListen = () => Promise.resolve(Buffer.alloc(0));
    await assert.rejects(
      StateBatch.forStub(stub)?.getMultiple(['a', 'b']) ?? Promise.resolve(),
      /answered 0 values for 2 keys/,
    );
  });

  it('is off when CREDIT_STATE_BATCH=off or the shim internals are missing', () => {
    process.env.CREDIT_STATE_BATCH = 'off';
    assert.equal(StateBatch.forStub(fakeStub(new Map(), [])), undefined);
    delete process.env.CREDIT_STATE_BATCH;
    const bare = { getTxID: () => 'tx-1', getChannelID: () => 'credit' } as unknown as ChaincodeStub;
    assert.equal(StateBatch.forStub(bare), undefined);
  });

  it('decodes long values and skips fields it does not want', () => {
    const long = Buffer.alloc(70_000, 7);
    const encoded = Buffer.concat([
      encodeRepeatedBytes(2, [Buffer.from('x')]),
      encodeRepeatedBytes(1, [long]),
    ]);
    assert.deepEqual(readRepeatedBytes(encoded, 1), [long]);
    assert.throws(() => readRepeatedBytes(encoded.subarray(0, 10), 1), /truncated/);
  });
});
