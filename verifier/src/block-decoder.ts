import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';
import { createHash } from 'node:crypto';
import { blockHeaderDer } from './der';

/** Fabric's `common.HeaderType` values the verifier distinguishes. */
export const HEADER_TYPE = { config: 1, endorserTransaction: 3 } as const;
/** `common.BlockMetadataIndex`. */
const METADATA = { signatures: 0, transactionsFilter: 2 } as const;

export interface BlockSignature {
  signatureHeader: Uint8Array;
  identifierHeader: Uint8Array;
  signature: Uint8Array;
  /** Serialized identity of the signer, from the signature header. */
  creator: Uint8Array;
}

export interface DecodedBlock {
  number: number;
  previousHash: Buffer;
  dataHash: Buffer;
  /** SHA-256 of the header's DER (`protoutil.BlockHeaderHash`). */
  headerHash: Buffer;
  headerBytes: Buffer;
  /** SHA-256 over the concatenated envelopes (`protoutil.ComputeBlockDataHash`, Fabric v3.1). */
  computedDataHash: Buffer;
  envelopes: Uint8Array[];
  signatureValue: Uint8Array;
  signatures: BlockSignature[];
  /** One `peer.TxValidationCode` per envelope. Set by the committing peer, not signed. */
  validationFlags: Uint8Array;
}

export interface KvWrite {
  key: string;
  value: Uint8Array;
  isDelete: boolean;
}

export interface NamespaceWrites {
  namespace: string;
  writes: KvWrite[];
  /** Private collections this transaction wrote (hashed writes in the block). */
  collections: string[];
}

export interface Endorsement {
  endorser: Uint8Array;
  signature: Uint8Array;
}

export interface EndorserAction {
  /** Signature header of the proposal; must equal the envelope's. */
  actionHeader: Uint8Array;
  chaincodeProposalPayload: Uint8Array;
  proposalHash: Uint8Array;
  proposalResponsePayload: Uint8Array;
  endorsements: Endorsement[];
  chaincodeName: string;
  /** First argument, e.g. `consent:GrantConsent`. */
  functionName: string;
  args: string[];
  namespaces: NamespaceWrites[];
}

export interface DecodedTransaction {
  index: number;
  txId: string;
  type: number;
  channelId: string;
  channelHeader: Uint8Array;
  signatureHeader: Uint8Array;
  creator: Uint8Array;
  nonce: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array;
  /** Re-encodes to exactly its bytes, with payload and signature (`VerifyTransactionsAreWellFormed`). */
  wellFormed: boolean;
  endorser?: EndorserAction;
  config?: common.Config;
}

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
  }
  return hash.digest();
};

export function decodeBlock(bytes: Uint8Array): DecodedBlock {
  const block = common.Block.deserializeBinary(bytes);
  const header = block.getHeader();
  if (header === undefined) {
    throw new Error('the block has no header');
  }
  const number = header.getNumber();
  const previousHash = Buffer.from(header.getPreviousHash_asU8());
  const dataHash = Buffer.from(header.getDataHash_asU8());
  const headerBytes = blockHeaderDer(BigInt(number), previousHash, dataHash);
  const envelopes = block.getData()?.getDataList_asU8() ?? [];
  const metadata = block.getMetadata()?.getMetadataList_asU8() ?? [];
  const signatureMetadata = common.Metadata.deserializeBinary(
    metadata[METADATA.signatures] ?? new Uint8Array(),
  );
  return {
    number,
    previousHash,
    dataHash,
    headerHash: sha256(headerBytes),
    headerBytes,
    computedDataHash: sha256(...envelopes),
    envelopes,
    signatureValue: signatureMetadata.getValue_asU8(),
    signatures: signatureMetadata.getSignaturesList().map((entry) => {
      const signatureHeader = entry.getSignatureHeader_asU8();
      return {
        signatureHeader,
        identifierHeader: entry.getIdentifierHeader_asU8(),
        signature: entry.getSignature_asU8(),
        creator: common.SignatureHeader.deserializeBinary(signatureHeader).getCreator_asU8(),
      };
    }),
    validationFlags: metadata[METADATA.transactionsFilter] ?? new Uint8Array(),
  };
}

export function decodeTransaction(bytes: Uint8Array, index: number): DecodedTransaction {
  const envelope = common.Envelope.deserializeBinary(bytes);
  const payloadBytes = envelope.getPayload_asU8();
  const payload = common.Payload.deserializeBinary(payloadBytes);
  const header = payload.getHeader();
  const channelHeaderBytes = header?.getChannelHeader_asU8() ?? new Uint8Array();
  const signatureHeaderBytes = header?.getSignatureHeader_asU8() ?? new Uint8Array();
  const channelHeader = common.ChannelHeader.deserializeBinary(channelHeaderBytes);
  const signatureHeader = common.SignatureHeader.deserializeBinary(signatureHeaderBytes);
  const decoded: DecodedTransaction = {
    index,
    txId: channelHeader.getTxId(),
    type: channelHeader.getType(),
    channelId: channelHeader.getChannelId(),
    channelHeader: channelHeaderBytes,
    signatureHeader: signatureHeaderBytes,
    creator: signatureHeader.getCreator_asU8(),
    nonce: signatureHeader.getNonce_asU8(),
    payload: payloadBytes,
    signature: envelope.getSignature_asU8(),
    wellFormed:
      payloadBytes.length > 0 &&
      envelope.getSignature_asU8().length > 0 &&
      Buffer.from(envelope.serializeBinary()).equals(bytes),
  };
  if (decoded.type === HEADER_TYPE.endorserTransaction) {
    decoded.endorser = decodeEndorserAction(payload.getData_asU8());
  } else if (decoded.type === HEADER_TYPE.config) {
    decoded.config = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig();
  }
  return decoded;
}

function decodeEndorserAction(data: Uint8Array): EndorserAction {
  const actions = peer.Transaction.deserializeBinary(data).getActionsList();
  const [action] = actions;
  if (action === undefined || actions.length !== 1) {
    throw new Error(`an endorser transaction holds exactly one action, this one ${actions.length}`);
  }
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
  const endorsed = actionPayload.getAction();
  const proposalResponsePayload = endorsed?.getProposalResponsePayload_asU8() ?? new Uint8Array();
  const response = peer.ProposalResponsePayload.deserializeBinary(proposalResponsePayload);
  const chaincodeAction = peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8());
  const chaincodeProposalPayload = actionPayload.getChaincodeProposalPayload_asU8();
  const { chaincodeName, args } = invocation(chaincodeProposalPayload);
  return {
    actionHeader: action.getHeader_asU8(),
    chaincodeProposalPayload,
    proposalHash: response.getProposalHash_asU8(),
    proposalResponsePayload,
    endorsements: (endorsed?.getEndorsementsList() ?? []).map((endorsement) => ({
      endorser: endorsement.getEndorser_asU8(),
      signature: endorsement.getSignature_asU8(),
    })),
    chaincodeName: chaincodeName ?? chaincodeAction.getChaincodeId()?.getName() ?? '',
    functionName: args[0] ?? '',
    args: args.slice(1),
    namespaces: decodeWrites(chaincodeAction.getResults_asU8()),
  };
}

/** The invoked chaincode and its arguments (the first is the function, e.g. `consent:GrantConsent`). */
function invocation(chaincodeProposalPayload: Uint8Array): { chaincodeName?: string; args: string[] } {
  const spec = peer.ChaincodeInvocationSpec.deserializeBinary(
    peer.ChaincodeProposalPayload.deserializeBinary(chaincodeProposalPayload).getInput_asU8(),
  ).getChaincodeSpec();
  const args = (spec?.getInput()?.getArgsList_asU8() ?? []).map((arg) => Buffer.from(arg).toString('utf8'));
  const chaincodeName = spec?.getChaincodeId()?.getName();
  return chaincodeName === undefined ? { args } : { chaincodeName, args };
}

function decodeWrites(results: Uint8Array): NamespaceWrites[] {
  const readWriteSet = ledger.rwset.TxReadWriteSet.deserializeBinary(results);
  return readWriteSet.getNsRwsetList().map((namespace) => ({
    namespace: namespace.getNamespace(),
    writes: ledger.rwset.kvrwset.KVRWSet.deserializeBinary(namespace.getRwset_asU8())
      .getWritesList()
      .map((write) => ({ key: write.getKey(), value: write.getValue_asU8(), isDelete: write.getIsDelete() })),
    collections: namespace
      .getCollectionHashedRwsetList()
      .filter(
        (collection) =>
          ledger.rwset.kvrwset.HashedRWSet.deserializeBinary(
            collection.getHashedRwset_asU8(),
          ).getHashedWritesList().length > 0,
      )
      .map((collection) => collection.getCollectionName()),
  }));
}

/** Proposal hash as `protoutil.GetProposalHash2`: binds the endorsements to this transaction's header. */
export function proposalHash(transaction: DecodedTransaction, action: EndorserAction): Buffer {
  return sha256(transaction.channelHeader, action.actionHeader, action.chaincodeProposalPayload);
}

/** Transaction id as `protoutil.ComputeTxID`: hex SHA-256 of nonce and creator. */
export function computeTxId(transaction: DecodedTransaction): string {
  return sha256(transaction.nonce, transaction.creator).toString('hex');
}

export interface SerializedIdentity {
  mspId: string;
  certificatePem: string;
}

export function decodeIdentity(bytes: Uint8Array): SerializedIdentity {
  const identity = msp.SerializedIdentity.deserializeBinary(bytes);
  return {
    mspId: identity.getMspid(),
    certificatePem: Buffer.from(identity.getIdBytes_asU8()).toString('utf8'),
  };
}
