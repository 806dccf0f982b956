import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { LIMITS } from '@sme-credit-ledger/contract';
import { BATCH_BODY_LIMIT } from './routes/body-limits';
import { appWith, auth, ledgerWithCatalog, SHENGHUA } from './testing/test-app';

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

const attestBodyWithRecordValue = (value: string): string =>
  `{"uscc":"${SHENGHUA}","category":"TAX_PAYMENT","effectiveDate":"2026-01-01","record":{"a":${value}}}`;

describe('request body depth', () => {
  it('answers 400 VALIDATION_FAILED for JSON nested deeper than 64 levels, before any ledger call', async () => {
    const ledger = ledgerWithCatalog();
    const app = await appWith(ledger);

    for (const depth of [63, 5_000, 30_000]) {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/attestations',
        headers: { ...auth('tax'), 'content-type': 'application/json' },
        payload: attestBodyWithRecordValue(nested(depth)),
      });

      assert.equal(response.statusCode, 400, `depth ${depth}`);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(response.json<{ code: string }>().code, 'VALIDATION_FAILED');
    }
    assert.equal(ledger.lastCall('attestation:Attest'), undefined);
  });

  it('accepts a body exactly 64 levels deep', async () => {
    const app = await appWith(ledgerWithCatalog());

    // The body object and the record are levels 1 and 2, so the record's value may nest 62 more.
    const response = await app.inject({
      method: 'POST',
      url: '/v1/attestations',
      headers: { ...auth('tax'), 'content-type': 'application/json' },
      payload: attestBodyWithRecordValue(nested(62)),
    });

    assert.equal(response.statusCode, 201, response.body);
  });
});

describe('batch body limit', () => {
  const itemEnvelope = { uscc: SHENGHUA, category: 'TAX_PAYMENT', effectiveDate: '2026-01-01' };
  /** A record whose canonical JSON is exactly `bytes` long. */
  const recordOf = (bytes: number) => ({ pad: 'x'.repeat(bytes - '{"pad":""}'.length) });

  it('accepts the largest batch the chaincode accepts and refuses a bigger body with LIMIT_EXCEEDED', async () => {
    const ledger = ledgerWithCatalog();
    const app = await appWith(ledger);
    const items = Array.from({ length: LIMITS.maxBatchItems }, () => ({
      ...itemEnvelope,
      record: recordOf(LIMITS.maxRecordBytes),
    }));
    const largest = JSON.stringify({ items, algorithm: 'sha256' });

    const accepted = await app.inject({
      method: 'POST',
      url: '/v1/attestations/batch',
      headers: { ...auth('tax'), 'content-type': 'application/json' },
      payload: largest,
    });
    const oversized = await app.inject({
      method: 'POST',
      url: '/v1/attestations/batch',
      headers: { ...auth('tax'), 'content-type': 'application/json' },
      payload: largest.replace('"sha256"', `"sha256"${' '.repeat(BATCH_BODY_LIMIT - largest.length + 1)}`),
    });

    assert.notEqual(accepted.statusCode, 400, accepted.body.slice(0, 300));
    const sent = JSON.parse(
      ledger.lastCall('attestation:AttestBatch')?.transient?.batch ?? '[]',
    ) as unknown[];
    assert.equal(sent.length, LIMITS.maxBatchItems, 'the largest batch reaches the ledger');
    assert.equal(oversized.statusCode, 400);
    assert.equal(oversized.json<{ code: string }>().code, 'LIMIT_EXCEEDED');
    assert.ok(BATCH_BODY_LIMIT < 1.1 * largest.length, `${BATCH_BODY_LIMIT} is close to ${largest.length}`);
  });
});
