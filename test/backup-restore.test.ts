import { channelTopology } from '@sme-credit-ledger/scripts/channel-members';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { backup, restore, type BackupManifest } from '@sme-credit-ledger/scripts/backup';
import { layoutFromEnv } from '@sme-credit-ledger/scripts/layout';
import { waitForHeight } from '@sme-credit-ledger/scripts/peer-join';
import { caSpecs, nodeSpecs, up, type Network } from '@sme-credit-ledger/scripts/network';
import { stopProcess } from '@sme-credit-ledger/scripts/processes';
import { everyPeer, peerHeight, type PeerRef } from '@sme-credit-ledger/scripts/snapshot';
import { findPeerOrg } from '@sme-credit-ledger/scripts/topology';
import { connectAs, type Connection } from './support/fabric-client';
import { ensureNetwork, repoRoot, type TestProfile } from './support/network-cli';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(1_200_000);

const utf8 = new TextDecoder();

/** Every file under `dir` whose name says it is a private key, with its permission bits. */
function privateKeys(dir: string): { file: string; mode: number }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && (entry.name === 'key.pem' || entry.name.endsWith('_sk')))
    .map((entry) => {
      const file = join(entry.parentPath, entry.name);
      return { file, mode: statSync(file).mode & 0o777 };
    });
}

function verifyLedger(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [join(repoRoot, 'verifier', 'dist', 'cli.js'), ...args],
      { cwd: repoRoot, timeout: 900_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout) => resolvePromise({ code: error ? Number(error.code ?? 1) : 0, stdout }),
    );
  });
}

describe('backup, loss of an organization, restore', () => {
  const layout = layoutFromEnv();
  const topology = channelTopology(layout);
  const net: Network = { topology, layout, log: () => undefined };
  const bank1 = findPeerOrg(topology, 'bank1');
  const peer: PeerRef = { org: bank1, peer: bank1.peers[0]! };
  const peerName = `${peer.peer.name}.${bank1.key}`;
  const scratch = mkdtempSync(join(layout.root, '..', 'backup-test-'));
  const run = randomUUID().slice(0, 8);
  let profile: TestProfile;
  let writer: Connection;
  let dir = '';
  let manifest: BackupManifest;

  const record = async (id: string): Promise<void> => {
    const contract = writer.gateway.getNetwork(topology.channel).getContract(topology.chaincode.name);
    await contract.submit('health:RecordHeartbeat', { arguments: [id], endorsingOrganizations: ['GovMSP'] });
  };

  beforeAll(async () => {
    profile = await ensureNetwork();
    writer = connectAs(profile, 'auditor/auditor', 'gov');
    await record(`backup-${run}-before`);
    ({ dir, manifest } = await backup(net, { to: scratch }));
    for (let i = 0; i < 5; i++) await record(`backup-${run}-after-${i}`);
  });

  afterAll(() => {
    writer?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('keeps the backup and every private key in it owner-only', () => {
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    for (const unit of manifest.units) assert.equal(statSync(join(dir, unit.archive)).mode & 0o777, 0o600);
    assert.ok(manifest.units.find((u) => u.name === 'bank1')?.peerHeights[peerName]);
  });

  it('brings a wiped organization back at the backup height; its peer catches up from the orderers', async () => {
    const backupHeight = manifest.units.find((u) => u.name === 'bank1')?.peerHeights[peerName] ?? 0;
    // The backup stopped and restarted bank1's peer, and the writes after it were committed on a gov peer: the
    // restarted peer pulls them from the orderers a moment later (a fresh-clone rehearsal of CI met it still
    // at the backup height). What matters is that the lost peer had committed past the backup: wait for it.
    await waitForHeight(net, peer, backupHeight + 1, 60_000);

    // The host of bank1 is lost: its processes and its whole data folder.
    for (const spec of [...caSpecs(net), ...nodeSpecs(net)].filter((s) => s.name.endsWith(`.${bank1.key}`)))
      await stopProcess(layout, spec);
    for (const path of ['ca/bank1', 'orgs/bank1', 'chaincode/bank1', 'ledgers/peer0.bank1.sme.local'])
      rmSync(join(layout.root, path), { recursive: true, force: true });

    await restore(net, { from: dir, orgs: ['bank1'] });
    for (const key of privateKeys(join(layout.root, 'orgs', 'bank1')))
      assert.equal(key.mode, 0o600, `${key.file} is not owner-only after the restore`);
    const logFile = layout.logFile(peerName);
    const logStart = statSync(logFile).size;
    await up(net);

    // The peer's first commit after the restore is the block right after the backup's last one.
    const log = readFileSync(logFile, 'utf8').slice(logStart);
    const first = /Committed block \[(\d+)\]/.exec(log)?.[1];
    assert.equal(Number(first), backupHeight, 'the restored ledger did not resume at the backup height');

    const channel = Math.max(
      ...(await Promise.all(everyPeer(topology).map((ref) => peerHeight(topology, ref)))),
    );
    // Catching up is pulling the blocks since the backup from the orderers: it takes a moment, not forever.
    await waitForHeight(net, peer, channel, 60_000);
    const reader = connectAs(profile, 'bank1/officer', 'bank1');
    try {
      const contract = reader.gateway.getNetwork(topology.channel).getContract(topology.chaincode.name);
      const read = await contract.evaluate('health:ReadHeartbeat', {
        arguments: [`backup-${run}-after-4`],
        endorsingOrganizations: ['Bank1MSP'],
      });
      assert.equal(
        (JSON.parse(utf8.decode(read)) as { heartbeat: { heartbeatId: string } }).heartbeat.heartbeatId,
        `backup-${run}-after-4`,
      );
    } finally {
      reader.close();
    }
  });

  it("passes the ledger verifier on the restored peer's chain, block for block equal to gov's", async () => {
    const result = await verifyLedger([
      '--peer',
      'bank1',
      '--compare-with',
      'gov',
      '--from-genesis',
      '--json',
      '--profile',
      layout.profileFile,
      '--checkpoint',
      join(scratch, 'bank1.checkpoint.json'),
    ]);
    assert.equal(result.code, 0, result.stdout.slice(-2000));
  });
});
