import type { Gateway } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import type { CommitWatcherSource } from './commit-watcher';

/**
 * The CommitWatcher's view of one peer through fabric-gateway: its height from the ledger query system
 * chaincode, and its filtered blocks (transaction ids and validation codes, no payloads).
 */
export function fabricCommitSource(
  gateway: () => Promise<Gateway>,
  channel: string,
  peerMspIds: string[],
): CommitWatcherSource {
  return {
    height: async () => {
      const bytes = await (
        await gateway()
      )
        .getNetwork(channel)
        .getContract('qscc')
        .evaluate('GetChainInfo', { arguments: [channel], endorsingOrganizations: peerMspIds });
      return BigInt(common.BlockchainInfo.deserializeBinary(bytes).getHeight());
    },
    open: async (startBlock) => (await gateway()).getNetwork(channel).getFilteredBlockEvents({ startBlock }),
  };
}
