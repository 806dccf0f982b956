import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { LIMITS, parseErrorCode } from '@sme-credit-ledger/contract';
import { IDS, seededNetwork, USCC } from '../testing/fake-network';

const nested = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const nestedArray = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const attestation = {
  requestId: 'deep-json-1',
  uscc: USCC.shenghua,
  category: 'TAX_PAYMENT',
  schemaVersion: 1,
  effectiveDate: '2026-10-01',
};

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  return assert.fail('expected a refusal');
}

describe('deeply nested JSON input', () => {
  it('refuses a transient record nested past the limit with VALIDATION_FAILED and writes nothing', async () => {
    const network = await seededNetwork();
    const before = network.snapshot();
    const message = await refusal(() =>
      network.submit(IDS.tax, 'attestation:Attest', attestation, {
        record: nested(20_000),
        salt: network.salt(),
      }),
    );
    assert.equal(parseErrorCode(message), 'VALIDATION_FAILED', message);
    assert.match(message, new RegExp(`nested deeper than ${LIMITS.maxJsonDepth}`));
    assert.equal(network.snapshot(), before);
  });

  it('refuses a request and a batch nested past the limit', async () => {
    const network = await seededNetwork();
    const deepRequest = JSON.parse(JSON.stringify({ ...attestation })) as Record<string, unknown>;
    let inner: Record<string, unknown> = deepRequest;
    for (let level = 0; level < LIMITS.maxJsonDepth + 1; level += 1) {
      inner.x = {};
      inner = inner.x as Record<string, unknown>;
    }
    const request = await refusal(() =>
      network.submit(IDS.tax, 'attestation:Attest', deepRequest, { record: '{}', salt: network.salt() }),
    );
    assert.equal(parseErrorCode(request), 'VALIDATION_FAILED', request);
    const batch = await refusal(() =>
      network.submit(
        IDS.tax,
        'attestation:AttestBatch',
        { requestId: 'deep-batch-1' },
        { batch: nestedArray(30_000) },
      ),
    );
    assert.equal(parseErrorCode(batch), 'VALIDATION_FAILED', batch);
  });

  it(`accepts a record nested exactly ${LIMITS.maxJsonDepth} deep`, async () => {
    const network = await seededNetwork();
    const response = await network.submit<{ attestation: { version: number } }>(
      IDS.tax,
      'attestation:Attest',
      attestation,
      {
        record: nested(LIMITS.maxJsonDepth),
        salt: network.salt(),
      },
    );
    assert.equal(response.attestation.version, 1);
  });
});
