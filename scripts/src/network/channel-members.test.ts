import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, afterAll } from '@jest/globals';
import { collectionDefinitions, bankCollection } from '@sme-credit-ledger/contract';
import { buildConfigtx } from './channel-config';
import {
  channelTopology,
  memberTopology,
  pendingOrgs,
  readChannelMembers,
  withMember,
  withoutMember,
  writeChannelMembers,
} from './channel-members';
import { makeLayout, repoRoot } from './layout';
import { loadTopology, type PeerOrg, type Topology } from './topology';

const topology = loadTopology(join(repoRoot, 'network', 'topology.json'));
const bank3 = topology.peerOrgs.find((org) => org.key === 'bank3') as PeerOrg;
const bank4: PeerOrg = { ...bank3, key: 'bank4', mspId: 'Bank4MSP' };
const withBank4: Topology = { ...topology, peerOrgs: [...topology.peerOrgs, bank4] };

describe('channel members', () => {
  const root = mkdtempSync(join(tmpdir(), 'channel-members-'));
  const layout = makeLayout(root, root);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('knows no members before the channel exists, and then takes the whole topology', () => {
    assert.equal(readChannelMembers(layout), undefined);
    assert.equal(memberTopology(withBank4, undefined), withBank4);
    assert.deepEqual(pendingOrgs(withBank4, undefined), []);
  });

  it('reads the members of a channel created before the file existed from its configtx.yaml', () => {
    mkdirSync(layout.channelDir, { recursive: true });
    writeFileSync(join(layout.channelDir, 'configtx.yaml'), JSON.stringify(buildConfigtx(topology, layout)));

    const members = readChannelMembers(layout);

    assert.deepEqual(
      members?.members,
      topology.peerOrgs.map((org) => org.mspId),
    );
    assert.deepEqual(pendingOrgs(withBank4, members), [bank4]);
    assert.deepEqual(memberTopology(withBank4, members).peerOrgs, topology.peerOrgs);
  });

  it('adds a member, then keeps a removed bank as retired, whose collection stays without it', () => {
    const start = readChannelMembers(layout);
    assert.ok(start);
    writeChannelMembers(layout, withMember(start, bank4));
    assert.deepEqual(memberTopology(withBank4, readChannelMembers(layout)).peerOrgs, withBank4.peerOrgs);

    writeChannelMembers(layout, withoutMember(withMember(start, bank4), bank4));
    const removed = memberTopology(withBank4, readChannelMembers(layout));

    assert.deepEqual(removed.peerOrgs, topology.peerOrgs);
    assert.deepEqual(removed.retiredBanks, ['Bank4MSP']);
    const collections = collectionDefinitions(removed.peerOrgs, { copies: 1 }, removed.retiredBanks);
    const retired = collections.find((c) => c.name === bankCollection('Bank4MSP'));
    assert.ok(retired, 'the retired bank keeps its collection');
    assert.doesNotMatch(retired.policy, /Bank4MSP/);
    assert.match(retired.policy, /GovMSP\.member.*AuditorMSP\.member/);
  });

  it('forgets a retired bank once it joins again', () => {
    const members = withMember(
      withoutMember({ members: ['GovMSP', 'Bank4MSP'], retiredBanks: [] }, bank4),
      bank4,
    );

    assert.deepEqual(members, { members: ['GovMSP', 'Bank4MSP'], retiredBanks: [] });
  });

  it('gives every command the running channel’s topology: a retired bank keeps its collection in approvals', () => {
    const own = mkdtempSync(join(tmpdir(), 'channel-topology-'));
    try {
      const instance = makeLayout(own, own);
      assert.equal(channelTopology(instance, 0).retiredBanks, undefined, 'no channel yet: the file as it is');
      mkdirSync(instance.channelDir, { recursive: true });
      writeChannelMembers(instance, {
        members: topology.peerOrgs.map((org) => org.mspId),
        retiredBanks: ['Bank4MSP'],
      });
      const running = channelTopology(instance, 0);
      assert.deepEqual(running.retiredBanks, ['Bank4MSP']);
      const names = collectionDefinitions(running.peerOrgs, { copies: 2 }, running.retiredBanks).map(
        (collection) => collection.name,
      );
      assert.ok(names.includes(bankCollection('Bank4MSP')), names.join(', '));
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
