import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from '@jest/globals';
import { ApiError } from '../errors/problem';
import { TokenStore } from './token-store';

async function tempStorePath(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tokens-'));
  return path.join(dir, 'gateway', 'tokens.json');
}

describe('TokenStore', () => {
  it("of one organization's service issues tokens only for that organization's identities", async () => {
    const store = await TokenStore.open(await tempStorePath(), { org: 'bank1' });

    await assert.rejects(store.issue('gov/test-company'), (error: ApiError) => {
      assert.equal(error.toProblem().status, 403);
      assert.equal(error.code, 'FORBIDDEN');
      assert.match(error.detail, /bank1's gateway service issues tokens only for bank1 identities/);
      return true;
    });
    await assert.rejects(store.issue('bank2/officer'), ApiError);
    assert.equal(store.list().length, 0);
    assert.equal(store.verify(await store.issue('bank1/officer')), 'bank1/officer');
  });

  it('refuses, as foreign, records of another organization found in its file', async () => {
    const file = await tempStorePath();
    const unscoped = await TokenStore.open(file);
    const company = await unscoped.issue('gov/test-company');
    const govOperator = await (await TokenStore.open(file, { org: 'gov' })).issueOperator();
    const store = await TokenStore.open(file, { org: 'bank1' });

    const checks = [await store.check(company), await store.check(govOperator)];

    assert.deepEqual(
      checks.map((check) => (check.status === 'foreign' ? check.org : check.status)),
      ['gov', 'gov'],
    );
    assert.equal(store.verify(company), undefined);
    const own = await store.check(await store.issueOperator());
    assert.equal(own.status === 'valid' && own.operator, true);
  });

  it('verifies an issued token and binds it to its identity', async () => {
    const store = await TokenStore.open(await tempStorePath());

    const token = await store.issue('bank1/officer');

    assert.equal(store.verify(token), 'bank1/officer');
  });

  it('stores only a hash of the token, owner-only', async () => {
    const file = await tempStorePath();
    const store = await TokenStore.open(file);

    const token = await store.issue('gov/tax-officer', 'ops');

    const text = await readFile(file, 'utf8');
    // The secret is the fixed-length tail: base64url may itself contain '_'.
    const secret = token.slice(-43);
    assert.equal(secret.length, 43);
    assert.ok(!text.includes(secret));
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await stat(path.dirname(file))).mode & 0o777, 0o700);
  });

  it('refuses unknown, tampered and malformed tokens', async () => {
    const store = await TokenStore.open(await tempStorePath());
    const token = await store.issue('auditor/auditor');
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;

    assert.equal(store.verify(tampered), undefined);
    assert.equal(store.verify('scl_000000000000_' + 'a'.repeat(43)), undefined);
    assert.equal(store.verify('not-a-token'), undefined);
  });

  it('revokes one token and keeps the other tokens of its identity', async () => {
    const store = await TokenStore.open(await tempStorePath());
    const first = await store.issue('bank2/officer');
    const second = await store.issue('bank2/officer');

    assert.equal(await store.revoke(first), true);

    assert.equal(store.verify(first), undefined);
    assert.equal(store.verify(second), 'bank2/officer');
    assert.equal(await store.revoke(first), false);
  });

  it('sees tokens issued by another process after reload and forgets revoked ones', async () => {
    const file = await tempStorePath();
    const service = await TokenStore.open(file);
    const cli = await TokenStore.open(file);

    const token = await cli.issue('gov/shenghua');
    await service.reload();
    assert.equal(service.verify(token), 'gov/shenghua');

    assert.equal(await cli.revokeIdentity('gov/shenghua'), 1);
    await service.reload();
    assert.equal(service.verify(token), undefined);
  });

  it('expires a token after its lifetime and refuses a lifetime beyond the maximum', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const store = await TokenStore.open(await tempStorePath(), {
      lifetimes: { defaultSeconds: 60, maxSeconds: 3600 },
      now: () => now,
    });
    const byDefault = await store.issue('bank1/officer');
    const longer = await store.issue('bank1/officer', undefined, 3600);

    await assert.rejects(store.issue('bank1/officer', undefined, 3601), RangeError);
    await assert.rejects(store.issue('bank1/officer', undefined, 0), RangeError);
    now += 60_000;

    assert.equal((await store.check(byDefault)).status, 'expired');
    assert.equal((await store.check(longer)).status, 'valid');
    assert.equal(store.verify(byDefault), undefined);
  });

  it('caps tokens already issued when the maximum lifetime is lowered', async () => {
    const file = await tempStorePath();
    const now = Date.parse('2026-12-01T00:00:00Z');
    const token = await (await TokenStore.open(file, { now: () => now })).issue('bank1/officer');
    const stricter = await TokenStore.open(file, {
      lifetimes: { defaultSeconds: 60, maxSeconds: 3600 },
      now: () => now + 3600_000,
    });

    assert.equal((await stricter.check(token)).status, 'expired');
  });
});
