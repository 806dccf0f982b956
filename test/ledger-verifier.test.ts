import { runVerifyLedgerCli, verifyNetworkLedger } from '@sme-credit-ledger/gateway/dist/verifier';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectAs } from './support/fabric-client';
import { ensureNetwork, repoRoot, type TestProfile } from './support/network-cli';

const profilePath = join(repoRoot, 'data', 'network', 'gateway-profile.json');

/** Heartbeats through two organizations: real, signed, endorsed traffic with no company data. */
async function recordHeartbeats(profile: TestProfile, count: number): Promise<void> {
  for (const identity of ['gov/samr-officer', 'bank1/officer']) {
    const connection = connectAs(profile, identity);
    try {
      const contract = connection.gateway
        .getNetwork(profile.channel)
        .getContract(profile.chaincode, 'health');
      await Promise.all(
        Array.from({ length: count }, () =>
          contract.submitTransaction('RecordHeartbeat', `verifier-${randomUUID()}`),
        ),
      );
    } finally {
      connection.close();
    }
  }
}

describe('auditor verifies the ledger from its blocks', { timeout: 600_000 }, () => {
  let profile: TestProfile;
  const workDir = mkdtempSync(join(tmpdir(), 'ledger-verifier-'));
  const checkpointPath = join(workDir, 'auditor.checkpoint.json');

  before(async () => {
    profile = await ensureNetwork();
    await recordHeartbeats(profile, 3);
  });

  after(() => rmSync(workDir, { recursive: true, force: true }));

  it('verifies the whole live ledger from genesis with zero failures, identical on bank1', async () => {
    const { report } = await verifyNetworkLedger({ profilePath, checkpointPath, compareWith: 'bank1' });

    assert.deepEqual(report.failures, []);
    assert.equal(report.ok, true);
    assert.equal(report.fromBlock, 0);
    assert.equal(report.blocksChecked, report.toBlock + 1);
    assert.ok(report.transactionsChecked >= 6);
    assert.equal(report.comparison?.blocksCompared, report.blocksChecked);
    assert.deepEqual(report.comparison?.mismatches, []);
    const checkpoint = JSON.parse(readFileSync(checkpointPath, 'utf8')) as { lastBlock: { number: number } };
    assert.equal(checkpoint.lastBlock.number, report.toBlock);
  });

  it('verifies only the new blocks on the next run', async () => {
    const before = JSON.parse(readFileSync(checkpointPath, 'utf8')) as { lastBlock: { number: number } };
    await recordHeartbeats(profile, 2);

    const { report } = await verifyNetworkLedger({ profilePath, checkpointPath });

    assert.deepEqual(report.failures, []);
    assert.equal(report.incremental, true);
    assert.equal(report.fromBlock, before.lastBlock.number + 1);
    assert.ok(report.blocksChecked >= 1);
    assert.ok(report.blocksChecked < report.toBlock + 1);
  });

  it("verifies through another organization's peer from the CLI (exit 0)", async () => {
    const code = await runVerifyLedgerCli([
      '--peer',
      'gov',
      '--checkpoint',
      join(workDir, 'gov.checkpoint.json'),
      '--profile',
      profilePath,
    ]);

    assert.equal(code, 0);
  });
});
