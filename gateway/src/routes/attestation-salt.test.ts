import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from '@jest/globals';
import type { AttestResponse } from '@sme-credit-ledger/contract';
import { SaltKeyRing } from '../auth/salt-key-ring';
import { ApiError } from '../errors/problem';
import { deriveSalt } from '../services/attestation-service';
import { attestation, auth, ledgerWithCatalog, appWith, SHENGHUA } from '../testing/test-app';

const record = { paidYuan: 120000, quarter: '2026Q3' };
const single = { uscc: SHENGHUA, category: 'TAX_PAYMENT', effectiveDate: '2026-01-01', record };
const clientSalt = 'c'.repeat(64);

describe('client-chosen salts', () => {
  it('refuses a salt in a single attestation with 400 VALIDATION_FAILED unless the service allows it', async () => {
    const ledger = ledgerWithCatalog();
    const app = await appWith(ledger);

    const response = await app.inject({
      method: 'POST',
      url: '/v1/attestations',
      headers: auth('tax'),
      payload: { ...single, salt: clientSalt },
    });

    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    const problem = response.json<{ code: string; field: string; detail: string }>();
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.equal(problem.field, '/salt');
    assert.ok(!problem.detail.includes(clientSalt), 'the refusal does not echo the salt');
    assert.equal(ledger.lastCall('attestation:Attest'), undefined, 'nothing reached the ledger');
  });

  it('refuses a salt on any batch item, naming the item', async () => {
    const ledger = ledgerWithCatalog();
    const app = await appWith(ledger);

    const response = await app.inject({
      method: 'POST',
      url: '/v1/attestations/batch',
      headers: auth('tax'),
      payload: { items: [single, { ...single, category: 'PATENTS', salt: clientSalt }] },
    });

    assert.equal(response.statusCode, 400);
    const problem = response.json<{ code: string; field: string }>();
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.equal(problem.field, '/items/1/salt');
    assert.equal(ledger.lastCall('attestation:AttestBatch'), undefined);
  });
});

describe('client-chosen salts when the operator allows them', () => {
  it('sends the client salt to the ledger unchanged', async () => {
    const ledger = ledgerWithCatalog();
    const ring = await SaltKeyRing.open(path.join(tempDir(), 'salt-keys.json'), { rotationMs: HOUR });
    const app = await appWith(ledger, { salts: { keys: () => ring.keys(), allowClientSalt: true } });

    const response = await app.inject({
      method: 'POST',
      url: '/v1/attestations',
      headers: auth('tax'),
      payload: { ...single, salt: clientSalt },
    });

    assert.equal(response.statusCode, 201);
    assert.equal(response.json<{ salt: string }>().salt, clientSalt);
    assert.equal(ledger.lastCall('attestation:Attest')?.transient?.salt, clientSalt);
  });
});

const HOUR = 3_600_000;
const tempDir = (): string => mkdtempSync(path.join(tmpdir(), 'salt-keys-'));

/** Like the chaincode (contracts/transaction.ts): a repeated requestId replays only with the same transient data. */
function idempotentAttestLedger() {
  const seen = new Map<string, { digest: string; response: AttestResponse }>();
  let next = 0;
  return ledgerWithCatalog().on('attestation:Attest', (request, call) => {
    const requestId = String(request.requestId);
    const digest = createHash('sha256').update(JSON.stringify(call.transient)).digest('hex');
    const previous = seen.get(requestId);
    if (previous !== undefined) {
      if (previous.digest !== digest) {
        throw new ApiError('CONFLICT', `requestId ${requestId} was already used for a different request`);
      }
      return previous.response;
    }
    const response = { attestation: attestation(SHENGHUA, 'TAX_PAYMENT', String(++next).padStart(64, '0')) };
    seen.set(requestId, { digest, response });
    return response;
  });
}

describe('salt keys', () => {
  it('gives two attestations of the same record unrelated salts', async () => {
    const app = await appWith(idempotentAttestLedger());
    const send = (key: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/attestations',
        headers: { ...auth('tax'), 'idempotency-key': key },
        payload: single,
      });

    const first = (await send('req-same-record-1')).json<{ salt: string }>().salt;
    const second = (await send('req-same-record-2')).json<{ salt: string }>().salt;

    assert.match(first, /^[0-9a-f]{64}$/);
    assert.notEqual(first, second);
  });

  it('replays a client retry made after a key rotation with the salt of its first attempt', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const ring = await SaltKeyRing.open(path.join(tempDir(), 'salt-keys.json'), {
      rotationMs: 24 * HOUR,
      now: () => now,
    });
    const ledger = idempotentAttestLedger();
    const app = await appWith(ledger, { salts: { keys: () => ring.keys(), allowClientSalt: false } });
    const send = (key: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/attestations',
        headers: { ...auth('tax'), 'idempotency-key': key },
        payload: single,
      });

    const first = (await send('req-across-rotation')).json<{ salt: string; attestation: { txId: string } }>();
    now += 25 * HOUR;
    const retry = await send('req-across-rotation');
    const fresh = (await send('req-after-rotation')).json<{ salt: string }>();

    assert.equal(retry.statusCode, 201);
    const replayed = retry.json<{ salt: string; attestation: { txId: string } }>();
    assert.equal(replayed.salt, first.salt);
    assert.equal(
      replayed.attestation.txId,
      first.attestation.txId,
      'the chaincode replayed the first result',
    );
    const [current] = await ring.keys();
    assert.equal(
      fresh.salt,
      deriveSalt(current?.key ?? Buffer.alloc(0), 'gov/tax-officer', 'req-after-rotation', 0),
    );
  });

  it('rotates to a fresh key and erases it after two periods, so the file cannot reproduce an earlier salt', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const file = path.join(tempDir(), 'salt-keys.json');
    const ring = await SaltKeyRing.open(file, { rotationMs: 24 * HOUR, now: () => now });
    const [original] = await ring.keys();
    assert.ok(original);
    const earlierSalt = deriveSalt(original.key, 'gov/tax-officer', 'req-1', 0);

    now += 24 * HOUR;
    const afterOne = await ring.keys();
    now += 24 * HOUR;
    const afterTwo = await ring.keys();

    assert.deepEqual(
      afterOne.map((k) => k.id),
      [afterOne[0]?.id, original.id],
      'the previous key is kept one period for retries',
    );
    assert.equal(afterTwo.length, 2);
    assert.ok(!afterTwo.some((k) => k.id === original.id));
    const text = readFileSync(file, 'utf8');
    assert.ok(!text.includes(original.key.toString('hex')), 'the erased key is gone from the file');
    const reopened = await SaltKeyRing.open(file, { rotationMs: 24 * HOUR, now: () => now });
    for (const { key } of await reopened.keys()) {
      assert.notEqual(deriveSalt(key, 'gov/tax-officer', 'req-1', 0), earlierSalt);
      assert.notDeepEqual(key, original.key);
    }
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('drops both keys after a long stop, keeping none older than two periods', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const file = path.join(tempDir(), 'salt-keys.json');
    const ring = await SaltKeyRing.open(file, { rotationMs: HOUR, now: () => now });
    const [original] = await ring.keys();

    now += 5 * HOUR;
    const reopened = await SaltKeyRing.open(file, { rotationMs: HOUR, now: () => now });

    const keys = await reopened.keys();
    assert.equal(keys.length, 1);
    assert.notEqual(keys[0]?.id, original?.id);
  });
});
