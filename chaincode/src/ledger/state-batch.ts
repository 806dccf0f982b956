import { createRequire } from 'node:module';
import type { ChaincodeStub } from 'fabric-shim';

/**
 * Many state reads or writes in one round trip to the peer, with Fabric v3's GET_STATE_MULTIPLE and
 * WRITE_BATCH_STATE chaincode messages. The peer (Fabric ≥ 3.0, `chaincode.runtimeParams.useWriteBatch` and
 * `useGetMultipleKeys`) applies each key exactly as GET_STATE / PUT_STATE would: same read set, same write
 * set, same collection permission checks. fabric-shim 2.5.8 cannot send them, and sends a transaction's state
 * calls strictly one after another (0.5-0.8 ms each here), so a 500-record AttestBatch spent seconds in
 * round trips.
 *
 * This is the one place that reaches into the shim's internals: its message queue (`handler`,
 * `_askPeerAndListen`, which keeps the per-transaction ordering) and the ChaincodeMessage class of the
 * fabric-protos it loads. `forStub` returns undefined (callers fall back to one call per key) unless the
 * shim is the 2.5.8 these internals were read from, or when `CREDIT_STATE_BATCH=off` is set for a pre-v3 peer.
 *
 * The two payloads are encoded here by hand. fabric-shim 2.5.8 loads fabric-protos 0.2.2, which predates
 * them; 0.3.x has them, but its generated code registers every message in google-protobuf's one global
 * namespace, so loading it beside the shim's copy replaces the classes the shim serializes with, and the
 * peer drops the chaincode stream (seen live: "chaincode stream terminated" on every batched call). The unit
 * test checks this encoding byte for byte against fabric-protos 0.3's classes, in the test process only.
 */
export interface BatchWrite {
  key: string;
  value: Buffer;
  /** Empty for world state. */
  collection: string;
}

interface ShimHandler {
  _askPeerAndListen(message: unknown, method: string): Promise<Buffer>;
}

interface ChaincodeMessage {
  setType(type: number): void;
  setPayload(payload: Uint8Array): void;
  setTxid(txId: string): void;
  setChannelId(channelId: string): void;
}

type ChaincodeMessageClass = new () => ChaincodeMessage;

/** The fabric-shim release whose handler internals this module was written against. */
export const SUPPORTED_SHIM_VERSION = '2.5.8';

// protos/peer/chaincode_shim.proto (fabric-protos ≥ 0.3): ChaincodeMessage.Type and WriteRecord.Type values.
const GET_STATE_MULTIPLE = 25;
const WRITE_BATCH_STATE = 24;
const WRITE_RECORD_PUT_STATE = 9;
/** The peer's default `maxSizeWriteBatch` and `maxSizeGetMultipleKeys`; larger requests are split. */
const MAX_KEYS_PER_MESSAGE = 1000;

function loadChaincodeMessage(): ChaincodeMessageClass | undefined {
  try {
    // The protobuf module fabric-shim itself loaded, so its gRPC stream accepts the message.
    const shimRequire = createRequire(require.resolve('fabric-shim'));
    const { version } = shimRequire('fabric-shim/package.json') as { version?: string };
    if (version !== SUPPORTED_SHIM_VERSION) {
      return undefined;
    }
    const protos = shimRequire('@hyperledger/fabric-protos') as {
      peer?: { ChaincodeMessage?: ChaincodeMessageClass };
    };
    return protos.peer?.ChaincodeMessage;
  } catch {
    return undefined;
  }
}

const chaincodeMessage = loadChaincodeMessage();

export class StateBatch {
  private constructor(
    private readonly handler: ShimHandler,
    private readonly messageClass: ChaincodeMessageClass,
    private readonly txId: string,
    private readonly channelId: string,
  ) {}

  static forStub(stub: ChaincodeStub): StateBatch | undefined {
    const handler = (stub as unknown as { handler?: Partial<ShimHandler> }).handler;
    if (
      process.env.CREDIT_STATE_BATCH === 'off' ||
      chaincodeMessage === undefined ||
      typeof handler?._askPeerAndListen !== 'function'
    ) {
      return undefined;
    }
    return new StateBatch(handler as ShimHandler, chaincodeMessage, stub.getTxID(), stub.getChannelID());
  }

  /** Values of `keys` in world state (collection '') or a private collection; empty when absent. */
  async getMultiple(keys: readonly string[], collection = ''): Promise<Buffer[]> {
    const values: Buffer[] = [];
    for (let start = 0; start < keys.length; start += MAX_KEYS_PER_MESSAGE) {
      const chunk = keys.slice(start, start + MAX_KEYS_PER_MESSAGE);
      const payload = new ProtoWriter();
      for (const key of chunk) payload.string(1, key);
      if (collection !== '') payload.string(2, collection);
      const response = await this.send(GET_STATE_MULTIPLE, payload.finish(), 'GetStateMultiple');
      const chunkValues = readRepeatedBytes(response, 1);
      // Fail closed: on a state database error the peer's GetStateMultipleKeys answers no values and no
      // error (Fabric 3.1 query_executor.go); taking that as "absent" would pass the salt and head checks.
      if (chunkValues.length !== chunk.length) {
        throw new Error(`GetStateMultiple answered ${chunkValues.length} values for ${chunk.length} keys`);
      }
      values.push(...chunkValues);
    }
    return values;
  }

  async write(writes: readonly BatchWrite[]): Promise<void> {
    for (let start = 0; start < writes.length; start += MAX_KEYS_PER_MESSAGE) {
      const payload = new ProtoWriter();
      for (const write of writes.slice(start, start + MAX_KEYS_PER_MESSAGE)) {
        const record = new ProtoWriter();
        record.string(1, write.key);
        record.bytes(2, write.value);
        if (write.collection !== '') record.string(3, write.collection);
        record.varint(5, WRITE_RECORD_PUT_STATE);
        payload.bytes(1, record.finish());
      }
      await this.send(WRITE_BATCH_STATE, payload.finish(), 'WriteBatchState');
    }
  }

  private send(type: number, payload: Buffer, method: string): Promise<Buffer> {
    const message = new this.messageClass();
    message.setType(type);
    message.setPayload(payload);
    message.setTxid(this.txId);
    message.setChannelId(this.channelId);
    return this.handler._askPeerAndListen(message, method);
  }
}

/** Just enough protobuf encoding for the two messages above (varint and length-delimited fields). */
class ProtoWriter {
  private readonly parts: Buffer[] = [];

  string(field: number, value: string): void {
    this.bytes(field, Buffer.from(value, 'utf8'));
  }

  bytes(field: number, value: Buffer): void {
    this.parts.push(encodeVarint((field << 3) | 2), encodeVarint(value.length), value);
  }

  varint(field: number, value: number): void {
    this.parts.push(encodeVarint(field << 3), encodeVarint(value));
  }

  finish(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function encodeVarint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** The values of one repeated `bytes` field; other fields are skipped. */
export function readRepeatedBytes(buffer: Buffer, wantedField: number): Buffer[] {
  const values: Buffer[] = [];
  let offset = 0;
  const varint = (): number => {
    let result = 0;
    let factor = 1;
    for (;;) {
      const byte = buffer[offset];
      if (byte === undefined) throw new Error('truncated protobuf varint');
      offset += 1;
      result += (byte & 0x7f) * factor;
      if (byte < 0x80) return result;
      factor *= 128;
    }
  };
  while (offset < buffer.length) {
    const tag = varint();
    const wireType = tag & 7;
    if (wireType === 0) {
      varint();
    } else if (wireType === 2) {
      const length = varint();
      if (offset + length > buffer.length) throw new Error('truncated protobuf field');
      if (tag >>> 3 === wantedField) values.push(buffer.subarray(offset, offset + length));
      offset += length;
    } else {
      throw new Error(`unexpected protobuf wire type ${wireType}`);
    }
  }
  return values;
}

/** Encodes a GetStateMultipleResult, for tests of the decoder. */
export function encodeRepeatedBytes(field: number, values: readonly Buffer[]): Buffer {
  const writer = new ProtoWriter();
  for (const value of values) writer.bytes(field, value);
  return writer.finish();
}
