import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { asOrgAdmin } from './support/fabric-cli';
import {
  awaitCommitOnEveryPeer,
  connectAs,
  connectToEachPeer,
  type Connection,
} from './support/fabric-client';
import { ensureNetwork, type TestProfile } from './support/network-cli';
import { peerOrgs, readerOf } from './support/topology';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(600_000);

const utf8 = new TextDecoder();

/** A read through a peer that may not have committed the write yet: asked again for up to ~10 s. */
async function replicated<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= 20 || !/NOT_FOUND/.test(String(error))) throw error;
      await sleep(500);
    }
  }
}

describe('network: one channel replicated across every organization of the topology', () => {
  let profile: TestProfile;
  const connections: Connection[] = [];

  beforeAll(async () => {
    profile = await ensureNetwork();
  });

  afterAll(() => {
    for (const connection of connections) connection.close();
  });

  it('commits a transaction submitted through bank1 and reads it through every org peer', async () => {
    const heartbeatId = `replication-${randomUUID()}`;
    const bank = connectAs(profile, 'bank1/officer');
    connections.push(bank);
    const contract = bank.gateway.getNetwork(profile.channel).getContract(profile.chaincode, 'health');

    const transaction = await contract.submitAsync('RecordHeartbeat', { arguments: [heartbeatId] });
    assert.equal((await transaction.getStatus()).successful, true);
    const { heartbeat: submitted } = JSON.parse(utf8.decode(transaction.getResult())) as {
      heartbeat: { txId: string; mspId: string };
    };
    // bank1's peer has committed it; each other peer commits the same block a moment later, on its own.
    const everyPeer = connectToEachPeer(profile, 'bank1/officer');
    connections.push(...everyPeer);
    await awaitCommitOnEveryPeer(everyPeer, transaction.getBytes());

    assert.equal(submitted.mspId, 'Bank1MSP');
    const readers = Object.fromEntries(peerOrgs.map((org) => [org.key, readerOf(org)]));
    for (const [org, identity] of Object.entries(readers)) {
      const connection = connectAs(profile, identity, org);
      connections.push(connection);
      const reader = connection.gateway.getNetwork(profile.channel).getContract(profile.chaincode, 'health');
      // Evaluate on this org's own peer, so the answer comes from its copy of the ledger.
      const proposal = reader.newProposal('ReadHeartbeat', {
        arguments: [heartbeatId],
        endorsingOrganizations: [profile.orgs[org]?.mspId ?? ''],
      });
      const { heartbeat: read } = JSON.parse(utf8.decode(await proposal.evaluate())) as {
        heartbeat: { txId: string };
      };
      assert.equal(read.txId, submitted.txId, `${org} peer returned another transaction`);
    }
  });

  it("answers Fabric's peer CLI, set up by network:env, as each organization's admin", async () => {
    const heartbeatId = `cli-${randomUUID()}`;
    await asOrgAdmin(
      'gov',
      `peer chaincode invoke -o "$ORDERER_ADDRESS" --tls --cafile "$ORDERER_CA" -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" ` +
        `--peerAddresses "$CORE_PEER_ADDRESS" --tlsRootCertFiles "$CORE_PEER_TLS_ROOTCERT_FILE" --waitForEvent ` +
        `-c '{"Args":["health:RecordHeartbeat","${heartbeatId}"]}'`,
    );

    for (const org of Object.keys(profile.orgs)) {
      // --waitForEvent waited for the gov peer's commit only: another org's peer may be a block behind.
      const output = await replicated(() =>
        asOrgAdmin(
          org,
          `peer chaincode query -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" -c '{"Args":["health:ReadHeartbeat","${heartbeatId}"]}'`,
        ),
      );
      const { heartbeat } = JSON.parse(output) as { heartbeat: { heartbeatId: string; mspId: string } };
      assert.equal(heartbeat.heartbeatId, heartbeatId, `${org} did not see the heartbeat`);
      assert.equal(heartbeat.mspId, 'GovMSP');
    }
  });

  it('refuses a heartbeat id that breaks the input rules, with its error code', async () => {
    const auditor = connectAs(profile, 'auditor/auditor');
    connections.push(auditor);
    const contract = auditor.gateway.getNetwork(profile.channel).getContract(profile.chaincode, 'health');

    await assert.rejects(
      contract.evaluateTransaction('ReadHeartbeat', 'bad id with spaces'),
      (error: Error) => {
        const details = JSON.stringify(error) + error.message;
        assert.match(details, /VALIDATION_FAILED/);
        return true;
      },
    );
  });
});
