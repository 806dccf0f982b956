import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildConfigtx, PROFILE_NAME } from './channel-config';
import { layoutFromEnv } from './layout';
import { loadTopology } from './topology';

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

  it('gives every peer org an anchor peer and a peer-only endorsement policy', () => {
    for (const org of profile?.Application.Organizations ?? []) {
      assert.equal(org.AnchorPeers.length, 1, `${org.ID} anchor peers`);
      assert.equal(org.Policies.Endorsement?.Rule, `OR('${org.ID}.peer')`);
    }
    assert.deepEqual(
      profile?.Application.Organizations.map((org) => org.ID),
      topology.peerOrgs.map((org) => org.mspId),
    );
  });
});
