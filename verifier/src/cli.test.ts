import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runVerifyLedgerCli } from './cli';

describe('audit verify-ledger', () => {
  it('exits 2 on an unknown option', async () => {
    assert.equal(await runVerifyLedgerCli(['--bogus']), 2);
  });

  it('exits 1 with a clear message when the gateway profile is missing', async () => {
    assert.equal(
      await runVerifyLedgerCli([
        '--profile',
        '/nonexistent/profile.json',
        '--checkpoint',
        '/nonexistent/cp.json',
      ]),
      1,
    );
  });
});
