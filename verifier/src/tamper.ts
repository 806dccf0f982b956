import { common, ledger, peer } from '@hyperledger/fabric-protos';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';

/**
 * Alterations of real blocks, as an attacker with a copy of the ledger could make them. The fixture
 * generator applies them to blocks fetched from the live network; nothing is edited by hand.
 */

type Block = common.Block;

const parseBlock = (bytes: Uint8Array): Block => common.Block.deserializeBinary(bytes);

function envelopes(block: Block): Uint8Array[] {
  return block.getData()?.getDataList_asU8() ?? [];
}

function setEnvelopes(block: Block, list: Uint8Array[]): void {
  const data = new common.BlockData();
  data.setDataList(list);
  block.setData(data);
}

/** Recomputes the header's data hash, as a forger would to hide an edit from the data-hash check. */
function resealDataHash(block: Block): void {
  const hash = createHash('sha256');
  for (const envelope of envelopes(block)) {
    hash.update(envelope);
  }
  block.getHeader()?.setDataHash(hash.digest());
}

interface EndorserParts {
  envelope: common.Envelope;
  payload: common.Payload;
  transaction: peer.Transaction;
  action: peer.TransactionAction;
  actionPayload: peer.ChaincodeActionPayload;
  endorsed: peer.ChaincodeEndorsedAction;
}

function openEndorser(bytes: Uint8Array): EndorserParts {
  const envelope = common.Envelope.deserializeBinary(bytes);
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
  const action = transaction.getActionsList()[0];
  if (action === undefined) throw new Error('no action');
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
  const endorsed = actionPayload.getAction();
  if (endorsed === undefined) throw new Error('no endorsed action');
  return { envelope, payload, transaction, action, actionPayload, endorsed };
}

function closeEndorser(parts: EndorserParts): Uint8Array {
  parts.actionPayload.setAction(parts.endorsed);
  parts.action.setPayload(parts.actionPayload.serializeBinary());
  parts.transaction.setActionsList([parts.action]);
  parts.payload.setData(parts.transaction.serializeBinary());
  parts.envelope.setPayload(parts.payload.serializeBinary());
  return parts.envelope.serializeBinary();
}

function withEnvelope(
  bytes: Uint8Array,
  index: number,
  change: (envelope: Uint8Array) => Uint8Array,
  reseal: boolean,
): Uint8Array {
  const block = parseBlock(bytes);
  const list = [...envelopes(block)];
  const target = list[index];
  if (target === undefined) throw new Error(`no transaction ${index}`);
  list[index] = change(target);
  setEnvelopes(block, list);
  if (reseal) resealDataHash(block);
  return block.serializeBinary();
}

/** Flips one byte of the first written value in the transaction's write set; re-seals the data hash. */
export function alterWriteSetByte(bytes: Uint8Array, index: number): Uint8Array {
  return withEnvelope(
    bytes,
    index,
    (envelope) => {
      const parts = openEndorser(envelope);
      const response = peer.ProposalResponsePayload.deserializeBinary(
        parts.endorsed.getProposalResponsePayload_asU8(),
      );
      const chaincodeAction = peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8());
      const readWriteSet = ledger.rwset.TxReadWriteSet.deserializeBinary(chaincodeAction.getResults_asU8());
      const namespace = readWriteSet
        .getNsRwsetList()
        .find((candidate) => candidate.getNamespace() !== '_lifecycle');
      if (namespace === undefined) throw new Error('no chaincode namespace');
      const kv = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(namespace.getRwset_asU8());
      const write = kv.getWritesList()[0];
      if (write === undefined) throw new Error('no write');
      const value = Buffer.from(write.getValue_asU8());
      const at = Math.floor(value.length / 2);
      value.writeUInt8(value.readUInt8(at) ^ 0x01, at);
      write.setValue(value);
      namespace.setRwset(kv.serializeBinary());
      chaincodeAction.setResults(readWriteSet.serializeBinary());
      response.setExtension$(chaincodeAction.serializeBinary());
      parts.endorsed.setProposalResponsePayload(response.serializeBinary());
      return closeEndorser(parts);
    },
    true,
  );
}

/** Swaps the endorsements of two transactions of the same block (each still a valid signature, of the wrong payload). */
export function swapEndorsements(bytes: Uint8Array, first: number, second: number): Uint8Array {
  const block = parseBlock(bytes);
  const list = [...envelopes(block)];
  const [a, b] = [list[first], list[second]];
  if (a === undefined || b === undefined) throw new Error('need two transactions');
  const partsA = openEndorser(a);
  const partsB = openEndorser(b);
  const endorsementsA = partsA.endorsed.getEndorsementsList();
  partsA.endorsed.setEndorsementsList(partsB.endorsed.getEndorsementsList());
  partsB.endorsed.setEndorsementsList(endorsementsA);
  list[first] = closeEndorser(partsA);
  list[second] = closeEndorser(partsB);
  setEnvelopes(block, list);
  return block.serializeBinary();
}

/** Swaps two transactions of a block; the header is left as the orderer signed it. */
export function reorderTransactions(bytes: Uint8Array, first: number, second: number): Uint8Array {
  const block = parseBlock(bytes);
  const list = [...envelopes(block)];
  const [a, b] = [list[first], list[second]];
  if (a === undefined || b === undefined) throw new Error('need two transactions');
  list[first] = b;
  list[second] = a;
  setEnvelopes(block, list);
  return block.serializeBinary();
}

/** Sets a transaction's validation flag to VALID, as a lying peer would for a transaction it refused. */
export function markValid(bytes: Uint8Array, index: number): Uint8Array {
  const block = parseBlock(bytes);
  const metadata = block.getMetadata();
  const list = [...(metadata?.getMetadataList_asU8() ?? [])];
  const flags = Buffer.from(list[2] ?? new Uint8Array());
  flags[index] = peer.TxValidationCode.VALID;
  list[2] = flags;
  metadata?.setMetadataList(list);
  return block.serializeBinary();
}

const forgerKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

/** Replaces the creator's signature with one made by a key that is not the creator's; re-seals the data hash. */
export function forgeCreatorSignature(bytes: Uint8Array, index: number): Uint8Array {
  return withEnvelope(
    bytes,
    index,
    (bytesOfEnvelope) => {
      const envelope = common.Envelope.deserializeBinary(bytesOfEnvelope);
      envelope.setSignature(sign('sha256', envelope.getPayload_asU8(), forgerKey));
      return envelope.serializeBinary();
    },
    true,
  );
}

/** Replaces the orderer's block signature with one made by a key outside the orderer organization. */
export function forgeOrdererSignature(bytes: Uint8Array): Uint8Array {
  const block = parseBlock(bytes);
  const metadata = block.getMetadata();
  const list = [...(metadata?.getMetadataList_asU8() ?? [])];
  const signatures = common.Metadata.deserializeBinary(list[0] ?? new Uint8Array());
  for (const entry of signatures.getSignaturesList()) {
    entry.setSignature(sign('sha256', Buffer.from('forged'), forgerKey));
  }
  list[0] = signatures.serializeBinary();
  metadata?.setMetadataList(list);
  return block.serializeBinary();
}

/** Puts a transaction built elsewhere in place of transaction `index`; re-seals the data hash. */
export function replaceTransaction(bytes: Uint8Array, index: number, envelope: Uint8Array): Uint8Array {
  return withEnvelope(bytes, index, () => envelope, true);
}
