import { channelTopology } from '@sme-credit-ledger/scripts/channel-members';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { layoutFromEnv, portOffsetFromEnv } from '@sme-credit-ledger/scripts/layout';
import type { Network } from '@sme-credit-ledger/scripts/network';
import {
  enrollPeerIdentity,
  freePeerNode,
  installDeployedChaincode,
  joinBySnapshot,
  startEmptyPeer,
  stopExtraPeer,
  waitForHeight,
} from '@sme-credit-ledger/scripts/peer-join';
import {
  everyPeer,
  peerHeight,
  requestSnapshot,
  snapshotNow,
  waitForSnapshot,
  type PeerRef,
} from '@sme-credit-ledger/scripts/snapshot';
import { findPeerOrg } from '@sme-credit-ledger/scripts/topology';
import { asOrgAdmin } from './support/fabric-cli';
import { connectAs, type Connection } from './support/fabric-client';
import { ensureNetwork } from './support/network-cli';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(600_000);

describe('a new peer joined by snapshot', () => {
  const layout = layoutFromEnv();
  const topology = channelTopology(layout);
  const net: Network = { topology, layout, log: () => undefined };
  const org = findPeerOrg(topology, 'bank1');
  const source: PeerRef = { org, peer: org.peers[0]! };
  const run = randomUUID().slice(0, 8);
  const sample = Array.from({ length: 6 }, (_, i) => `snapjoin-${run}-${i}`);
  let joined: PeerRef;
  let connection: Connection;

  const record = async (id: string): Promise<void> => {
    const contract = connection.gateway.getNetwork(topology.channel).getContract(topology.chaincode.name);
    await contract.submit('health:RecordHeartbeat', { arguments: [id], endorsingOrganizations: ['GovMSP'] });
  };
  const channelHeight = async (): Promise<number> =>
    Math.max(...(await Promise.all(everyPeer(topology).map((ref) => peerHeight(topology, ref)))));
  /** ReadHeartbeat through Fabric's peer CLI, as bank1's admin, on one chosen peer. */
  const readOn = (ref: PeerRef, id: string): Promise<string> =>
    asOrgAdmin(
      org.key,
      `CORE_PEER_ADDRESS=127.0.0.1:${ref.peer.port} peer chaincode query -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" ` +
        `-c '{"Args":["health:ReadHeartbeat","${id}"]}'`,
    );

  beforeAll(async () => {
    const profile = await ensureNetwork();
    connection = connectAs(profile, 'bank1/officer', 'gov');
    // Half the sample is in the snapshot; the other half is in blocks the new peer replays after it.
    for (const id of sample.slice(0, 3)) await record(id);
    const snapshot = await snapshotNow(topology, layout, source);
    for (const id of sample.slice(3)) await record(id);

    await enrollPeerIdentity(net, org, 'snaptest');
    joined = { org, peer: await freePeerNode(topology, org, 'snaptest', 12150 + portOffsetFromEnv()) };
    await startEmptyPeer(net, joined);
    await joinBySnapshot(net, joined, snapshot.dir);
    await installDeployedChaincode(net, joined);
    await waitForHeight(net, joined, await channelHeight(), 120_000);
  });

  afterAll(async () => {
    connection?.close();
    if (joined) await stopExtraPeer(net, joined, { deleteLedger: true });
  });

  it('answers the same heartbeats as the peer it was joined from, before and after the snapshot block', async () => {
    for (const id of sample) {
      const expected = await readOn(source, id);
      assert.equal(
        (JSON.parse(expected) as { heartbeat: { heartbeatId: string } }).heartbeat.heartbeatId,
        id,
      );
      assert.equal(await readOn(joined, id), expected, `${id} differs on the joined peer`);
    }
  });

  it('holds the same world state: a snapshot of the same block hashes the same on both peers', async () => {
    const block = await channelHeight();
    assert.equal(await requestSnapshot(topology, layout, source, block), 'submitted');
    assert.equal(await requestSnapshot(topology, layout, joined, block), 'submitted');
    await record(`snapjoin-${run}-cut`);
    const [original, copy] = await Promise.all([
      waitForSnapshot(topology, layout, source, block, 60_000),
      waitForSnapshot(topology, layout, joined, block, 60_000),
    ]);
    assert.equal(copy.lastBlockHash, original.lastBlockHash);
    assert.equal(copy.snapshotHash, original.snapshotHash);
  });

  it('refuses a snapshot request from an identity that is not an admin of the peer', async () => {
    const officerMsp = `${layout.userDir(org.key, 'officer')}/msp`;
    await assert.rejects(
      asOrgAdmin(
        org.key,
        `CORE_PEER_MSPCONFIGPATH=${officerMsp} peer snapshot submitrequest -c "$CHANNEL_NAME" -b 0 ` +
          `--peerAddress "$CORE_PEER_ADDRESS" --tlsRootCertFile "$CORE_PEER_TLS_ROOTCERT_FILE"`,
      ),
      /The identity is not an admin under this MSP \[Bank1MSP\]/,
    );
  });
});
