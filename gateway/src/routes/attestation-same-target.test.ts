import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from '../errors/problem';
import type { FakeHandler } from '../testing/fake-ledger';
import { attestation, auth, ledgerWithCatalog, appWith, SHENGHUA, SUNLUX } from '../testing/test-app';

const record = { paidYuan: 120000, quarter: '2026Q3' };

/**
 * Attest as the chaincode meets it under Fabric's MVCC check: the version read at endorsement must still be
 * current at commit, else the transaction is invalidated (here: answered as TRANSACTION_INVALID at once,
 * as the service does once its retries run out). Endorse and commit are apart in time, as on a peer.
 */
function versionedAttest(): { handler: FakeHandler; inFlight: () => number; most: () => number } {
  const versions = new Map<string, number>();
  let inFlight = 0;
  let most = 0;
  const handler: FakeHandler = async (request) => {
    const key = `${String(request.uscc)}\n${String(request.category)}`;
    const read = versions.get(key) ?? 0;
    inFlight++;
    most = Math.max(most, inFlight);
    await sleep(5);
    inFlight--;
    if ((versions.get(key) ?? 0) !== read) {
      throw new ApiError('TRANSACTION_INVALID', 'transaction committed as MVCC_READ_CONFLICT');
    }
    versions.set(key, read + 1);
    return {
      attestation: { ...attestation(String(request.uscc), String(request.category)), version: read + 1 },
    };
  };
  return { handler, inFlight: () => inFlight, most: () => most };
}

describe('attestations of one company and category at once', () => {
  it('records each of 8 concurrent requests as its own version, none refused', async () => {
    const ledger = ledgerWithCatalog();
    const fake = versionedAttest();
    ledger.on('attestation:Attest', fake.handler as never);
    const app = await appWith(ledger);

    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        app.inject({
          method: 'POST',
          url: '/v1/attestations',
          headers: { ...auth('tax'), 'idempotency-key': `same-target-${n}` },
          payload: { uscc: SHENGHUA, category: 'TAX_PAYMENT', effectiveDate: '2026-01-01', record },
        }),
      ),
    );

    assert.deepEqual(
      responses.map((response) => response.statusCode),
      Array.from({ length: 8 }, () => 201),
    );
    const versions = responses.map(
      (response) => response.json<{ attestation: { version: number } }>().attestation.version,
    );
    assert.deepEqual(
      [...versions].sort((a, b) => a - b),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    assert.equal(fake.most(), 1, 'never two endorsements of the same key in flight');
  });

  it('still attests the same category of different companies in parallel', async () => {
    const ledger = ledgerWithCatalog();
    const fake = versionedAttest();
    ledger.on('attestation:Attest', fake.handler as never);
    const app = await appWith(ledger);

    const responses = await Promise.all(
      [SHENGHUA, SUNLUX].map((uscc, n) =>
        app.inject({
          method: 'POST',
          url: '/v1/attestations',
          headers: { ...auth('tax'), 'idempotency-key': `company-key-${n}` },
          payload: { uscc, category: 'TAX_PAYMENT', effectiveDate: '2026-01-01', record },
        }),
      ),
    );

    assert.deepEqual(
      responses.map((response) => response.statusCode),
      [201, 201],
    );
    assert.equal(fake.most(), 2);
  });
});
