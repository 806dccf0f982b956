import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { AttestationView } from '@sme-credit-ledger/contract';
import { KEY_PREFIXES } from '../ledger/keys';
import { attest, IDS, seededNetwork, USCC } from '../testing/fake-network';

// ADMINISTRATIVE_PENALTIES is listed for SAMR, TAX and MEE in the starter catalog.
const SHARED = 'ADMINISTRATIVE_PENALTIES';
const PENALTY = { cases: 1, totalCny: 20_000 };

function batchItem(network: Awaited<ReturnType<typeof seededNetwork>>, uscc: string) {
  return {
    uscc,
    category: SHARED,
    schemaVersion: 1,
    effectiveDate: '2026-10-01',
    record: PENALTY,
    salt: network.salt(),
  };
}

describe('supersession of a shared category by the same department only', () => {
  it('refuses another department a new version of a record it does not hold, naming the holder', async () => {
    const network = await seededNetwork();
    await attest(network, IDS.samr, USCC.shenghua, SHARED, PENALTY);
    const before = network.snapshot();
    await assert.rejects(
      attest(network, IDS.tax, USCC.shenghua, SHARED, { ...PENALTY, cases: 2 }),
      /^Error: CONFLICT: ADMINISTRATIVE_PENALTIES of company 91441300MA4UQ7R20Q is held by department SAMR/,
    );
    assert.equal(network.snapshot(), before);
    const view = await network.evaluate<AttestationView>(IDS.auditor, 'attestation:GetAttestation', {
      uscc: USCC.shenghua,
      category: SHARED,
    });
    assert.equal(view.attestation.department, 'SAMR');
    assert.equal(view.attestation.version, 1);
  });

  it('lets the holding department supersede its own record', async () => {
    const network = await seededNetwork();
    await attest(network, IDS.samr, USCC.shenghua, SHARED, PENALTY);
    const second = await attest(network, IDS.samr, USCC.shenghua, SHARED, { ...PENALTY, cases: 2 });
    assert.equal(second.response.attestation.version, 2);
  });

  it('lets each department hold the shared category for different companies', async () => {
    const network = await seededNetwork();
    await attest(network, IDS.samr, USCC.shenghua, SHARED, PENALTY);
    const other = await attest(network, IDS.tax, USCC.sunlux, SHARED, PENALTY);
    assert.equal(other.response.attestation.version, 1);
  });

  it('refuses the whole batch before any write when one item is held by another department', async () => {
    const network = await seededNetwork();
    await attest(network, IDS.samr, USCC.sunlux, SHARED, PENALTY);
    const before = network.snapshot();
    const batch = [batchItem(network, USCC.shenghua), batchItem(network, USCC.sunlux)];
    await assert.rejects(
      network.submit(
        IDS.tax,
        'attestation:AttestBatch',
        { requestId: 'batch-shared-1' },
        { batch: JSON.stringify(batch) },
      ),
      /^Error: CONFLICT: ADMINISTRATIVE_PENALTIES of company 91440605MA53KJ1C4K is held by department SAMR/,
    );
    assert.equal(network.snapshot(), before);
  });

  it('reads the holder from the attestation when the head predates the department field', async () => {
    const network = await seededNetwork();
    await attest(network, IDS.samr, USCC.shenghua, SHARED, PENALTY);
    const headKey = [...network.world.state.keys()].find((key) =>
      key.startsWith(`\u0000${KEY_PREFIXES.attestationHead}\u0000`),
    );
    assert.ok(headKey !== undefined);
    const { department, ...legacyHead } = JSON.parse(network.world.state.get(headKey) ?? '{}') as Record<
      string,
      unknown
    >;
    assert.equal(department, 'SAMR');
    network.world.state.set(headKey, JSON.stringify(legacyHead));
    await assert.rejects(
      attest(network, IDS.tax, USCC.shenghua, SHARED, PENALTY),
      /^Error: CONFLICT: .* held by department SAMR/,
    );
  });
});
