import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { MemoryBlockSource } from './block-source';
import type { VerifierCheckpoint } from './checkpoint';
import { loadFixtures } from './fixture-files';
import { verifyLedger } from './verify-ledger';

const fixtures = loadFixtures();
const { firstBlock } = fixtures.manifest;

async function verifyCase(name: string) {
  const source = new MemoryBlockSource(name, fixtures.blocksOf(name), firstBlock);
  return verifyLedger({ source, channel: 'credit', chaincode: 'credit', checkpoint: fixtures.checkpoint });
}

describe('verifier on copies of real blocks', () => {
  it('verifies the unaltered blocks with zero failures', async () => {
    const { report } = await verifyCase('clean');

    assert.deepEqual(report.failures, []);
    assert.equal(report.ok, true);
    assert.equal(report.blocksChecked, fixtures.manifest.cases.clean?.blocks.length);
    assert.ok(report.transactionsChecked >= 5);
  });

  it('reports the transaction the peers refused as a warning, not a failure', async () => {
    const { report } = await verifyCase('clean');

    assert.equal(report.invalidTransactions, 1);
    assert.deepEqual(
      report.warnings.map((warning) => warning.code),
      ['ENDORSEMENT_POLICY_NOT_SATISFIED'],
    );
  });

  for (const [name, fixture] of Object.entries(fixtures.manifest.cases)) {
    if (name === 'clean') continue;
    it(`detects and names: ${fixture.description}`, async () => {
      const { report } = await verifyCase(name);
      const codes = new Set(report.failures.map((failure) => failure.code));

      assert.equal(report.ok, false);
      for (const expected of fixture.expect) {
        assert.ok(
          codes.has(expected as never),
          `${name}: expected ${expected}, got ${[...codes].join(', ')}`,
        );
      }
    });
  }

  it('names the block and transaction id of a forged attestation and why it is refused', async () => {
    const { report } = await verifyCase('forged-attestation');
    const failure = report.failures.find((candidate) => candidate.code === 'AUTHZ_ATTESTATION');

    assert.ok(failure);
    assert.match(failure.message, /HRSS may not attest TAX_PAYMENT/);
    assert.match(failure.txId ?? '', /^[0-9a-f]{64}$/);
    assert.ok(failure.block >= firstBlock);
  });

  it("names a bank's write to another bank's business collection", async () => {
    const { report } = await verifyCase('foreign-bank-collection');
    const failures = report.failures.filter((candidate) => candidate.code.startsWith('AUTHZ_'));

    assert.equal(failures.length, 1);
    assert.match(failures[0]?.message ?? '', /business_Bank1MSP written by Bank2MSP bank/);
  });

  it('accepts a confidential transaction with private writes only, its argument {} and the right creator', async () => {
    const { report } = await verifyCase('confidential-grant');

    // Replacing a transaction of a signed block breaks that block's signature and the next block's link.
    assert.deepEqual(
      report.failures.filter((failure) => failure.txId !== undefined),
      [],
    );
    assert.deepEqual(
      new Set(report.failures.map((failure) => failure.code)),
      new Set(['ORDERER_SIGNATURE_INVALID', 'PREVIOUS_HASH_MISMATCH']),
    );
  });

  it('names a head that points away from the attestation written with it', async () => {
    const { report } = await verifyCase('forged-attestation-head');
    const failure = report.failures.find((candidate) => candidate.code === 'AUTHZ_ATTESTATION_HEAD');

    assert.match(failure?.message ?? '', /points to version 5, not to version 1 written with it/);
  });

  it('reports a cross-peer mismatch with both hashes', async () => {
    const ours = new MemoryBlockSource('ours', fixtures.blocksOf('clean'), firstBlock);
    const theirs = new MemoryBlockSource('theirs', fixtures.blocksOf('write-set-byte'), firstBlock);

    const { report } = await verifyLedger({
      source: ours,
      channel: 'credit',
      chaincode: 'credit',
      checkpoint: fixtures.checkpoint,
      compareWith: theirs,
    });

    assert.equal(report.comparison?.blocksCompared, fixtures.blocksOf('clean').length);
    const [mismatch] = report.comparison?.mismatches ?? [];
    assert.ok(mismatch);
    assert.match(mismatch.ours, /^[0-9a-f]{64}$/);
    assert.match(mismatch.theirs, /^[0-9a-f]{64}$/);
    assert.notEqual(mismatch.ours, mismatch.theirs);
    assert.ok(report.failures.some((failure) => failure.code === 'PEER_MISMATCH'));
  });
});

describe('incremental verification', () => {
  it('resumes from its own checkpoint and verifies only the new blocks', async () => {
    const blocks = fixtures.blocksOf('clean');
    const firstRun = await verifyLedger({
      source: new MemoryBlockSource('first', blocks.slice(0, 2), firstBlock),
      channel: 'credit',
      chaincode: 'credit',
      checkpoint: fixtures.checkpoint,
    });
    assert.ok(firstRun.checkpoint);

    const { report } = await verifyLedger({
      source: new MemoryBlockSource('second', blocks, firstBlock),
      channel: 'credit',
      chaincode: 'credit',
      checkpoint: firstRun.checkpoint,
    });

    assert.equal(report.ok, true);
    assert.equal(report.fromBlock, firstBlock + 2);
    assert.equal(report.blocksChecked, blocks.length - 2);
    assert.equal(report.incremental, true);
  });

  for (const [name, why] of [['reregistered-company', /written again/]] as const) {
    it(`keeps what it learned across a checkpoint: ${name}`, async () => {
      const blocks = fixtures.blocksOf(name);
      const firstRun = await verifyLedger({
        source: new MemoryBlockSource('first', blocks.slice(0, 1), firstBlock),
        channel: 'credit',
        chaincode: 'credit',
        checkpoint: fixtures.checkpoint,
      });
      const saved = JSON.parse(JSON.stringify(firstRun.checkpoint)) as VerifierCheckpoint;

      const { report } = await verifyLedger({
        source: new MemoryBlockSource('second', blocks, firstBlock),
        channel: 'credit',
        chaincode: 'credit',
        checkpoint: saved,
      });

      assert.equal(report.fromBlock, firstBlock + 1);
      const expected = fixtures.manifest.cases[name]?.expect[0];
      const failure = report.failures.find((candidate) => candidate.code === expected);
      assert.match(failure?.message ?? '', why);
    });
  }

  it('refuses a chain whose genesis block is not the pinned one', async () => {
    const { report } = await verifyLedger({
      source: new MemoryBlockSource('genesis', [fixtures.genesis]),
      channel: 'credit',
      chaincode: 'credit',
      expectedGenesisHash: '00'.repeat(32),
    });

    assert.deepEqual(
      report.failures.map((failure) => failure.code),
      ['GENESIS_MISMATCH'],
    );
  });

  it('reads every organization and the orderer organization from the genesis config block', async () => {
    const { checkpoint, report } = await verifyLedger({
      source: new MemoryBlockSource('genesis', [fixtures.genesis]),
      channel: 'credit',
      chaincode: 'credit',
    });

    assert.equal(report.ok, true);
    assert.deepEqual(Object.keys(checkpoint?.trust.applicationMsps ?? {}).sort(), [
      'AuditorMSP',
      'Bank1MSP',
      'Bank2MSP',
      'GovMSP',
    ]);
    assert.deepEqual(Object.keys(checkpoint?.trust.ordererMsps ?? {}), ['OrdererMSP']);
    assert.equal(checkpoint?.genesisHash, fixtures.checkpoint.genesisHash);
  });
});
