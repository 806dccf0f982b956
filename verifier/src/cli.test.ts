import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runVerifyLedgerCli } from './cli';
import { VERIFIER_EXIT } from './exit-codes';

describe('verify-ledger', () => {
  it('exits 2 on an unknown option', async () => {
    assert.equal(await runVerifyLedgerCli(['--bogus']), VERIFIER_EXIT.usage);
  });

  it('prints its usage and exits 0 with --help, reaching no peer', async () => {
    assert.equal(
      await runVerifyLedgerCli(['--help', '--profile', '/nonexistent/profile.json']),
      VERIFIER_EXIT.ok,
    );
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
