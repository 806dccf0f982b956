import { X509Certificate } from 'node:crypto';
import { common, peer } from '@hyperledger/fabric-protos';
import { decodeIdentity, type DecodedTransaction, HEADER_TYPE } from '@sme-credit-ledger/verifier';

/** The Fabric node OUs (NodeOUs) a certificate can carry; the first one found names the creator's kind. */
const NODE_ROLES = ['admin', 'client', 'peer', 'orderer'] as const;
export type CreatorRole = (typeof NODE_ROLES)[number] | 'member';

/**
 * What the explorer shows of one transaction: who, what function, how it was validated, when. Never the
 * arguments, transient data, responses or written values: a block holds other parties' metadata only, and
 * the explorer shows no payload at all.
 */
export interface TransactionSummary {
  txId: string;
  blockNumber: string;
  index: number;
  /** `common.HeaderType` name: ENDORSER_TRANSACTION, CONFIG, … */
  type: string;
  /** `peer.TxValidationCode` name the committing peer gave the transaction. */
  validationCode: string;
  timestamp?: string;
  creator: { mspId: string; role: CreatorRole };
  endorsers: { mspId: string }[];
  chaincode?: string;
  /** Invoked function, e.g. `consent:GrantConsent`. */
  function?: string;
}

const VALIDATION_NAMES = reverse(peer.TxValidationCode);
const HEADER_NAMES = reverse(common.HeaderType);

function reverse(table: object): Map<number, string> {
  return new Map<number, string>(Object.entries(table).map(([name, value]) => [value, name]));
}

export function validationCodeName(code: number | undefined): string {
  return code === undefined ? 'NOT_VALIDATED' : (VALIDATION_NAMES.get(code) ?? `CODE_${code}`);
}

export function summarizeTransaction(
  transaction: DecodedTransaction,
  blockNumber: number,
  validationFlag: number | undefined,
): TransactionSummary {
  const creator = decodeIdentity(transaction.creator);
  const endorser = transaction.endorser;
  // fabric-protos types its timestamps from google-protobuf, whose types this package does not install.
  const timestamp = common.ChannelHeader.deserializeBinary(
    transaction.channelHeader,
  ).getTimestamp() as unknown as { toDate(): Date } | undefined;
  return {
    txId: transaction.txId,
    blockNumber: String(blockNumber),
    index: transaction.index,
    type: HEADER_NAMES.get(transaction.type) ?? `TYPE_${transaction.type}`,
    validationCode: validationCodeName(validationFlag),
    ...(timestamp === undefined ? {} : { timestamp: timestamp.toDate().toISOString() }),
    creator: { mspId: creator.mspId, role: roleOf(creator.certificatePem) },
    endorsers: (endorser?.endorsements ?? []).map((endorsement) => ({
      mspId: decodeIdentity(endorsement.endorser).mspId,
    })),
    ...(transaction.type === HEADER_TYPE.endorserTransaction && endorser !== undefined
      ? { chaincode: endorser.chaincodeName, function: endorser.functionName }
      : {}),
  };
}

/** The creator's node OU (admin, client, …) from its certificate's subject; `member` when it has none. */
function roleOf(certificatePem: string): CreatorRole {
  let units: string[];
  try {
    units = new X509Certificate(certificatePem).subject
      .split('\n')
      .filter((line) => line.startsWith('OU='))
      .map((line) => line.slice(3));
  } catch {
    return 'member';
  }
  return NODE_ROLES.find((role) => units.includes(role)) ?? 'member';
}
