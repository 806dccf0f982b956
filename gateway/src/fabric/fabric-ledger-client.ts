import * as grpc from '@grpc/grpc-js';
import { type Contract, type Gateway, type ProposalOptions } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { EVALUATE_TRANSACTIONS, GOV_MSP } from '@sme-credit-ledger/contract';
import {
  gatewayFor,
  newPeerClient,
  perPeerClients,
  readSigningIdentity,
} from '@sme-credit-ledger/network-profile/grpc';
import { readFileSync } from 'node:fs';
import type { IdentityProfile, NetworkProfile, OrgProfile } from '../identity/profile';
import type { ChannelQuery } from '../ledger/channel-query';
import type {
  EventStart,
  LedgerCall,
  LedgerClient,
  LedgerEventStream,
  ReadinessReport,
  SubmitResult,
} from '../ledger/ledger-client';
import { ApiError } from '../errors/problem';
import { chaincodeEventStream } from './chaincode-event-stream';
import { translateEvaluateError } from './fabric-errors';
import { CallLimiter } from './call-limiter';
import { isQueryRefusal } from './query-refusal';
import { BoundedCache } from './bounded-cache';
import { fabricCommitSource } from './commit-source';
import { CommitWatcher } from './commit-watcher';
import { prepareCall } from './confidential-call';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, submitWithRetry } from './submit-with-retry';
import type { OrgCertificateCheck } from '../identity/org-certificate';
import { type OfflineLimits, OfflineTransactions } from './offline-transactions';
import { probeState, readyWithFailover } from './peer-readiness';
import { drainOutbox, type SubmitOutbox } from './submit-outbox';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_DEADLINES, type FabricDeadlines, type FabricLedgerOptions } from './fabric-ledger-options';

export { DEFAULT_DEADLINES, type FabricDeadlines, type FabricLedgerOptions };

/** About 1 MB: the proofs of the profiles read most recently stay one map lookup away. */
const BLOCK_CACHE_ENTRIES = 10_000;

/** Pause before retrying to open the commit stream when the peer is unreachable. */
const WATCHER_RETRY_MS = 5_000;

/**
 * LedgerClient over fabric-gateway for one organization's service: one long-lived gRPC connection per peer,
 * shared by every identity's Gateway (a Gateway is only the identity and signer on top of the connection);
 * readiness checks every peer's connection. The service's identities (all of its own organization) talk to
 * their organization's own gateway peer, and target the record-holding (gov) peers for every endorsement and
 * evaluation; commit statuses come from the gov peer's block stream. So a bank's RecordAccess followed at once
 * by ReadAuthorizedRecords (or a consent granted and read at once by the bank) always sees its own write:
 * reads and commits on different peers sometimes did not (measured: NOT_FOUND for a just-recorded access).
 */
export class FabricLedgerClient implements LedgerClient {
  private readonly connections = new Map<string, grpc.Client>();
  /** One connection per peer, used only by the readiness probe. */
  private readonly peerProbes = new Map<string, { endpoint: string; client: grpc.Client }[]>();
  private readonly gateways = new Map<string, Promise<Gateway>>();
  /** Gateways on another organization's peer, keyed `identity@org`: channel queries that peer answers itself. */
  private readonly peerGateways = new Map<string, Promise<Gateway>>();
  /** The commit stream's Gateway: one of the service's identities, connected to the record-holding peer. */
  private watcherGateway: Promise<Gateway> | undefined;
  /** Block of each attestation transaction a read has proved; a transaction never moves to another block. */
  private readonly blockOfTx = new BoundedCache<string, bigint>(BLOCK_CACHE_ENTRIES);
  private readonly deadlines: FabricDeadlines;
  private readonly retryPolicy: RetryPolicy;
  private readonly recordHolderMsps: string[];
  private readonly calls: CallLimiter;

  private readonly profile: NetworkProfile;
  private watcher: CommitWatcher | undefined;
  private watcherRetry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: FabricLedgerOptions) {
    this.profile = options.identities.network;
    this.deadlines = options.deadlines ?? DEFAULT_DEADLINES;
    this.retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.calls = new CallLimiter(options.callLimits);
    this.recordHolderMsps =
      options.recordHolderMsps ?? [this.profile.orgs.get('gov')?.mspId ?? GOV_MSP].filter(Boolean);
  }

  /**
   * Opens the connection to every peer in the profile (connection happens in the background) and the
   * commit stream; a peer that is down does not stop the service, the stream is retried until it opens.
   */
  async start(): Promise<void> {
    for (const org of this.profile.orgs.values()) {
      await this.connection(org);
    }
    if (this.options.commitEvents !== false) {
      await this.startWatcher();
    }
  }

  private async startWatcher(): Promise<void> {
    const identity = this.watcherIdentity();
    if (identity === undefined) {
      return;
    }
    const watcher = new CommitWatcher(
      fabricCommitSource(
        () => this.commitStreamGateway(identity),
        this.profile.channel,
        this.recordHolderMsps,
      ),
      {
        onError: (error) =>
          this.options.logger.warn({ err: error }, 'commit stream broken; polling commit status meanwhile'),
      },
    );
    try {
      await watcher.start();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'commit stream not open yet; polling commit status meanwhile');
      if (!this.closed) {
        this.watcherRetry = setTimeout(() => void this.startWatcher(), WATCHER_RETRY_MS);
        this.watcherRetry.unref();
      }
      return;
    }
    if (this.closed) {
      watcher.close();
    } else {
      this.watcher = watcher;
    }
  }

  /** Any identity of the service: filtered blocks carry only ids and validation codes, readable by members. */
  private watcherIdentity(): string | undefined {
    const own = this.options.identities.org;
    return [...this.profile.identities.values()].find((identity) => own === undefined || identity.org === own)
      ?.key;
  }

  private commitStreamGateway(identityKey: string): Promise<Gateway> {
    this.watcherGateway ??= this.openGateway(identityKey, this.recordHolderOrg());
    this.watcherGateway.catch(() => {
      this.watcherGateway = undefined;
    });
    return this.watcherGateway;
  }

  /**
   * Client-side signing through this organization's peer (fabric/offline-transactions.ts): callers of the
   * organization sign with their own keys, commit statuses come from the same block stream as the service's.
   */
  offlineSigning(
    certificates: OrgCertificateCheck,
    limits?: OfflineLimits,
    outbox?: SubmitOutbox,
  ): OfflineTransactions {
    return new OfflineTransactions({
      client: () => this.connection(this.ownOrg()),
      certificates,
      channel: this.profile.channel,
      chaincode: this.profile.chaincode,
      endorsingOrganizations: this.recordHolderMsps,
      deadlines: this.deadlines,
      watchCommit: (txId, timeoutMs) => this.watcher?.watch(txId, timeoutMs),
      ...(limits === undefined ? {} : { limits }),
      ...(outbox === undefined ? {} : { outbox }),
    });
  }

  /**
   * Finishes the signed transactions a previous run of the service left in its outbox (submitted, answered
   * `202`, commit not seen): each one not yet in a block is sent again, which cannot record it twice.
   */
  finishOutbox(outbox: SubmitOutbox): ReturnType<typeof drainOutbox> {
    const inBlock = async (txId: string): Promise<boolean> =>
      (await this.queryChannel({ function: 'GetBlockByTxID', txId })) !== undefined;
    return drainOutbox(outbox, {
      isOnLedger: inBlock,
      resubmit: async ({ transactionId, bytes }) => {
        const identity = this.watcherIdentity();
        if (identity === undefined) return false;
        const gateway = await this.gateway(identity);
        await gateway.newTransaction(bytes).submit({ deadline: Date.now() + this.deadlines.submitMs });
        const until = Date.now() + this.deadlines.commitStatusMs;
        while (Date.now() < until) {
          if (await inBlock(transactionId)) return true;
          await sleep(500);
        }
        return false;
      },
    });
  }

  submit(call: LedgerCall): Promise<SubmitResult> {
    return this.calls.run(() => this.submitNow(call));
  }

  private async submitNow(call: LedgerCall): Promise<SubmitResult> {
    if (EVALUATE_TRANSACTIONS.includes(call.transaction)) {
      // A submitted response is stored in the block: read-only transactions may return private data.
      throw new ApiError(
        'INTERNAL',
        `${call.transaction} is read-only; it must be evaluated, never submitted`,
      );
    }
    const prepared = prepareCall(call);
    const contract = await this.contract(call.identity);
    const proposalOptions = this.proposalOptions(prepared.call);
    const metrics = this.options.metrics;
    const watcher = this.watcher;
    const committed = await submitWithRetry(
      () => contract.newProposal(call.transaction, proposalOptions),
      this.deadlines,
      this.retryPolicy,
      {
        onPhase: (phase, seconds) =>
          metrics?.fabricPhase.observe({ phase, transaction: call.transaction }, seconds),
        onRetry: (cause) => {
          metrics?.fabricRetries.inc({ cause });
          this.options.logger.warn({ transaction: call.transaction, cause }, 'retrying Fabric call');
        },
        onCommitSource: (source) => metrics?.commitStatuses.inc({ source }),
      },
      // A watcher closed meanwhile answers every watch with undefined: the submit then polls.
      watcher === undefined ? {} : { watchCommit: (txId, timeoutMs) => watcher.watch(txId, timeoutMs) },
    );
    return { ...committed, result: prepared.open(committed.result) };
  }

  evaluate(call: LedgerCall): Promise<Uint8Array> {
    return this.calls.run(() => this.evaluateNow(call));
  }

  private async evaluateNow(call: LedgerCall): Promise<Uint8Array> {
    const contract = await this.contract(call.identity);
    const end = this.options.metrics?.fabricPhase.startTimer({
      phase: 'evaluate',
      transaction: call.transaction,
    });
    try {
      // Raw records exist only on the record holders' peers (GOV_PEER_EVALUATIONS); every other read goes
      // there too, where this service's commits are awaited, so a read follows the writes before it.
      const prepared = prepareCall(call);
      const proposal = contract.newProposal(call.transaction, this.proposalOptions(prepared.call));
      return prepared.open(await proposal.evaluate({ deadline: Date.now() + this.deadlines.evaluateMs }));
    } catch (error) {
      throw translateEvaluateError(error);
    } finally {
      end?.();
    }
  }

  async blockNumberOf(identity: string, txId: string): Promise<bigint> {
    const cached = this.blockOfTx.get(txId);
    if (cached !== undefined) {
      return cached;
    }
    return this.calls.run(() => this.findBlockOf(identity, txId));
  }

  private async findBlockOf(identity: string, txId: string): Promise<bigint> {
    const gateway = await this.gateway(identity);
    const channel = this.profile.channel;
    try {
      const bytes = await gateway
        .getNetwork(channel)
        .getContract('qscc')
        .evaluate('GetBlockByTxID', {
          arguments: [channel, txId],
          endorsingOrganizations: this.recordHolderMsps,
        });
      const number = common.Block.deserializeBinary(bytes).getHeader()?.getNumber() ?? 0;
      const blockNumber = BigInt(number);
      this.blockOfTx.set(txId, blockNumber);
      return blockNumber;
    } catch (error) {
      throw translateEvaluateError(error);
    }
  }

  queryChannel(query: ChannelQuery): Promise<Uint8Array | undefined> {
    return this.calls.run(() => this.queryChannelNow(query));
  }

  private async queryChannelNow(query: ChannelQuery): Promise<Uint8Array | undefined> {
    const identity = query.identity ?? this.watcherIdentity();
    if (identity === undefined) {
      throw new ApiError('INTERNAL', 'the service has no identity to sign channel queries with');
    }
    const org = query.peerOrg === undefined ? undefined : this.profile.orgs.get(query.peerOrg);
    if (query.peerOrg !== undefined && org === undefined) {
      throw new ApiError('NOT_FOUND', `organization ${query.peerOrg} is not in the service's profile`);
    }
    const channel = this.profile.channel;
    const argument =
      query.function === 'GetBlockByNumber'
        ? [query.blockNumber.toString()]
        : query.function === 'GetBlockByTxID'
          ? [query.txId]
          : [];
    try {
      const gateway = await (org === undefined ? this.gateway(identity) : this.peerGateway(identity, org));
      const proposal = gateway
        .getNetwork(channel)
        .getContract('qscc')
        .newProposal(query.function, {
          arguments: [channel, ...argument],
          endorsingOrganizations: org === undefined ? this.recordHolderMsps : [org.mspId],
        });
      return await proposal.evaluate({ deadline: Date.now() + this.deadlines.evaluateMs });
    } catch (error) {
      if (query.function !== 'GetChainInfo' && isQueryRefusal(error)) {
        return undefined;
      }
      throw translateEvaluateError(error);
    }
  }

  /** A Gateway on `org`'s own peer, which then answers queries targeted at its organization itself. */
  private peerGateway(identityKey: string, org: OrgProfile): Promise<Gateway> {
    const key = `${identityKey}@${org.key}`;
    let gateway = this.peerGateways.get(key);
    if (gateway === undefined) {
      gateway = this.openGateway(identityKey, org);
      this.peerGateways.set(key, gateway);
      gateway.catch(() => this.peerGateways.delete(key));
    }
    return gateway;
  }

  async followEvents(identity: string, from: EventStart): Promise<LedgerEventStream> {
    const network = (await this.gateway(identity)).getNetwork(this.profile.channel);
    return chaincodeEventStream(network, this.profile.chaincode, from);
  }

  /**
   * Each peer of each organization probed on a connection of its own (the service's connection to an
   * organization spans all of its peers and shows only the one in use): ready while every organization has
   * a peer that answers, since the service's calls fail over to it.
   */
  async checkReady(): Promise<ReadinessReport> {
    const peers = await Promise.all(
      [...this.profile.orgs.values()].flatMap((org) =>
        this.probes(org).map(async ({ endpoint, client }) => ({
          org: org.key,
          endpoint,
          state: await probeState(client, this.deadlines.readyMs),
        })),
      ),
    );
    return { ready: readyWithFailover(peers), peers };
  }

  private probes(org: OrgProfile): { endpoint: string; client: grpc.Client }[] {
    let probes = this.peerProbes.get(org.key);
    if (probes === undefined) {
      probes = perPeerClients(org, readFileSync(org.tlsRootCertPath));
      this.peerProbes.set(org.key, probes);
    }
    return probes;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.watcherRetry);
    this.watcher?.close();
    this.watcher = undefined;
    this.watcherGateway?.then((g) => g.close()).catch(() => undefined);
    for (const gateway of [...this.gateways.values(), ...this.peerGateways.values()]) {
      gateway.then((g) => g.close()).catch(() => undefined);
    }
    for (const client of this.connections.values()) {
      client.close();
    }
    for (const probe of [...this.peerProbes.values()].flat()) {
      probe.client.close();
    }
    this.peerProbes.clear();
    this.gateways.clear();
    this.peerGateways.clear();
    this.connections.clear();
  }

  /**
   * Every proposal targets the record holders, whatever `call.onRecordHolders` says: the service's own peer
   * (a bank's or the auditor's) would otherwise answer reads from its own, possibly older, state.
   */
  private proposalOptions(call: LedgerCall): ProposalOptions {
    return {
      arguments: call.args ?? [],
      ...(call.transient === undefined ? {} : { transientData: call.transient }),
      endorsingOrganizations: this.recordHolderMsps,
    };
  }

  private async contract(identity: string): Promise<Contract> {
    const gateway = await this.gateway(identity);
    return gateway.getNetwork(this.profile.channel).getContract(this.profile.chaincode);
  }

  private gateway(identityKey: string): Promise<Gateway> {
    let gateway = this.gateways.get(identityKey);
    if (gateway === undefined) {
      gateway = this.openGateway(identityKey);
      this.gateways.set(identityKey, gateway);
      gateway.catch(() => this.gateways.delete(identityKey));
    }
    return gateway;
  }

  /** The service's own organization (its identities' peer); without one, the record holder's. */
  private ownOrg(): OrgProfile {
    const own = this.options.identities.org;
    return (own === undefined ? undefined : this.profile.orgs.get(own)) ?? this.recordHolderOrg();
  }

  private recordHolderOrg(): OrgProfile {
    const org = [...this.profile.orgs.values()].find((candidate) =>
      this.recordHolderMsps.includes(candidate.mspId),
    );
    if (org === undefined) {
      throw new Error(
        `no organization of the profile holds the records (${this.recordHolderMsps.join(', ')})`,
      );
    }
    return org;
  }

  private async openGateway(identityKey: string, org: OrgProfile = this.ownOrg()): Promise<Gateway> {
    const identity = await readSigningIdentity(await this.identity(identityKey));
    // No connection-wide deadlines: each call passes its own (this.deadlines).
    return gatewayFor(await this.connection(org), identity);
  }

  private async identity(identityKey: string): Promise<IdentityProfile> {
    const identity = await this.options.identities.resolve(identityKey);
    if (identity === undefined) {
      throw new Error(`identity ${identityKey} is not in the gateway profile`);
    }
    return identity;
  }

  private async connection(org: OrgProfile): Promise<grpc.Client> {
    let client = this.connections.get(org.key);
    if (client === undefined) {
      client = await newPeerClient(org, {
        'grpc.keepalive_time_ms': 120_000,
        'grpc.keepalive_timeout_ms': 20_000,
      });
      const existing = this.connections.get(org.key);
      if (existing !== undefined) {
        client.close();
        return existing;
      }
      this.connections.set(org.key, client);
    }
    return client;
  }
}
