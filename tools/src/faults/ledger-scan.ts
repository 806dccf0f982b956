/**
 * What the ledger says, read through each organization's own peer: heights and the last block's header
 * hash (equal hashes at equal heights mean equal chains, each header hashes its predecessor), the request
 * ids carried by VALID transactions, conflicts, and a fixed sample of world state evaluated on every peer.
 */
import { peer } from '@hyperledger/fabric-protos';
import { gatewayFor, newPeerClient, readSigningIdentity } from '@sme-credit-ledger/network-profile/grpc';
import type { NetworkProfile } from '@sme-credit-ledger/network-profile';
import {
  decodeBlock,
  decodeTransaction,
  HEADER_TYPE,
  openPeerBlockSource,
  type FabricBlockSource,
} from '@sme-credit-ledger/verifier';
import {
  allEqual,
  askUntilEqual,
  differingAnswers,
  oddOrganizations,
  SETTLE_DEFAULTS,
  type Answers,
  type SettleOptions,
} from './probe-answers';
import type { LedgerIndex } from './request-log';

const { VALID, MVCC_READ_CONFLICT, PHANTOM_READ_CONFLICT } = peer.TxValidationCode;
const DEADLINE_MS = 10_000;

export interface PeerTip {
  org: string;
  height: number;
  /** Hex header hash of the last block; undefined when the peer did not answer. */
  tipHash?: string;
  /**
   * Hex validation flags of the last block. Each peer sets them itself at commit, in block metadata that the
   * header hash does not cover: equal hashes with other flags mean the peers disagree on what is valid.
   */
  tipFlags?: string;
  error?: string;
}

/** Height and tip hash of every organization's peer; a peer that does not answer gets an `error`. */
export async function peerTips(profile: NetworkProfile): Promise<PeerTip[]> {
  return Promise.all(
    [...profile.orgs.keys()].map(async (org): Promise<PeerTip> => {
      let source: FabricBlockSource | undefined;
      try {
        source = await openPeerBlockSource(profile, org);
        const height = await withTimeout(source.height(), `${org} height`);
        let tipHash: string | undefined;
        let tipFlags: string | undefined;
        for await (const bytes of source.blocks(height - 1, height - 1)) {
          const block = decodeBlock(bytes);
          tipHash = block.headerHash.toString('hex');
          tipFlags = Buffer.from(block.validationFlags).toString('hex');
        }
        return {
          org,
          height,
          ...(tipHash === undefined ? {} : { tipHash }),
          ...(tipFlags === undefined ? {} : { tipFlags }),
        };
      } catch (error) {
        return { org, height: -1, error: error instanceof Error ? error.message : String(error) };
      } finally {
        source?.close();
      }
    }),
  );
}

export const tipsAgree = (tips: readonly PeerTip[]): boolean =>
  tips.length > 0 &&
  tips.every(
    (tip) =>
      tip.error === undefined &&
      tip.height === tips[0]?.height &&
      tip.tipHash === tips[0]?.tipHash &&
      tip.tipFlags === tips[0]?.tipFlags,
  );

/** The request id a transaction carries: the services put it in the chaincode request's `requestId`. */
export function requestIdOf(args: readonly string[]): string | undefined {
  for (const arg of args) {
    if (!arg.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(arg) as { requestId?: unknown };
      if (typeof parsed.requestId === 'string') return parsed.requestId;
    } catch {
      // Not JSON: not a request.
    }
  }
  return undefined;
}

/** Indexes blocks `from`..height-1 of `org`'s peer: VALID request ids and conflicts. */
export async function indexLedger(profile: NetworkProfile, org: string, from: number): Promise<LedgerIndex> {
  const index: LedgerIndex = {
    validByRequest: new Map(),
    validTxIds: new Set(),
    conflicts: 0,
    valid: 0,
    hashes: new Map(),
  };
  const source = await openPeerBlockSource(profile, org);
  try {
    const height = await source.height();
    for await (const bytes of source.blocks(from, height - 1)) {
      const block = decodeBlock(bytes);
      block.envelopes.forEach((envelope, position) => {
        const transaction = decodeTransaction(envelope, position);
        if (transaction.type !== HEADER_TYPE.endorserTransaction || transaction.endorser === undefined)
          return;
        const flag = block.validationFlags[position];
        if (flag === MVCC_READ_CONFLICT || flag === PHANTOM_READ_CONFLICT) index.conflicts++;
        if (flag !== VALID) return;
        index.valid++;
        index.validTxIds.add(transaction.txId);
        // A record's hash may sit under several keys of one transaction (latest and history): count it once.
        const hashes = new Set<string>();
        for (const namespace of transaction.endorser.namespaces) {
          for (const write of namespace.writes) collectHash(hashes, write.value);
        }
        for (const hash of hashes) index.hashes.set(hash, (index.hashes.get(hash) ?? 0) + 1);
        // A retry of a committed request id is replayed by the chaincode: a VALID transaction that writes
        // nothing. Only a transaction that wrote something recorded the request.
        const wrote = transaction.endorser.namespaces.some(
          (namespace) => namespace.writes.length > 0 || namespace.collections.length > 0,
        );
        const id = requestIdOf(transaction.endorser.args);
        if (id !== undefined && wrote) index.validByRequest.set(id, (index.validByRequest.get(id) ?? 0) + 1);
      });
    }
    return index;
  } finally {
    source.close();
  }
}

export interface StateProbe {
  transaction: string;
  request: Record<string, unknown>;
}

/** What the state sample found: lasting differences, and differences that went away while the suite waited. */
export interface StateComparison {
  differences: string[];
  /** Probes some peer answered differently at first (a peer's state behind its blocks), with the wait. */
  settledLate: string[];
}

/**
 * Evaluates each probe on every organization's peer (as `identity`, through `viaOrg`'s peer, which forwards
 * to the named organization); a probe whose answers differ is asked again until they agree or the wait is
 * over (probe-answers.ts: a peer's state commits after its block is served).
 */
export async function stateDifferences(
  profile: NetworkProfile,
  identityKey: string,
  viaOrg: string,
  probes: readonly StateProbe[],
  settle: SettleOptions = SETTLE_DEFAULTS,
): Promise<StateComparison> {
  const identityProfile = profile.identities.get(identityKey);
  const via = profile.orgs.get(viaOrg);
  if (identityProfile === undefined || via === undefined) throw new Error(`no ${identityKey} or ${viaOrg}`);
  const client = await newPeerClient(via);
  const gateway = gatewayFor(client, await readSigningIdentity(identityProfile));
  const contract = gateway.getNetwork(profile.channel).getContract(profile.chaincode);
  const ask = async (probe: StateProbe): Promise<Answers> => {
    const answers = new Map<string, string>();
    for (const [org, orgProfile] of profile.orgs) {
      try {
        const bytes = await contract.evaluate(probe.transaction, {
          arguments: [JSON.stringify(probe.request)],
          endorsingOrganizations: [orgProfile.mspId],
        });
        answers.set(org, Buffer.from(bytes).toString('utf8'));
      } catch (error) {
        answers.set(org, `error: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return answers;
  };
  const comparison: StateComparison = { differences: [], settledLate: [] };
  // One wait shared by the whole sample: a lagging peer catches up once for every probe, and a real
  // divergence in every probe is reported after one wait, not one per probe.
  let waitLeftMs = settle.limitMs;
  try {
    for (const probe of probes) {
      const label = `${probe.transaction} ${JSON.stringify(probe.request)}`;
      const settled = await askUntilEqual(() => ask(probe), { ...settle, limitMs: waitLeftMs });
      waitLeftMs = Math.max(0, waitLeftMs - settled.waitedMs);
      if (allEqual(settled.answers)) {
        if (settled.rounds > 1)
          comparison.settledLate.push(
            `${label} agreed after ${(settled.waitedMs / 1000).toFixed(1)} s (first unlike the others: ${oddOrganizations(settled.first).join(', ')})`,
          );
      } else {
        comparison.differences.push(
          ...differingAnswers(label, settled.answers).map(
            (text) => `${text} [still after ${(settled.waitedMs / 1000).toFixed(0)} s]`,
          ),
        );
      }
    }
    return comparison;
  } finally {
    gateway.close();
    client.close();
  }
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer in ${DEADLINE_MS} ms`)), DEADLINE_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The attestation hash a public write holds (attestations store `hash` in their JSON value). */
function collectHash(into: Set<string>, value: Uint8Array): void {
  if (value[0] !== 0x7b) return;
  try {
    const parsed = JSON.parse(Buffer.from(value).toString('utf8')) as { hash?: unknown; docType?: unknown };
    if (typeof parsed.hash === 'string') into.add(parsed.hash);
  } catch {
    // Not JSON.
  }
}
