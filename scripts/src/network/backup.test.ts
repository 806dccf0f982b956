import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it, afterAll } from '@jest/globals';
import { backup, backupUnits, restore, restoreProblems } from './backup';
import { layoutFromEnv, makeLayout } from './layout';
import type { Network } from './network';
import { loadTopology } from './topology';

const topology = loadTopology(layoutFromEnv({}).topologyFile);

describe('backup units', () => {
  it('cover every organization with its CA, keys, chaincode packages and peer ledgers, and each orderer', () => {
    const units = backupUnits(topology);
    for (const org of topology.peerOrgs) {
      const unit = units.find((u) => u.name === org.key);
      assert.ok(unit, org.key);
      assert.ok(unit.paths.includes(`ca/${org.key}`) && unit.paths.includes(`orgs/${org.key}`));
      assert.equal(unit.paths.filter((p) => p.startsWith('ledgers/')).length, org.peers.length);
      assert.ok(unit.processes.includes(`ca.${org.key}`));
    }
    assert.equal(units.filter((u) => u.ordererLedger).length, topology.ordererOrg.orderers.length);
    assert.ok(units.some((u) => u.name === 'shared' && u.paths.includes('channel')));
  });

  it('refuses to restore the orderer organization alone, or an organization the topology lacks', () => {
    assert.match(restoreProblems(topology, ['orderer']).join(), /roll back the orderers/);
    assert.match(restoreProblems(topology, ['bank9']).join(), /unknown organization "bank9"/);
    assert.deepEqual(restoreProblems(topology, ['bank1', 'gov']), []);
    assert.deepEqual(restoreProblems(topology, []), []);
  });
});

describe('backup and restore of a stopped instance', () => {
  const base = mkdtempSync(join(tmpdir(), 'backup-'));
  const layout = makeLayout(join(base, 'network'), join(base, 'fabric'));
  const net: Network = { topology, layout, log: () => undefined };
  const key = join(layout.nodeDir('bank1', 'peer0'), 'msp', 'keystore', 'key.pem');
  const ledger = join(
    layout.root,
    'ledgers',
    'peer0.bank1.sme.local',
    'ledgersData',
    'chains',
    'blockfile_000000',
  );
  const snapshot = join(
    layout.root,
    'ledgers',
    'peer0.bank1.sme.local',
    'snapshots',
    'completed',
    'credit',
    '5',
    'x',
  );
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  function write(file: string, content: string, mode = 0o644): void {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content, { mode });
  }
  write(key, 'PRIVATE KEY', 0o600);
  write(ledger, 'blocks 0-9');
  write(snapshot, 'snapshot data');
  write(join(layout.root, 'ca', 'bank1', 'fabric-ca-server.db'), 'ca db', 0o600);
  write(join(layout.root, 'channel', 'credit.block'), 'genesis');
  write(layout.enrolledFile, '[]', 0o600);

  let dir = '';

  it('writes owner-only archives with checksums, without the ledger snapshots', async () => {
    ({ dir } = await backup(net, { to: join(base, 'backups') }));
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      units: { name: string; archive: string; sha256: string }[];
    };
    assert.equal(statSync(join(dir, 'manifest.json')).mode & 0o777, 0o600);
    for (const unit of manifest.units) {
      assert.equal(statSync(join(dir, unit.archive)).mode & 0o777, 0o600, unit.archive);
      assert.match(unit.sha256, /^[0-9a-f]{64}$/);
    }
    const listing = execFileSync('tar', ['-tf', join(dir, 'bank1.tar')], { encoding: 'utf8' });
    assert.match(listing, /keystore\/key\.pem/);
    assert.match(listing, /blockfile_000000/);
    assert.doesNotMatch(listing, /snapshots/);
  });

  it("restores one organization's wiped folders, its private key still owner-only", async () => {
    write(ledger, 'blocks 0-19 (after the backup)');
    rmSync(join(layout.root, 'orgs', 'bank1'), { recursive: true, force: true });
    rmSync(join(layout.root, 'ca', 'bank1'), { recursive: true, force: true });
    await restore(net, { from: dir, orgs: ['bank1'] });
    assert.equal(readFileSync(key, 'utf8'), 'PRIVATE KEY');
    assert.equal(statSync(key).mode & 0o777, 0o600);
    assert.equal(readFileSync(ledger, 'utf8'), 'blocks 0-9');
    assert.ok(!existsSync(snapshot), 'a restored ledger starts without the snapshots taken before');
    assert.equal(readFileSync(layout.enrolledFile, 'utf8'), '[]');
  });

  it('restores every organization and the shared files when no organization is named', async () => {
    rmSync(layout.root, { recursive: true, force: true });
    await restore(net, { from: dir, orgs: [] });
    assert.equal(readFileSync(key, 'utf8'), 'PRIVATE KEY');
    assert.equal(statSync(key).mode & 0o777, 0o600);
    assert.equal(readFileSync(join(layout.root, 'channel', 'credit.block'), 'utf8'), 'genesis');
    assert.equal(readFileSync(join(layout.root, 'ca', 'bank1', 'fabric-ca-server.db'), 'utf8'), 'ca db');
  });

  it('refuses a tampered archive before deleting anything', async () => {
    write(ledger, 'blocks 0-29');
    appendFileSync(join(dir, 'bank1.tar'), 'x');
    await assert.rejects(restore(net, { from: dir, orgs: ['bank1'] }), /does not match its checksum/);
    assert.equal(readFileSync(ledger, 'utf8'), 'blocks 0-29');
  });
});
