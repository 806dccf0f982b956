import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type {
  AttestBatchResponse,
  AttestResponse,
  Attestation,
  AttestationView,
} from '@sme-credit-ledger/contract';
import { KEY_PREFIXES } from '../ledger/keys';
import { attest, IDS, seededNetwork, USCC, type FakeNetwork } from '../testing/fake-network';

interface ItemOverrides {
  uscc?: string;
  category?: string;
  schemaVersion?: number;
  salt?: string;
}

function batchItem(network: FakeNetwork, overrides: ItemOverrides = {}): Record<string, unknown> {
  return {
    uscc: USCC.shenghua,
    category: 'TAX_PAYMENT',
    schemaVersion: 1,
    effectiveDate: '2026-10-01',
    record: { paidCny: 1000 },
    salt: network.salt(),
    ...overrides,
  };
}

function attestBatch(
  network: FakeNetwork,
  items: Record<string, unknown>[],
  requestId = `batch-${network.salt()}`,
): Promise<AttestBatchResponse> {
  return network.submit<AttestBatchResponse>(
    IDS.tax,
    'attestation:AttestBatch',
    { requestId },
    { batch: JSON.stringify(items) },
  );
}

/** The key prefixes of the reads the last transaction made, with how often each was read. */
function readsByPrefix(network: FakeNetwork): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of network.lastLedger?.reads ?? []) {
    const prefix = key.split('\u0000')[1] ?? key;
    counts[prefix] = (counts[prefix] ?? 0) + 1;
  }
  return counts;
}

describe('attestation batch reads and rules', () => {
  it('reads each category and company once per batch and no previous attestation', async () => {
    const network = await seededNetwork();
    const categories = ['TAX_PAYMENT', 'TAX_CREDIT_RATING'];
    const pairs = [USCC.shenghua, USCC.sunlux, USCC.corehelm].flatMap((uscc) =>
      categories.map((category) => ({ uscc, category })),
    );
    await attestBatch(
      network,
      pairs.map((pair) => batchItem(network, pair)),
    );
    const second = await attestBatch(
      network,
      pairs.map((pair) => batchItem(network, pair)),
    );
    assert.deepEqual(
      second.items.map((item) => item.version),
      [2, 2, 2, 2, 2, 2],
    );
    assert.deepEqual(readsByPrefix(network), {
      [KEY_PREFIXES.request]: 1,
      [KEY_PREFIXES.category]: 2,
      [KEY_PREFIXES.company]: 3,
      [KEY_PREFIXES.saltUse]: 6,
      [KEY_PREFIXES.attestationHead]: 6,
    });
  });

  it('names the superseded transaction from the head, batch after batch', async () => {
    const network = await seededNetwork();
    const latest = async (): Promise<Attestation> => {
      const item = batchItem(network);
      await attestBatch(network, [item]);
      const { uscc, category } = item as { uscc: string; category: string };
      return (
        await network.evaluate<AttestationView>(IDS.tax, 'attestation:GetAttestation', { uscc, category })
      ).attestation;
    };
    const first = await latest();
    const second = await latest();
    const third = await latest();
    assert.equal(second.supersedesTxId, first.txId);
    assert.equal(third.supersedesTxId, second.txId);
    assert.equal(third.version, 3);
  });

  it('reads the previous attestation when the head predates latestTxId', async () => {
    const network = await seededNetwork();
    const first = await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', { paidCny: 1 });
    const headKey = [...network.world.state.keys()].find((key) =>
      key.startsWith(`\u0000${KEY_PREFIXES.attestationHead}\u0000`),
    );
    assert.ok(headKey !== undefined);
    const { latestTxId, ...legacyHead } = JSON.parse(network.world.state.get(headKey) ?? '{}') as Record<
      string,
      unknown
    >;
    assert.equal(latestTxId, first.response.attestation.txId);
    network.world.state.set(headKey, JSON.stringify(legacyHead));
    const second: AttestResponse = (
      await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', { paidCny: 2 })
    ).response;
    assert.equal(second.attestation.version, 2);
    assert.equal(second.attestation.supersedesTxId, first.response.attestation.txId);
    assert.equal(readsByPrefix(network)[KEY_PREFIXES.attestation], 1);
  });

  it('still checks the schema version of a later item in an already read category', async () => {
    const network = await seededNetwork();
    const before = network.snapshot();
    await assert.rejects(
      attestBatch(network, [
        batchItem(network, { uscc: USCC.shenghua }),
        batchItem(network, { uscc: USCC.sunlux, schemaVersion: 2 }),
      ]),
      /VALIDATION_FAILED: TAX_PAYMENT expects schemaVersion 1, got 2/,
    );
    assert.equal(network.snapshot(), before);
  });

  it('still checks the department of a later item for an already read company', async () => {
    const network = await seededNetwork();
    const before = network.snapshot();
    await assert.rejects(
      attestBatch(network, [
        batchItem(network, { category: 'TAX_PAYMENT' }),
        batchItem(network, { category: 'COURT_JUDGEMENTS' }),
      ]),
      /NOT_AUTHORIZED: department TAX may not attest COURT_JUDGEMENTS/,
    );
    assert.equal(network.snapshot(), before);
  });

  it('refuses a later item for an unregistered company and writes nothing', async () => {
    const network = await seededNetwork();
    const before = network.snapshot();
    await assert.rejects(
      attestBatch(network, [batchItem(network), batchItem(network, { uscc: USCC.spare })]),
      /NOT_FOUND: company 91440101MA59AB3N63 is not registered/,
    );
    assert.equal(network.snapshot(), before);
  });

  it('refuses a later item whose salt an earlier transaction used and writes nothing', async () => {
    const network = await seededNetwork();
    const { salt } = await attest(network, IDS.tax, USCC.corehelm, 'TAX_PAYMENT', { paidCny: 1 });
    const before = network.snapshot();
    await assert.rejects(
      attestBatch(network, [batchItem(network), batchItem(network, { uscc: USCC.sunlux, salt })]),
      /SALT_REUSED/,
    );
    assert.equal(network.snapshot(), before);
  });

  it('reports the first failing item when several fail', async () => {
    const network = await seededNetwork();
    await assert.rejects(
      attestBatch(network, [
        batchItem(network, { category: 'COURT_JUDGEMENTS' }),
        batchItem(network, { uscc: USCC.spare }),
      ]),
      /NOT_AUTHORIZED: department TAX may not attest COURT_JUDGEMENTS/,
    );
  });
});
