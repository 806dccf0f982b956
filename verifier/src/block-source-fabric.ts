// Fetching blocks needs the deliver service and qscc; this adapter is the verifier's only Fabric client code.
import type * as grpc from '@grpc/grpc-js';
import type { Gateway } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { gatewayFor, newPeerClient, readSigningIdentity } from '@sme-credit-ledger/network-profile/grpc';
import type { BlockSource } from './block-source';

/** How to reach one organization's peer and whom to ask as (any channel member may read blocks). */
export interface PeerConnection {
  orgKey: string;
  mspId: string;
  peerEndpoint: string;
  peerHostAlias: string;
  tlsRootCertPath: string;
  identity: { mspId: string; certPath: string; keyPath: string };
  channel: string;
}

const QUERY_DEADLINE_MS = 15_000;
const DELIVER_IDLE_MS = 30_000;

/**
 * Reads a peer's blocks: the height from the ledger query system chaincode (`qscc GetChainInfo`) and the
 * blocks from the deliver service (full blocks, streamed). The peer is only a transport: its answers are
 * verified, so a lying peer is caught, not trusted.
 */
export class FabricBlockSource implements BlockSource {
  readonly name: string;

  private constructor(
    private readonly gateway: Gateway,
    private readonly client: grpc.Client,
    private readonly connection: PeerConnection,
  ) {
    this.name = `${connection.mspId} peer ${connection.peerEndpoint}`;
  }

  static async open(connection: PeerConnection): Promise<FabricBlockSource> {
    const identity = await readSigningIdentity(connection.identity);
    // Whole blocks can exceed grpc-js's default 4 MB receive limit.
    const client = await newPeerClient(connection, { 'grpc.max_receive_message_length': 110 * 1024 * 1024 });
    // The verifier only evaluates; the other deadlines never apply.
    const gateway = gatewayFor(client, identity, {
      evaluateMs: QUERY_DEADLINE_MS,
      endorseMs: QUERY_DEADLINE_MS,
      submitMs: QUERY_DEADLINE_MS,
      commitStatusMs: QUERY_DEADLINE_MS,
    });
    return new FabricBlockSource(gateway, client, connection);
  }

  async height(): Promise<number> {
    const qscc = this.gateway.getNetwork(this.connection.channel).getContract('qscc');
    const bytes = await qscc.evaluate('GetChainInfo', {
      arguments: [this.connection.channel],
      endorsingOrganizations: [this.connection.mspId],
    });
    return Number(common.BlockchainInfo.deserializeBinary(bytes).getHeight());
  }

  async *blocks(from: number, to: number): AsyncIterable<Uint8Array> {
    if (to < from) {
      return;
    }
    const network = this.gateway.getNetwork(this.connection.channel);
    const events = await network.getBlockEvents({ startBlock: BigInt(from) });
    try {
      const iterator = events[Symbol.asyncIterator]();
      for (let expected = from; expected <= to; expected += 1) {
        const next = await withIdleTimeout(iterator.next(), expected);
        if (next.done === true) {
          return;
        }
        yield next.value.serializeBinary();
      }
    } finally {
      events.close();
    }
  }

  close(): void {
    this.gateway.close();
    this.client.close();
  }
}

async function withIdleTimeout<T>(promise: Promise<T>, blockNumber: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the peer sent no block ${blockNumber} within ${DELIVER_IDLE_MS} ms`)),
      DELIVER_IDLE_MS,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
