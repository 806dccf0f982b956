import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  bankCollection,
  collectionDefinitions,
  LENDER_RAW_RECORDS_COLLECTION,
  RAW_RECORDS_COLLECTION,
} from '@sme-credit-ledger/contract';
import { layoutFromEnv } from './layout';
import { loadTopology, type PeerOrg } from './topology';

/** The MSP ids an `OR('X.member',…)` policy names. */
const members = (policy: string): string[] =>
  [...policy.matchAll(/'([A-Za-z0-9]+)\.member'/g)].map((m) => m[1] ?? '');

describe('collections config generated from the topology', () => {
  const topology = loadTopology(layoutFromEnv({}).topologyFile);
  const banks = topology.peerOrgs.filter((org) => org.role === 'bank');
  const nonBanks = topology.peerOrgs.filter((org) => org.role !== 'bank').map((org) => org.mspId);

  it('gives every bank of the topology its own member-only business collection: gov, that bank, the auditor', () => {
    const definitions = collectionDefinitions(topology.peerOrgs);

    for (const bank of banks) {
      const collection = definitions.find((definition) => definition.name === bankCollection(bank.mspId));
      assert.ok(collection, bank.mspId);
      assert.deepEqual(members(collection.policy).sort(), [...nonBanks, bank.mspId].sort());
      assert.deepEqual([collection.memberOnlyRead, collection.memberOnlyWrite], [true, true]);
    }
    assert.equal(
      definitions.length,
      3 + banks.length,
      'the raw records, the lenders’ raw records, the index, one per bank',
    );
  });

  it('keeps each raw record on as many gov peers as the topology asks before the attestation is endorsed', () => {
    const copies = topology.chaincode.rawRecordCopies;
    const govPeers = topology.peerOrgs.find((org) => org.role === 'gov')?.peers.length ?? 0;
    assert.equal(copies, govPeers, 'every gov peer holds every raw record');
    const definitions = collectionDefinitions(topology.peerOrgs, { copies });

    for (const name of [RAW_RECORDS_COLLECTION, LENDER_RAW_RECORDS_COLLECTION]) {
      const collection = definitions.find((definition) => definition.name === name);
      assert.ok(collection, name);
      // The endorsing peer counts itself out: requiredPeerCount is the number of other peers.
      assert.equal(collection.requiredPeerCount, copies - 1, name);
      assert.ok(collection.maxPeerCount >= collection.requiredPeerCount, name);
    }
    assert.throws(() => collectionDefinitions(topology.peerOrgs, { copies: 0 }), /at least 1/);
  });

  it('gives a bank added to the topology a collection of its own and changes no other collection', () => {
    const added: PeerOrg = { ...(banks[0] as PeerOrg), key: 'bank9', mspId: 'Bank9MSP' };
    const before = collectionDefinitions(topology.peerOrgs);

    const after = collectionDefinitions([...topology.peerOrgs, added]);

    // Fabric matches collections by name across definitions, so order is free; contents are not.
    for (const definition of before) {
      assert.deepEqual(
        after.find((candidate) => candidate.name === definition.name),
        definition,
        definition.name,
      );
    }
    const newCollections = after.filter((definition) => !before.some((old) => old.name === definition.name));
    assert.deepEqual(
      newCollections.map((definition) => [definition.name, members(definition.policy).sort()]),
      [[bankCollection('Bank9MSP'), [...nonBanks, 'Bank9MSP'].sort()]],
    );
  });
});
