import { TokenStore } from '@sme-credit-ledger/gateway/token-store';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { renewScrapeToken } from './scrape-token';

describe('Prometheus scrape tokens', () => {
  it('revokes the token the previous monitoring:up wrote when it writes a new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrape-token-'));
    const store = await TokenStore.open(join(dir, 'tokens.json'), { org: 'bank1' });
    const file = join(dir, 'prometheus', 'bank1');

    await renewScrapeToken(store, file);
    const first = readFileSync(file, 'utf8');
    assert.equal((await store.check(first)).status, 'valid');
    assert.equal(statSync(file).mode & 0o077, 0, 'owner-only');

    await renewScrapeToken(store, file);
    const second = readFileSync(file, 'utf8');
    assert.notEqual(second, first);
    assert.equal((await store.check(first)).status, 'unknown', 'the old scrape token no longer works');
    const check = await store.check(second);
    assert.equal(check.status, 'valid');
    assert.equal(
      check.status === 'valid' && check.operator,
      true,
      'an operator token: metrics, no ledger data',
    );
  });
});
