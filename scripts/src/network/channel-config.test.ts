import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertChannelHasEveryOrg, buildConfigtx, genesisBlockFile, PROFILE_NAME } from './channel-config';
import { layoutFromEnv, makeLayout } from './layout';
import { loadTopology, type PeerOrg, type Topology } from './topology';

interface Profile {
  Capabilities: Record<string, boolean>;
  Orderer: {
    OrdererType: string;
    BatchTimeout: string;
    EtcdRaft: { Consenters: { Host: string; Port: number }[] };
    Organizations: { OrdererEndpoints: string[] }[];
  };
  Application: {
    Capabilities: Record<string, boolean>;
    Organizations: {
      ID: string;
      AnchorPeers: { Host: string; Port: number }[];
      Policies: Record<string, { Rule: string }>;
    }[];
  };
}

describe('channel configuration', () => {
  const layout = layoutFromEnv({});
  const topology = loadTopology(layout.topologyFile);
  const profile = (buildConfigtx(topology, layout) as { Profiles: Record<string, Profile> }).Profiles[
    PROFILE_NAME
  ];

  it('orders with Raft on all three orderers, each on loopback', () => {
    assert.equal(profile?.Orderer.OrdererType, 'etcdraft');
    assert.deepEqual(
      profile?.Orderer.EtcdRaft.Consenters.map((c) => `${c.Host}:${c.Port}`),
      ['127.0.0.1:7050', '127.0.0.1:8050', '127.0.0.1:9050'],
    );
    assert.deepEqual(profile?.Orderer.Organizations[0]?.OrdererEndpoints, [
      '127.0.0.1:7050',
      '127.0.0.1:8050',
      '127.0.0.1:9050',
    ]);
  });

  it('cuts blocks after the low-latency batch timeout from the topology', () => {
    assert.equal(profile?.Orderer.BatchTimeout, '100ms');
  });

  it('enables application capability V2_5, which private data purge needs', () => {
    assert.equal(profile?.Application.Capabilities.V2_5, true);
  });

  it('gives every peer of every peer org an anchor peer entry and a peer-only endorsement policy', () => {
    for (const org of profile?.Application.Organizations ?? []) {
      const peers = topology.peerOrgs.find((candidate) => candidate.mspId === org.ID)?.peers.length;
      assert.equal(org.AnchorPeers.length, peers, `${org.ID} anchor peers`);
      assert.equal(org.Policies.Endorsement?.Rule, `OR('${org.ID}.peer')`);
    }
    assert.deepEqual(
      profile?.Application.Organizations.map((org) => org.ID),
      topology.peerOrgs.map((org) => org.mspId),
    );
  });

  describe('an existing channel and a changed topology', () => {
    const root = mkdtempSync(join(tmpdir(), 'channel-orgs-'));
    const existing = makeLayout(root, layout.fabricHome);
    const bank = topology.peerOrgs.find((org) => org.role === 'bank') as PeerOrg;
    const withBank9: Topology = {
      ...topology,
      peerOrgs: [...topology.peerOrgs, { ...bank, key: 'bank9', mspId: 'Bank9MSP' }],
    };
    mkdirSync(existing.channelDir, { recursive: true });
    writeFileSync(
      join(existing.channelDir, 'configtx.yaml'),
      JSON.stringify(buildConfigtx(topology, existing)),
    );

    it('starts a network whose channel does not exist yet, whatever the topology names', () => {
      assert.doesNotThrow(() => assertChannelHasEveryOrg(withBank9, existing));
    });

    it('refuses, before starting anything, an organization the existing channel lacks, naming add-org', () => {
      writeFileSync(genesisBlockFile(existing, topology), '');
      try {
        assert.doesNotThrow(() => assertChannelHasEveryOrg(topology, existing));
        assert.throws(
          () => assertChannelHasEveryOrg(withBank9, existing),
          /names Bank9MSP, which the channel lacks.*network:add-org.*Nothing was started/s,
        );
        assert.throws(
          () => assertChannelHasEveryOrg({ ...topology, peerOrgs: topology.peerOrgs.slice(0, -1) }, existing),
          /no longer names .*MSP, a member of the channel/,
        );
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  });
});
