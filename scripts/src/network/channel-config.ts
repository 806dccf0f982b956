import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Layout } from './layout';
import { run } from './shell';
import { readChannelMembers } from './channel-members';
import { addressOf, type PeerOrg, type Topology } from './topology';

export const PROFILE_NAME = 'CreditChannel';

type Policy = { Type: 'Signature' | 'ImplicitMeta'; Rule: string };

const implicit = (rule: string): Policy => ({ Type: 'ImplicitMeta', Rule: rule });
const signature = (rule: string): Policy => ({ Type: 'Signature', Rule: rule });

function peerOrgSection(topology: Topology, layout: Layout, index: number) {
  const org = topology.peerOrgs[index];
  if (!org) throw new Error(`no peer org at ${index}`);
  return peerOrgDefinition(layout, org);
}

/** One peer organization as configtx.yaml defines it (also what `configtxgen -printOrg` reads for add-org). */
export function peerOrgDefinition(layout: Layout, org: PeerOrg) {
  const msp = org.mspId;
  return {
    Name: msp,
    ID: msp,
    MSPDir: layout.orgMsp(org.key),
    Policies: {
      Readers: signature(`OR('${msp}.admin', '${msp}.peer', '${msp}.client')`),
      Writers: signature(`OR('${msp}.admin', '${msp}.client')`),
      Admins: signature(`OR('${msp}.admin')`),
      Endorsement: signature(`OR('${msp}.peer')`),
    },
    AnchorPeers: org.peers.map((peer) => ({ Host: addressOf(peer), Port: peer.port })),
  };
}

/**
 * The channel's configtx.yaml, generated from the topology. JSON is valid YAML, so no YAML library is
 * needed; configtxgen reads it as usual.
 */
export function buildConfigtx(topology: Topology, layout: Layout): object {
  const ordererOrg = topology.ordererOrg;
  const omsp = ordererOrg.mspId;
  const tlsCert = (name: string) =>
    join(layout.nodeDir(ordererOrg.key, name), 'tls', 'signcerts', 'cert.pem');
  const ordererOrgSection = {
    Name: omsp,
    ID: omsp,
    MSPDir: layout.orgMsp(ordererOrg.key),
    Policies: {
      Readers: signature(`OR('${omsp}.member')`),
      Writers: signature(`OR('${omsp}.member')`),
      Admins: signature(`OR('${omsp}.admin')`),
    },
    OrdererEndpoints: ordererOrg.orderers.map((o) => `${addressOf(o)}:${o.port}`),
  };
  const ordering = topology.ordering;
  return {
    Profiles: {
      [PROFILE_NAME]: {
        Policies: {
          Readers: implicit('ANY Readers'),
          Writers: implicit('ANY Writers'),
          Admins: implicit('MAJORITY Admins'),
        },
        Capabilities: { V3_0: true },
        Orderer: {
          OrdererType: 'etcdraft',
          BatchTimeout: ordering.batchTimeout,
          BatchSize: {
            MaxMessageCount: ordering.maxMessageCount,
            AbsoluteMaxBytes: ordering.absoluteMaxBytes,
            PreferredMaxBytes: ordering.preferredMaxBytes,
          },
          EtcdRaft: {
            Consenters: ordererOrg.orderers.map((o) => ({
              Host: addressOf(o),
              Port: o.port,
              ClientTLSCert: tlsCert(o.name),
              ServerTLSCert: tlsCert(o.name),
            })),
            Options: {
              TickInterval: '500ms',
              ElectionTick: 10,
              HeartbeatTick: 1,
              MaxInflightBlocks: 5,
              SnapshotIntervalSize: ordering.snapshotIntervalSize,
            },
          },
          Organizations: [ordererOrgSection],
          Policies: {
            Readers: implicit('ANY Readers'),
            Writers: implicit('ANY Writers'),
            Admins: implicit('MAJORITY Admins'),
            BlockValidation: implicit('ANY Writers'),
          },
          Capabilities: { V2_0: true },
        },
        Application: {
          Organizations: topology.peerOrgs.map((_, i) => peerOrgSection(topology, layout, i)),
          Policies: {
            Readers: implicit('ANY Readers'),
            Writers: implicit('ANY Writers'),
            Admins: implicit('MAJORITY Admins'),
            LifecycleEndorsement: implicit('MAJORITY Endorsement'),
            Endorsement: implicit('MAJORITY Endorsement'),
          },
          // V2_5 enables PurgePrivateData, which erasure of a company's raw records relies on.
          Capabilities: { V2_5: true },
        },
      },
    },
  };
}

export function genesisBlockFile(layout: Layout, topology: Topology): string {
  return join(layout.channelDir, `${topology.channel}.block`);
}

/** Writes configtx.yaml and the channel's genesis block once; a later run keeps the existing block. */
export async function ensureGenesisBlock(topology: Topology, layout: Layout): Promise<string> {
  const block = genesisBlockFile(layout, topology);
  if (existsSync(block)) return block;
  mkdirSync(layout.channelDir, { recursive: true });
  writeFileSync(
    join(layout.channelDir, 'configtx.yaml'),
    JSON.stringify(buildConfigtx(topology, layout), null, 2),
  );
  await run(
    join(layout.binDir, 'configtxgen'),
    [
      '-profile',
      PROFILE_NAME,
      '-channelID',
      topology.channel,
      '-outputBlock',
      block,
      '-configPath',
      layout.channelDir,
    ],
    { env: { ...process.env, FABRIC_CFG_PATH: layout.channelDir } },
  );
  return block;
}

/**
 * Refuses a topology that no longer names a member of the existing channel (channel-members.ts): its
 * processes would be left out while the channel still counts it for its majorities. An organization the
 * topology adds is not refused here: callers see only the channel's members (memberTopology), and
 * `network:add-org` brings the new one in with a channel configuration update.
 */
export function assertChannelHasEveryOrg(topology: Topology, layout: Layout): void {
  if (!existsSync(genesisBlockFile(layout, topology))) return;
  const inChannel = readChannelMembers(layout)?.members ?? [];
  const wanted = new Set(topology.peerOrgs.map((org) => org.mspId));
  const added = [...wanted].filter((mspId) => !inChannel.includes(mspId));
  const removed = inChannel.filter((mspId) => !wanted.has(mspId));
  if (added.length === 0 && removed.length === 0) return;
  const change = [
    ...(added.length > 0 ? [`names ${added.join(', ')}, which the channel lacks`] : []),
    ...(removed.length > 0 ? [`no longer names ${removed.join(', ')}, a member of the channel`] : []),
  ].join(' and ');
  throw new Error(
    `the topology ${change}. Change the members of a running channel with 'npm run network:add-org -- <org>' ` +
      `(an organization added to the topology) or 'npm run network:remove-org -- <org>' (before deleting it ` +
      `from the topology); or 'npm run network:reset' and 'npm run network:up' create the network anew ` +
      `(reset deletes every ledger and key of ${layout.root}). Nothing was started.`,
  );
}
