/**
 * A read of Fabric's query system chaincode (qscc) on the channel. Answers are protobuf: a `common.Block`
 * for the block queries, a `common.BlockchainInfo` for GetChainInfo.
 */
export type ChannelQuery = ChannelQueryTarget &
  (
    | { function: 'GetChainInfo' }
    | { function: 'GetBlockByNumber'; blockNumber: bigint }
    | { function: 'GetBlockByTxID'; txId: string }
  );

export interface ChannelQueryTarget {
  /** Identity key `<org>/<name>` that signs the query; omitted: any identity of the service (operators). */
  identity?: string;
  /** Organization key whose own peer answers; omitted: the record holders' peer (where proofs are read). */
  peerOrg?: string;
}
