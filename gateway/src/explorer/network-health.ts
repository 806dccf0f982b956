import type { LedgerClient } from '../ledger/ledger-client';
import type { BlockExplorer } from './block-explorer';
import {
  type FetchText,
  fetchText,
  type OrdererOps,
  ordererStatus,
  type OrdererStatus,
} from './orderer-metrics';

/** Each probe's deadline: a health page that waits on a dead node would itself look dead. */
const PROBE_MS = 2_000;

export interface PeerHealth {
  org: string;
  endpoint: string;
  /** gRPC connectivity of the service's connection to the peer. */
  state: string;
  /** The peer's ledger height from qscc GetChainInfo; absent when it did not answer. */
  height?: string;
}

export interface NetworkHealth {
  channel: string;
  checkedAt: string;
  peers: PeerHealth[];
  orderers: OrdererStatus[];
  /** Name of the orderer that reports itself Raft leader; absent while none (or more than one) does. */
  leader?: string;
}

export interface NetworkHealthOptions {
  channel: string;
  orderers: readonly OrdererOps[];
  fetch?: FetchText;
}

/** Live heights of every peer the service reaches and the orderers' Raft leader, probed in parallel. */
export class NetworkHealthProbe {
  constructor(
    private readonly ledger: LedgerClient,
    private readonly explorer: BlockExplorer,
    private readonly options: NetworkHealthOptions,
  ) {}

  async check(identity: string | undefined): Promise<NetworkHealth> {
    const [ready, orderers] = await Promise.all([
      this.ledger.checkReady(),
      Promise.all(
        this.options.orderers.map((orderer) =>
          ordererStatus(orderer, this.options.channel, this.options.fetch ?? fetchText, PROBE_MS),
        ),
      ),
    ]);
    const peers = await Promise.all(
      ready.peers.map(async (peer): Promise<PeerHealth> => {
        const height = await this.explorer
          .height({ peerOrg: peer.org, ...(identity === undefined ? {} : { identity }) })
          .then(String)
          .catch(() => undefined);
        return { ...peer, ...(height === undefined ? {} : { height }) };
      }),
    );
    const leaders = orderers.filter((orderer) => orderer.isLeader);
    return {
      channel: this.options.channel,
      checkedAt: new Date().toISOString(),
      peers,
      orderers,
      ...(leaders.length === 1 && leaders[0] !== undefined ? { leader: leaders[0].name } : {}),
    };
  }
}
