/** Answers of the gateway's block explorer and network health routes (gateway/src/routes/explorer-schemas.ts). */
export interface TransactionSummary {
  txId: string;
  blockNumber: string;
  index: number;
  type: string;
  validationCode: string;
  timestamp?: string;
  creator: { mspId: string; role: 'admin' | 'client' | 'peer' | 'orderer' | 'member' };
  endorsers: { mspId: string }[];
  chaincode?: string;
  function?: string;
}

export interface BlockSummary {
  number: string;
  hash: string;
  previousHash: string;
  dataHash: string;
  transactionCount: number;
  validTransactions: number;
  timestamp?: string;
}

export interface BlockDetail extends BlockSummary {
  transactions: TransactionSummary[];
}

export interface BlockPage {
  height: string;
  blocks: BlockSummary[];
  next?: string;
}

export interface NetworkHealth {
  channel: string;
  checkedAt: string;
  leader?: string;
  peers: { org: string; endpoint: string; state: string; height?: string }[];
  orderers: { name: string; reachable: boolean; isLeader: boolean; clusterSize?: number; height?: string }[];
}
