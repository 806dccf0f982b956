import { type Checkpointer, checkpointers, type Network } from '@hyperledger/fabric-gateway';
import type { EventStart, LedgerEvent, LedgerEventStream } from '../ledger/ledger-client';
import { translateFabricError } from './fabric-errors';

/**
 * The chaincode's events from where `from` says, with a checkpoint the consumer moves as it acknowledges
 * each event: in memory, or in `from.checkpointFile` so a restarted service resumes without a gap.
 */
export async function chaincodeEventStream(
  network: Network,
  chaincode: string,
  from: EventStart,
): Promise<LedgerEventStream> {
  const checkpointer: Checkpointer =
    from.checkpointFile === undefined
      ? checkpointers.inMemory()
      : await checkpointers.file(from.checkpointFile);
  if ('after' in from) {
    // The consumer's Last-Event-ID is the authority: it says what actually reached it.
    await checkpointer.checkpointTransaction(from.after.blockNumber, from.after.txId ?? '');
  } else if (
    'fallback' in from &&
    from.fallback !== undefined &&
    checkpointer.getBlockNumber() === undefined
  ) {
    await checkpointer.checkpointTransaction(from.fallback.blockNumber, from.fallback.txId ?? '');
  }
  const startBlock = 'startBlock' in from ? from.startBlock : undefined;
  let events;
  try {
    events = await network.getChaincodeEvents(chaincode, {
      checkpoint: checkpointer,
      ...(startBlock === undefined ? {} : { startBlock }),
    });
  } catch (error) {
    throw translateFabricError(error);
  }
  return {
    async *[Symbol.asyncIterator](): AsyncIterator<LedgerEvent> {
      try {
        for await (const event of events) {
          yield {
            blockNumber: event.blockNumber,
            txId: event.transactionId,
            name: event.eventName,
            payload: event.payload,
          };
        }
      } catch (error) {
        throw translateFabricError(error);
      }
    },
    acknowledge: (event) => checkpointer.checkpointTransaction(event.blockNumber, event.txId),
    close: () => events.close(),
  };
}
