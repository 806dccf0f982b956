import { loadNetworkProfile, type NetworkProfile } from '@sme-credit-ledger/network-profile';
import { FabricBlockSource } from './block-source-fabric';
import { readCheckpoint, resumableCheckpoint, writeCheckpoint, type VerifierCheckpoint } from './checkpoint';
import { verifyLedger, type VerifyLedgerResult } from './verify-ledger';

export interface NetworkVerificationOptions {
  /** `data/network/gateway-profile.json` or `$SME_GATEWAY_PROFILE`. */
  profilePath: string;
  /** Organization key whose peer serves the blocks (default `auditor`: the auditor's own peer). */
  peer?: string;
  /** Identity to read blocks as (default: the first `auditor` identity of the profile). */
  identity?: string;
  /** Checkpoint file: resume after it and update it when the run is clean. */
  checkpointPath?: string;
  /** Ignore the checkpoint's progress and verify every block again (the file is still rewritten). */
  fromGenesis?: boolean;
  /** Hex header hash of the genesis block the auditor trusts (else the checkpoint's, if any). */
  expectedGenesisHash?: string;
  /** Second organization whose peer must hold identical blocks. */
  compareWith?: string;
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_PEER_ORG = 'auditor';

/** The blocks of `orgKey`'s peer, read as `identityKey` (default: the profile's first auditor). */
export function openPeerBlockSource(
  profile: NetworkProfile,
  orgKey: string,
  identityKey?: string,
): Promise<FabricBlockSource> {
  const org = profile.orgs.get(orgKey);
  if (org === undefined) {
    throw new Error(
      `no organization ${orgKey} in the gateway profile (known: ${[...profile.orgs.keys()].join(', ')})`,
    );
  }
  const identity =
    identityKey === undefined
      ? [...profile.identities.values()].find((candidate) => candidate.role === 'auditor')
      : profile.identities.get(identityKey);
  if (identity === undefined) {
    throw new Error(`no identity ${identityKey ?? 'with role auditor'} in the gateway profile`);
  }
  return FabricBlockSource.open({
    orgKey,
    mspId: org.mspId,
    peerEndpoint: org.peerEndpoint,
    peerHostAlias: org.peerHostAlias,
    tlsRootCertPath: org.tlsRootCertPath,
    identity,
    channel: profile.channel,
  });
}

/** The checkpoint to resume from (none with `fromGenesis`) and the genesis hash to pin (even then). */
async function startingPoint(
  options: NetworkVerificationOptions,
): Promise<{ saved?: VerifierCheckpoint; genesisPin?: string }> {
  const file = options.checkpointPath;
  const stored = file === undefined ? undefined : await readCheckpoint(file);
  const genesisPin = options.expectedGenesisHash ?? stored?.genesisHash;
  const saved =
    options.fromGenesis === true || file === undefined ? undefined : resumableCheckpoint(file, stored);
  return { ...(saved === undefined ? {} : { saved }), ...(genesisPin === undefined ? {} : { genesisPin }) };
}

/**
 * Verifies the ledger through a peer of the live network. The checkpoint is read first (and its genesis
 * hash pinned, so a peer serving another chain is refused) and rewritten only after a clean run.
 */
export async function verifyNetworkLedger(options: NetworkVerificationOptions): Promise<VerifyLedgerResult> {
  const profile = await loadNetworkProfile(options.profilePath);
  const { saved, genesisPin } = await startingPoint(options);
  const source = await openPeerBlockSource(profile, options.peer ?? DEFAULT_PEER_ORG, options.identity);
  const compareWith =
    options.compareWith === undefined
      ? undefined
      : await openPeerBlockSource(profile, options.compareWith, options.identity);
  try {
    const result = await verifyLedger({
      source,
      channel: profile.channel,
      chaincode: profile.chaincode,
      ...(saved === undefined ? {} : { checkpoint: saved }),
      ...(genesisPin === undefined ? {} : { expectedGenesisHash: genesisPin }),
      ...(compareWith === undefined ? {} : { compareWith }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
    if (options.checkpointPath !== undefined && result.report.ok && result.checkpoint !== undefined) {
      await writeCheckpoint(options.checkpointPath, result.checkpoint);
    }
    return result;
  } finally {
    source.close();
    compareWith?.close();
  }
}
