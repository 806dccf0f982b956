import { invocationName, type AccessRecord, type ConsentResponse } from '@sme-credit-ledger/contract';
import { runVerifyLedgerCli, verifyNetworkLedger } from '@sme-credit-ledger/verifier';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { connectAs } from './support/fabric-client';
import { LedgerCaller } from './support/ledger-caller';
import { dataDirectory, ensureNetwork, type TestProfile } from './support/network-cli';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(600_000);

const profilePath = join(dataDirectory(), 'network', 'gateway-profile.json');

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

const SHENGHUA = '91441300MA4UQ7R20Q';

/**
 * Confidential consent traffic, whose blocks hold only private writes the verifier judges by collection and
 * creator: a bank's request the company authorises, and a consent with a usage limit of 3 that two accesses
 * count. Given `consentId`, records the third access instead, which consumes that consent.
 */
async function recordConsentUsage(profile: TestProfile, consentId?: string): Promise<string> {
  const ledger = new LedgerCaller(profile);
  const submit = <T>(identity: string, name: string, request: object): Promise<T> =>
    ledger.submit<T>(identity, name, { requestId: `verifier-${randomUUID()}`, ...request });
  const recordAccess = (id: string): Promise<AccessRecord> =>
    ledger.recordAccess('bank1/officer', {
      requestId: `verifier-${randomUUID()}`,
      consentId: id,
      uscc: SHENGHUA,
      categories: ['TAX_PAYMENT'],
      purpose: 'credit-review',
    });
  const terms = {
    uscc: SHENGHUA,
    categories: ['TAX_PAYMENT'],
    purpose: 'credit-review',
    validFrom: new Date(Date.now() - 600_000).toISOString(),
    validUntil: new Date(Date.now() + 86_400_000).toISOString(),
  };
  try {
    if (consentId !== undefined) {
      assert.equal((await recordAccess(consentId)).outcome, 'granted');
      return consentId;
    }
    await submit('gov/catalog-admin', invocationName('catalog', 'LoadStarterCatalog'), {});
    // Registration is once per ledger: a re-run meets CONFLICT.
    await submit('gov/samr-officer', invocationName('company', 'RegisterCompany'), { uscc: SHENGHUA }).catch(
      (error: Error) => assert.match(`${error.message} ${JSON.stringify(error)}`, /CONFLICT:/),
    );
    const requested = await submit<ConsentResponse>(
      'bank2/officer',
      invocationName('consent', 'RequestConsent'),
      terms,
    );
    await submit('gov/shenghua', invocationName('consent', 'AuthoriseConsent'), {
      consentId: requested.consent.consentId,
    });
    const { consent } = await submit<ConsentResponse>(
      'gov/shenghua',
      invocationName('consent', 'GrantConsent'),
      {
        ...terms,
        bankMspId: 'Bank1MSP',
        usageLimit: 3,
      },
    );
    for (let use = 0; use < 2; use += 1) {
      assert.equal((await recordAccess(consent.consentId)).outcome, 'granted');
    }
    return consent.consentId;
  } finally {
    ledger.close();
  }
}

describe('auditor verifies the ledger from its blocks', () => {
  let profile: TestProfile;
  let usageConsentId: string;
  const workDir = mkdtempSync(join(tmpdir(), 'ledger-verifier-'));
  const checkpointPath = join(workDir, 'auditor.checkpoint.json');

  beforeAll(async () => {
    profile = await ensureNetwork();
    await recordHeartbeats(profile, 3);
    usageConsentId = await recordConsentUsage(profile);
  });

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

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
    const before = JSON.parse(readFileSync(checkpointPath, 'utf8')) as {
      lastBlock: { number: number };
      tracked: { writeOnceKeys: string[] };
    };
    await recordHeartbeats(profile, 2);
    // Consumes a consent recorded before the checkpoint: private writes to Bank1MSP's collection.
    await recordConsentUsage(profile, usageConsentId);

    const { report } = await verifyNetworkLedger({ profilePath, checkpointPath });

    assert.deepEqual(report.failures, []);
    assert.equal(report.incremental, true);
    assert.equal(report.fromBlock, before.lastBlock.number + 1);
    assert.ok(report.blocksChecked >= 1);
    assert.ok(report.blocksChecked < report.toBlock + 1);
    const after = JSON.parse(readFileSync(checkpointPath, 'utf8')) as typeof before;
    assert.ok(after.tracked.writeOnceKeys.length >= before.tracked.writeOnceKeys.length);
    assert.equal('consents' in after.tracked, false);
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
