import assert from 'node:assert/strict';
import { X509Certificate, randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:net';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { ordererBlockHeader, asOrgAdmin } from './support/fabric-cli';
import { connectAs } from './support/fabric-client';
import {
  networkCli,
  networkCliOk,
  networkStatus,
  readProfile,
  repoRoot,
  type ProcessRow,
} from './support/network-cli';
import { chaincodeServerName } from '@sme-credit-ledger/scripts/chaincode';
import { peerOrgs } from './support/topology';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(900_000);

// A separate instance (own data folder, ports shifted by 20000) so these tests may kill, stop and wipe it
// without touching the network other tests, or a developer, are using.
const dataDir = join(repoRoot, 'data', 'lifecycle-test');
const PORT_OFFSET = 20_000;
const deploymentFile = join(dataDir, 'network', 'chaincode', 'deployment.json');
const instance = { SME_DATA_DIR: dataDir, SME_PORT_OFFSET: String(PORT_OFFSET) };
const utf8 = new TextDecoder();

async function recordHeartbeat(id: string, deadlineMs = 60_000, as = 'bank2/officer'): Promise<string> {
  const connection = connectAs(readProfile(dataDir), as);
  try {
    const contract = connection.gateway.getNetwork('credit').getContract('credit', 'health');
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      try {
        const submitted = await contract.submitAsync('RecordHeartbeat', { arguments: [id] });
        // A transaction the killed Raft leader had accepted but not replicated is dropped: its commit never
        // comes, so wait a bounded time and submit again (a heartbeat is overwritten, not duplicated).
        const status = await submitted.getStatus({ deadline: Date.now() + 15_000 });
        if (!status.successful) throw new Error(`heartbeat ${id} committed with code ${status.code}`);
        return (JSON.parse(utf8.decode(submitted.getResult())) as { heartbeat: { txId: string } }).heartbeat
          .txId;
      } catch (error) {
        // While Raft elects a new leader the orderers answer SERVICE_UNAVAILABLE; keep trying until the deadline.
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  } finally {
    connection.close();
  }
}

async function readHeartbeatTxId(id: string): Promise<string> {
  return (JSON.parse(await readHeartbeat(id)) as { heartbeat: { txId: string } }).heartbeat.txId;
}

async function readHeartbeat(id: string): Promise<string> {
  const connection = connectAs(readProfile(dataDir), 'auditor/auditor');
  try {
    const contract = connection.gateway.getNetwork('credit').getContract('credit', 'health');
    return utf8.decode(await contract.evaluateTransaction('ReadHeartbeat', id));
  } finally {
    connection.close();
  }
}

async function ordererHeight(port: number): Promise<number> {
  const out = await asOrgAdmin(
    'gov',
    `osnadmin channel list --channelID "$CHANNEL_NAME" -o 127.0.0.1:${port + 3} --ca-file "$ORDERER_CA" ` +
      `--client-cert ${dataDir}/network/orgs/orderer/users/admin/tls/signcerts/cert.pem ` +
      `--client-key ${dataDir}/network/orgs/orderer/users/admin/tls/keystore/key.pem`,
    instance,
  );
  return (JSON.parse(out.slice(out.indexOf('{'))) as { height: number }).height;
}

describe('network lifecycle on an isolated instance', () => {
  beforeAll(async () => {
    await networkCli(['reset'], instance);
    await networkCliOk(['up'], instance);
  });

  afterAll(async () => {
    await networkCli(['reset'], instance);
  });

  it('says a running network is already up and changes nothing', async () => {
    const before = await networkStatus(instance);

    const output = await networkCliOk(['up'], instance);

    assert.match(output, /already up/);
    assert.deepEqual(await networkStatus(instance), before);
  });

  /** Waits until the supervisor has started `name` again: up, under another pid, one more restart counted. */
  async function restartedBySupervisor(name: string, before: ProcessRow): Promise<ProcessRow> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const row = (await networkStatus(instance)).find((r) => r.name === name);
      if (row?.up && row.pid !== before.pid && row.restarts > before.restarts) return row;
      assert.ok(Date.now() < deadline, `${name} was not restarted within 30 s: ${JSON.stringify(row)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  it('commits with one of three orderers killed; the supervisor restarts it and it catches up with the same blocks', async () => {
    const rows = await networkStatus(instance);
    const orderer0 = rows.find((r) => r.name === 'orderer0');
    assert.ok(orderer0?.pid, 'orderer0 should be running');
    assert.ok(rows.find((r) => r.name === 'supervisor')?.up, 'up starts the supervisor');
    process.kill(orderer0.pid, 'SIGKILL');

    const id = `outage-${randomUUID()}`;
    const txId = await recordHeartbeat(id);
    assert.equal(await readHeartbeatTxId(id), txId);

    await restartedBySupervisor('orderer0', orderer0);
    const ports = [7050, 8050, 9050].map((p) => p + PORT_OFFSET);
    const deadline = Date.now() + 60_000;
    let heights = await Promise.all(ports.map(ordererHeight));
    while (new Set(heights).size > 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      heights = await Promise.all(ports.map(ordererHeight));
    }
    assert.equal(new Set(heights).size, 1, `orderer heights differ: ${heights.join(', ')}`);
    const newest = (heights[0] ?? 1) - 1;
    const headers = await Promise.all(ports.map((port) => ordererBlockHeader(port, newest, instance)));
    for (const header of headers.slice(1)) assert.deepEqual(header, headers[0]);
  });

  it('restarts a killed chaincode server within 30 s, and the chaincode answers through it again', async () => {
    const server = (await networkStatus(instance)).find(
      (r) => r.kind === 'chaincode' && r.name.includes('.gov.') && r.up,
    );
    assert.ok(server?.pid, 'gov has a running chaincode server');
    process.kill(server.pid, 'SIGKILL');
    await restartedBySupervisor(server.name, server);
    const id = `after-restart-${randomUUID()}`;
    const txId = await recordHeartbeat(id);
    assert.equal(await readHeartbeatTxId(id), txId);
  });

  it('upgrades the chaincode to a new sequence while reads keep being answered', async () => {
    const id = `upgrade-${randomUUID()}`;
    const txId = await recordHeartbeat(id);
    const before = JSON.parse(readFileSync(deploymentFile, 'utf8')) as { sequence: number; slot: string };
    let reading = true;
    const reads: Promise<number> = (async () => {
      let count = 0;
      while (reading) {
        assert.equal(await readHeartbeatTxId(id), txId);
        count += 1;
      }
      return count;
    })();

    await networkCliOk(['deploy', '--force'], instance);
    reading = false;

    assert.ok((await reads) > 0, 'reads ran during the upgrade');
    const after = JSON.parse(readFileSync(deploymentFile, 'utf8')) as { sequence: number; slot: string };
    assert.equal(after.sequence, before.sequence + 1);
    assert.notEqual(after.slot, before.slot, 'the new package runs in the other server slot');
    const servers = (await networkStatus(instance)).filter((row) => row.kind === 'chaincode');
    // One server per peer of the topology, each in the new slot.
    const slot = after.slot === 'a' ? 'a' : 'b';
    assert.deepEqual(
      servers.map((row) => [row.name, row.up]),
      peerOrgs.flatMap((org) => org.peers.map((peer) => [chaincodeServerName(org, slot, peer), true])),
    );
    assert.equal(await readHeartbeatTxId(id), txId);
  });

  it('keeps committed data across down and up', async () => {
    const id = `durable-${randomUUID()}`;
    const txId = await recordHeartbeat(id);

    await networkCliOk(['down'], instance);
    assert.ok(
      (await networkStatus(instance)).every((row) => !row.up),
      'down must stop every process',
    );
    // down stops the supervisor first: nothing it stopped comes back.
    await new Promise((r) => setTimeout(r, 3000));
    assert.ok(
      (await networkStatus(instance)).every((row) => !row.up),
      'nothing restarts after down',
    );
    await networkCliOk(['up'], instance);

    assert.equal(await readHeartbeatTxId(id), txId);
    // Restarted orderers elect a Raft leader seconds after they answer health checks; up waits for it, so
    // the first write after up must succeed at once (deadline 0: no retry).
    await recordHeartbeat(`after-up-${randomUUID()}`, 0);
  });

  it('fails up with a clear message when a port is taken, leaving nothing running', async () => {
    await networkCliOk(['down'], instance);
    const takenPort = 8051 + PORT_OFFSET;
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(takenPort, '127.0.0.1', () => r()));
    try {
      const result = await networkCli(['up'], instance);

      assert.notEqual(result.code, 0);
      assert.match(result.stderr, new RegExp(`127\\.0\\.0\\.1:${takenPort} \\(peer0\\.bank1 peer\\)`));
      assert.match(result.stderr, /Nothing was started/);
      assert.ok(
        (await networkStatus(instance)).every((row) => !row.up),
        'no process may be left running',
      );
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('enrolls a new bank officer with one command, with its attributes inside the certificate', async () => {
    await networkCliOk(['up'], instance);

    await networkCliOk(
      ['enroll', '--org', 'bank1', '--name', 'loan-officer-2', '--attr', 'role=bank'],
      instance,
    );

    const identity = readProfile(dataDir).identities.find(
      (i) => i.org === 'bank1' && i.name === 'loan-officer-2',
    );
    assert.ok(identity, 'the new identity is in the gateway profile');
    const certificate = new X509Certificate(readFileSync(identity.certPath));
    assert.match(certificate.subject, /CN=loan-officer-2/);
    assert.ok(certificate.raw.includes('"role":"bank"'), 'role attribute is in the certificate');
    assert.equal((statSync(identity.keyPath).mode & 0o077).toString(8), '0', 'private key is owner-only');
    const txId = await recordHeartbeat(`enrolled-${randomUUID()}`, 30_000, 'bank1/loan-officer-2');
    assert.match(txId, /^[0-9a-f]{64}$/);
  });

  it('refuses to enroll an identity with a malformed attribute, and records nothing', async () => {
    const result = await networkCli(
      ['enroll', '--org', 'bank1', '--name', 'bad-officer', '--attr', 'role=bank,admin'],
      instance,
    );

    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /attribute role="bank,admin" must match/);
    assert.equal(
      readProfile(dataDir).identities.find((i) => i.name === 'bad-officer'),
      undefined,
    );
  });

  it('removes committed data on reset', async () => {
    await networkCliOk(['up'], instance);
    const id = `wiped-${randomUUID()}`;
    await recordHeartbeat(id);

    await networkCliOk(['reset'], instance);
    await networkCliOk(['up'], instance);

    await assert.rejects(readHeartbeat(id), (error: Error) =>
      /NOT_FOUND/.test(JSON.stringify(error) + error.message),
    );
  });
});
