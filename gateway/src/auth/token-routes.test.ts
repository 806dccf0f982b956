import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from '@jest/globals';
import { ledgerWithCatalog, appWith } from '../testing/test-app';
import { TokenStore } from './token-store';

async function tokensFile(): Promise<string> {
  return path.join(await mkdtemp(path.join(os.tmpdir(), 'token-routes-')), 'gateway', 'tokens.json');
}

const me = (token: string) => ({
  method: 'GET' as const,
  url: '/v1/me',
  headers: { authorization: `Bearer ${token}` },
});

describe('bearer tokens through the service', () => {
  it('refuses a token on the next request once another process revoked it', async () => {
    const file = await tokensFile();
    const service = await TokenStore.open(file);
    const cli = await TokenStore.open(file);
    const token = await cli.issue('bank1/officer');
    const app = await appWith(ledgerWithCatalog(), { tokens: service });
    assert.equal((await app.inject(me(token))).statusCode, 200);

    assert.equal(await cli.revoke(token), true);
    const response = await app.inject(me(token));

    assert.equal(response.statusCode, 401);
    assert.equal(response.json<{ code: string }>().code, 'UNAUTHENTICATED');
  });

  it('answers 401 problem JSON for an expired token', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const store = await TokenStore.open(await tokensFile(), { now: () => now });
    const token = await store.issue('bank1/officer', 'short', 3600);
    const app = await appWith(ledgerWithCatalog(), { tokens: store });
    assert.equal((await app.inject(me(token))).statusCode, 200);

    now += 3600 * 1000;
    const response = await app.inject(me(token));

    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    const problem = response.json<{ code: string; detail: string }>();
    assert.equal(problem.code, 'UNAUTHENTICATED');
    assert.match(problem.detail, /expired at 2026-12-01T01:00:00.000Z/);
  });

  it('lets an operator token revoke one token and every token of an identity, effective at once', async () => {
    const store = await TokenStore.open(await tokensFile());
    const operator = await store.issueOperator('ops');
    const first = await store.issue('bank2/officer');
    const second = await store.issue('bank2/officer');
    const other = await store.issue('bank1/officer');
    const app = await appWith(ledgerWithCatalog(), { tokens: store });
    const asOperator = { authorization: `Bearer ${operator}` };
    const firstId = /^scl_([0-9a-f]{12})_/.exec(first)?.[1] ?? '';

    const one = await app.inject({
      method: 'DELETE',
      url: `/v1/admin/tokens/${firstId}`,
      headers: asOperator,
    });
    assert.equal(one.statusCode, 200, one.body);
    assert.equal((await app.inject(me(first))).statusCode, 401);
    assert.equal((await app.inject(me(second))).statusCode, 200);

    const all = await app.inject({
      method: 'DELETE',
      url: '/v1/admin/tokens?identity=bank2/officer',
      headers: asOperator,
    });
    const again = await app.inject({
      method: 'DELETE',
      url: `/v1/admin/tokens/${firstId}`,
      headers: asOperator,
    });

    assert.deepEqual(all.json(), { revoked: 1 });
    assert.equal((await app.inject(me(second))).statusCode, 401);
    assert.equal((await app.inject(me(other))).statusCode, 200);
    assert.equal(again.statusCode, 404);
  });

  it('refuses the admin endpoints to identity tokens of every role, and ledger routes to operator tokens', async () => {
    const store = await TokenStore.open(await tokensFile());
    const operator = await store.issueOperator();
    const victim = await store.issue('bank2/officer');
    const victimId = /^scl_([0-9a-f]{12})_/.exec(victim)?.[1] ?? '';
    const app = await appWith(ledgerWithCatalog(), { tokens: store });

    for (const identity of ['auditor/auditor', 'bank1/officer', 'gov/tax-officer', 'gov/shenghua']) {
      const token = await store.issue(identity);
      const response = await app.inject({
        method: 'DELETE',
        url: `/v1/admin/tokens/${victimId}`,
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(response.statusCode, 403, identity);
      assert.equal(response.json<{ code: string }>().code, 'FORBIDDEN');
    }
    const anonymous = await app.inject({ method: 'DELETE', url: `/v1/admin/tokens/${victimId}` });
    const operatorOnLedger = await app.inject(me(operator));

    assert.equal(anonymous.statusCode, 401);
    assert.equal((await app.inject(me(victim))).statusCode, 200, 'the victim token still works');
    assert.equal(operatorOnLedger.statusCode, 403);
  });
});
