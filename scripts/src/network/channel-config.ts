import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Layout } from './layout';
import { run } from './shell';
import { addressOf, type Topology } from './topology';

export const PROFILE_NAME = 'CreditChannel';

type Policy = { Type: 'Signature' | 'ImplicitMeta'; Rule: string };

const implicit = (rule: string): Policy => ({ Type: 'ImplicitMeta', Rule: rule });
const signature = (rule: string): Policy => ({ Type: 'Signature', Rule: rule });

function peerOrgSection(topology: Topology, layout: Layout, index: number) {
  const org = topology.peerOrgs[index];
  if (!org) throw new Error(`no peer org at ${index}`);
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
 * Refuses a topology whose peer organizations differ from those the existing channel was created with (its
 * configtx.yaml, kept beside the genesis block). Joining a new organization's peer to a running channel
 * would need a channel configuration update signed by a majority of the admins, which the scripts do not
 * make yet: the peer would join from the genesis block and then be refused every read. Say so before
 * anything starts.
 */
export function assertChannelHasEveryOrg(topology: Topology, layout: Layout): void {
  const configtx = join(layout.channelDir, 'configtx.yaml');
  if (!existsSync(genesisBlockFile(layout, topology)) || !existsSync(configtx)) return;
  const profile = (
    JSON.parse(readFileSync(configtx, 'utf8')) as {
      Profiles: Record<string, { Application: { Organizations: { ID: string }[] } }>;
    }
  ).Profiles[PROFILE_NAME];
  const inChannel = new Set(profile?.Application.Organizations.map((org) => org.ID) ?? []);
  const wanted = new Set(topology.peerOrgs.map((org) => org.mspId));
  const added = [...wanted].filter((mspId) => !inChannel.has(mspId));
  const removed = [...inChannel].filter((mspId) => !wanted.has(mspId));
  if (added.length === 0 && removed.length === 0) return;
  const change = [
    ...(added.length > 0 ? [`names ${added.join(', ')}, which the channel was created without`] : []),
    ...(removed.length > 0 ? [`no longer names ${removed.join(', ')}, a member of the channel`] : []),
  ].join(' and ');
  throw new Error(
    `network/topology.json ${change}. Changing the organizations of an existing channel (a channel ` +
      `configuration update) is not supported yet: 'npm run network:reset' and then 'npm run network:up' ` +
      `create the network anew with the topology's organizations (reset deletes every ledger and key of ` +
      `${layout.root}). Nothing was started.`,
  );
}
