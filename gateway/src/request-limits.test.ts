import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appWith, auth, ledgerWithCatalog, SHENGHUA } from './testing/test-app';

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

const attestBodyWithRecordValue = (value: string): string =>
  `{"uscc":"${SHENGHUA}","category":"TAX_PAYMENT","effectiveDate":"2026-01-01","record":{"a":${value}}}`;

describe('request body depth', () => {
  it('answers 400 VALIDATION_FAILED for JSON nested deeper than 64 levels, before any ledger call', async () => {
    const ledger = ledgerWithCatalog();
    const app = await appWith(ledger);

    for (const depth of [63, 5_000, 200_000]) {
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
